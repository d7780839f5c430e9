"""The one message table of the reports: every sentence, heading and rule name, in English
and Portuguese.

Values are LaTeX-and-Markdown-safe text: mathematics goes between ``$...$`` (GitHub renders
it), and nothing else that TeX treats specially appears. ``{name}`` fields are filled with
mathematics or numbers by the report builder. A value may be a mapping ``{"neurons": ...,
"layers": ...}`` when the two notations need different words (handout 004 speaks of
thresholds and signals, handout 000 of biases and activations).
"""

from __future__ import annotations

from typing import Mapping

from .rules import (CANONICAL, CHAIN, DE_DP, DEF_E, DEF_J, DEF_S, DEF_YHAT, DELTA_DEF, DELTA_GRADIENT,
                     DELTA_RECURSION, ONLY_TERM, SUBSTITUTE, SUM_RULE)
from .errors import SymbackError

LANGUAGES = ("en", "pt")

# Rule names of the derivation (py's keys) and of the report's own steps.
RULES = {
    "en": {
        DEF_J: "definition of the objective",
        SUM_RULE: "derivative of a sum",
        CHAIN: "chain rule",
        DEF_YHAT: "definition of the prediction",
        DEF_S: {"neurons": "definition of the output signal", "layers": "definition of the activation"},
        DEF_E: {"neurons": "definition of the input signal", "layers": "definition of the pre-activation"},
        ONLY_TERM: "only one term depends on the parameter",
        DE_DP: {"neurons": "derivative of the input signal", "layers": "derivative of the pre-activation"},
        SUBSTITUTE: "derivative of the prediction found above",
        DELTA_DEF: "chain rule and derivative of the loss",
        CANONICAL: "simplification for this output and loss",
        DELTA_RECURSION: "chain rule through the next layer",
        DELTA_GRADIENT: "definition of the error term",
        "error-term": "definition of the error term",
        "update": "gradient descent with the derivative above",
        "factor-out": "factors that do not depend on i",
        "signal": "the prediction is the output of the last layer",
        "nested": "every signal replaced by its definition",
    },
    "pt": {
        DEF_J: "definição da função objetivo",
        SUM_RULE: "derivada de uma soma",
        CHAIN: "regra da cadeia",
        DEF_YHAT: "definição da predição",
        DEF_S: {"neurons": "definição do sinal de saída", "layers": "definição da ativação"},
        DEF_E: {"neurons": "definição do sinal de entrada", "layers": "definição da pré-ativação"},
        ONLY_TERM: "só um termo depende do parâmetro",
        DE_DP: {"neurons": "derivada do sinal de entrada", "layers": "derivada da pré-ativação"},
        SUBSTITUTE: "derivada da predição obtida acima",
        DELTA_DEF: "regra da cadeia e derivada da perda",
        CANONICAL: "simplificação para esta saída e esta perda",
        DELTA_RECURSION: "regra da cadeia pela camada seguinte",
        DELTA_GRADIENT: "definição do termo de erro",
        "error-term": "definição do termo de erro",
        "update": "gradiente descendente com a derivada acima",
        "factor-out": "fatores que não dependem de i",
        "signal": "a predição é a saída da última camada",
        "nested": "cada sinal substituído por sua definição",
    },
}

EN = {
    "title": "Backpropagation step by step: the {shorthand} network",
    "author": "Derived and checked by symback",
    "intro": ("This document derives, for the network of Figure~\\ref{{fig:network}}, the derivative of the "
              "objective with respect to every weight and {threshold} by the chain rule, one step at a time "
              "and with the rule of each step named, in the way handout 004 does; it goes on to the weights "
              "into the first hidden layer, which the handout leaves undone, and writes the same results "
              "in the matrix form of handout 000. Every equality shown was checked by symback before this "
              "document was written (Section~\\ref{{sec:checked}})."),
    "threshold": {"neurons": "threshold", "layers": "bias"},
    "thresholds": {"neurons": "thresholds", "layers": "biases"},
    # -- the network
    "sec_network": "The network",
    "network_text": ("Consider a training base of $n$ observations: the covariates {inputs} and the "
                     "target {targets}, $i = 1, \\ldots, n$. The network has {depth} layers with "
                     "parameters; Table~\\ref{{tab:layers}} lists them."),
    "network_neurons": ("The neurons are numbered consecutively from the inputs to the output{output_name}. "
                        "Neuron $j$ adds its threshold ${theta}$ to the weighted outputs of the previous "
                        "layer, ${weight}$ being the weight of the connection from neuron $k$ into neuron $j$."),
    "network_layers": ("Layer $l$ holds the weight matrix $W^{{(l)}}$ and the bias vector $b^{{(l)}}$; "
                       "neuron $j$ of a layer is numbered within its layer, ${weight}$ being the weight from "
                       "neuron $k$ of layer $l-1$ into neuron $j$ of layer $l$."),
    "output_name": ", which is called $F$ when it is the only one",
    "figure_caption": "The {shorthand} network. {detail}",
    "figure_detail": {"neurons": "Each circle shows the neuron's number and its threshold; the first edge "
                                 "of each layer is named, the others follow the same pattern.",
                      "layers": "Each circle shows the neuron's position in its layer and its bias; the "
                                "first edge of each layer is named, the others follow the same pattern."},
    "figure_ellipsis": " Layers with more than {limit} neurons are drawn with an ellipsis.",
    "table_caption": "Layers of the network.",
    "col_layer": "layer", "col_neurons": "neurons", "col_activation": "activation",
    "layer_input": "input", "layer_hidden": "hidden {l}", "layer_output": "output",
    "column_input": "inputs", "column_hidden": "hidden layer {l}", "column_output": "output",
    "loss_text": "The objective is the {loss} (handout {source}).",
    # -- forward
    "sec_forward": "Forward pass",
    "forward_text": {"neurons": ("For each observation $i$, every neuron $j$ receives the input signal "
                                 "$e_{{i,j}}$ and emits the output signal $s_{{i,j}}$; an input neuron emits "
                                 "its covariate. Layer by layer, from left to right:"),
                     "layers": ("For each observation $i$, neuron $j$ of layer $l$ computes the "
                                "pre-activation $z^{{l}}_{{i,j}}$ and the activation $a^{{l}}_{{i,j}}$; "
                                "the activations of layer 0 are the inputs. Layer by layer:")},
    "forward_layer": "Layer {layer}{where}:",
    "nested_text": ("Replacing every signal by its definition writes the prediction as one nested "
                    "expression of the inputs and the parameters (equation 12 of handout 000 for this "
                    "network):"),
    # -- objective
    "sec_objective": "Objective and gradient descent",
    "objective_text": "The parameters are chosen to minimise the objective, the {loss}:",
    "descent_text": {"neurons": ("Gradient descent starts from values $(\\hat{{\\mathbf{{w}}}}^0, "
                                 "\\hat{{\\boldsymbol{{\\Theta}}}}^0)$ and moves every parameter against the "
                                 "derivative of $J$ at those values, with learning rate $\\delta$ (here "
                                 "$\\delta$ is the step size, not an error term):"),
                     "layers": ("Gradient descent moves every parameter against the derivative of $C$ "
                                "at the current values, with learning rate $\\alpha$ (equations 13 and 14 "
                                "of handout 000):")},
    "descent_after": {"neurons": ("Only the value of the derivative at the current point is needed. The "
                                  "signals $e^0_{{i,j}}$ and $s^0_{{i,j}}$ computed by the forward pass with "
                                  "the current values are known numbers, and the chain rule writes the "
                                  "derivative with them."),
                      "layers": ("Only the value of the derivative at the current point is needed; the "
                                 "pre-activations and activations computed by the forward pass are known "
                                 "numbers, and the chain rule writes the derivative with them.")},
    # -- derivation
    "sec_derivation": "Derivation, parameter by parameter",
    "derivation_text": ("The parameters are taken in the order of handout 004: from the output back to "
                        "the first hidden layer. Each group is derived once, with free indices standing "
                        "for every neuron of a layer. The last group, the weights into the first hidden "
                        "layer, is the one the handout leaves undone."),
    "group_threshold_output": {"neurons": "Threshold of the output neuron", "layers": "Biases of the output layer"},
    "group_thresholds_output": {"neurons": "Thresholds of the output neurons", "layers": "Biases of the output layer"},
    "group_weight_output": {"neurons": "Weights into the output neuron", "layers": "Weights into the output layer"},
    "group_weights_output": {"neurons": "Weights into the output neurons", "layers": "Weights into the output layer"},
    "group_threshold_hidden": {"neurons": "Thresholds of hidden layer {l}", "layers": "Biases of hidden layer {l}"},
    "group_weight_hidden": "Weights into hidden layer {l}",
    "last_hidden": " (the last hidden layer)",
    "first_hidden": " (the first hidden layer)",
    "group_intro": "Let $p = {parameter}${where}.",
    "prediction_text": {"neurons": "Derivative of the prediction $f_i$ of the network:",
                        "layers": "Derivative of the output $o_i$ of the network:"},
    "objective_chain_text": "Derivative of the objective:",
    "update_text": "Update rule:",
    "delta_text": "The same derivative through the error terms of Section~\\ref{{sec:errors}}:",
    "where": ", for {ranges}",
    "where_sentence": "For {ranges}.",
    "and": " and ",
    # -- error terms
    "sec_errors": "Error terms",
    "errors_text": {"neurons": ("The error term $\\varepsilon_{{i,j}}$ of neuron $j$ for observation $i$ is "
                                "the derivative of that observation's term $J_i$ of the objective with "
                                "respect to the input signal $e_{{i,j}}$ (the letter $\\delta$ is the "
                                "learning rate in this notation). It is computed from the output back to "
                                "the first hidden layer:"),
                    "layers": ("The error $\\delta^{{l}}_{{i,j}}$ of neuron $j$ of layer $l$ for observation "
                               "$i$ is the derivative of that observation's term $C_i$ of the cost with "
                               "respect to the pre-activation $z^{{l}}_{{i,j}}$. It is computed from the "
                               "output back to the first hidden layer:")},
    "errors_layer": "Layer {layer}{where}:",
    # -- matrix
    "sec_matrix": "Matrix form",
    "matrix_text": {"neurons": ("Collect the symbols of each layer $l$ into vectors and matrices: "
                                "$\\mathbf{{W}}^{{(l)}}$ holds the weights into layer $l$, "
                                "$\\boldsymbol{{\\Theta}}^{{(l)}}$ its thresholds, and $\\mathbf{{e}}^{{l}}_i$, "
                                "$\\mathbf{{s}}^{{l}}_i$ and $\\boldsymbol{{\\varepsilon}}^{{l}}_i$ the input "
                                "signals, output signals and error terms of observation $i$; "
                                "$\\mathbf{{x}}_i$ is the vector of covariates. The equations below "
                                "are equations 15 to 21 of handout 000 for this network; each holds entry "
                                "by entry, and its entries are the scalar equations of the previous "
                                "sections."),
                    "layers": ("The vectors $z^{{l}}_i$, $a^{{l}}_i$ and $\\delta^{{l}}_i$ collect the "
                               "pre-activations, activations and errors of layer $l$ for observation $i$, "
                               "and $x_i$ is the vector of inputs. The equations below are equations "
                               "15 to 21 of handout 000 for this network; each holds entry by entry, and "
                               "its entries are the scalar equations of the previous sections.")},
    "layout_in_out": ("Layout: the weight matrix of layer $l$ has one row per neuron of layer $l-1$ and "
                      "one column per neuron of layer $l$, so that ${matrix} \\in \\mathbb{{R}}^{{n_{{l-1}} "
                      "\\times n_l}}$ and the forward pass multiplies by its transpose, as in equation 1 "
                      "of handout 000. This layout is used throughout this document."),
    "layout_out_in": ("Layout: the weight matrix of layer $l$ has one row per neuron of layer $l$ and one "
                      "column per neuron of layer $l-1$, so that ${matrix} \\in \\mathbb{{R}}^{{n_l \\times "
                      "n_{{l-1}}}}$ and the forward pass multiplies by it directly, as in the footnote to "
                      "equation 17 of handout 000. This layout is used throughout this document."),
    "shapes_caption": "Shapes of the vectors and matrices of each layer.",
    "col_matrix": "weights", "col_vectors": "vectors",
    "matrix_forward": "Forward pass (equations 1 to 3), for every layer $l$:",
    "matrix_nested": "The nested prediction (equation 12):",
    "matrix_output_error": "Error of the output layer (equations 15 and 16):",
    "matrix_recursion": "Errors of the hidden layers (equation 17):",
    "matrix_weights": "Derivatives with respect to the weights (equations 18 and 19):",
    "matrix_biases": "Derivatives with respect to the {thresholds} (equations 20 and 21):",
    "matrix_update": "Update (equations 13 and 14):",
    "hadamard": "Here $\\odot$ is the entrywise product.",
    # -- algorithm
    "sec_algorithm": "The backpropagation algorithm",
    "algorithm": {
        "neurons": [
            ("Initialisation: choose the initial weights and thresholds "
             "$(\\hat{{\\mathbf{{w}}}}^0, \\hat{{\\boldsymbol{{\\Theta}}}}^0)$ at random, from a uniform "
             "distribution with mean zero."),
            ("Forward pass: for every observation $i$, compute the input and output signals "
             "$e^0_{{i,j}}$ and $s^0_{{i,j}}$ of every neuron, from the leftmost layer to the output; the "
             "last of them is the prediction $\\hat{{y}}^0_i$."),
            ("Backward pass: compute the error terms from the output back to the first hidden layer and "
             "update every weight and threshold with the rules of Section~\\ref{{sec:derivation}}, from "
             "the rightmost parameters to the leftmost, always with the current values."),
            ("Repeat steps 2 and 3, the new values becoming the current ones, until a maximum number of "
             "iterations is reached or the objective stops changing from one iteration to the next."),
        ],
        "layers": [
            ("Initialisation: choose the initial weights $W^{{(l)}}$ and biases $b^{{(l)}}$ at random, "
             "from a uniform distribution with mean zero."),
            ("Forward pass: for every observation $i$, compute $z^{{l}}_i$ and $a^{{l}}_i$ for "
             "$l = 1, \\ldots, L$; the activation of the last layer is the prediction."),
            ("Backward pass: compute the errors $\\delta^{{L}}_i$, then $\\delta^{{l}}_i$ from $l = L-1$ "
             "down to 1, and update every $W^{{(l)}}$ and $b^{{(l)}}$ with the rules of "
             "Section~\\ref{{sec:derivation}}, all with the current values."),
            ("Repeat steps 2 and 3, the new values becoming the current ones, until a maximum number of "
             "iterations is reached or the cost stops changing from one iteration to the next."),
        ],
    },
    # -- checking
    "sec_checked": "How this document was checked",
    "checked_symbolic": ("Each of the {count} equalities in this document was verified symbolically, for "
                         "every value of its free indices ({checks} checks): SymPy replaced every signal "
                         "by its expression in the inputs and the parameters, and the difference of the "
                         "two sides simplified to zero."),
    "checked_numeric": ("Each of the {count} equalities in this document was verified numerically, on a "
                        "sample of the values of its free indices (every index at the first neuron of its "
                        "layer, then every index at the last; {checks} checks): both sides were evaluated "
                        "with {digits}-digit arithmetic at {points} random points, derivatives by the "
                        "complex step. The network has {parameters} parameters, more than the {limit} up to which "
                        "symback verifies symbolically."),
    "figure_name": "Figure", "table_name": "Table",
    "markdown_figure": "Figure 1: ",
    "markdown_caption": "The {shorthand} network, each neuron labelled with its {numbering}.",
    "numbering": {"neurons": "number", "layers": "position in its layer"},
}

PT = {
    "title": "Retropropagação passo a passo: a rede {shorthand}",
    "author": "Derivado e verificado pelo symback",
    "intro": ("Este documento deriva, para a rede da Figura~\\ref{{fig:network}}, a derivada da função "
              "objetivo em relação a cada peso sináptico e {threshold} pela regra da cadeia, um passo de "
              "cada vez e com a regra de cada passo indicada, como faz a apostila 004; continua até os "
              "pesos que entram na primeira camada oculta, que a apostila deixa por fazer, e escreve os "
              "mesmos resultados na forma matricial da apostila 000. Cada igualdade mostrada foi verificada "
              "pelo symback antes de este documento ser escrito (Seção~\\ref{{sec:checked}})."),
    "threshold": {"neurons": "limiar", "layers": "viés"},
    "thresholds": {"neurons": "limiares", "layers": "vieses"},
    "sec_network": "A rede",
    "network_text": ("Considere uma base de treino com $n$ observações: as covariáveis {inputs} e a "
                     "resposta {targets}, $i = 1, \\ldots, n$. A rede tem {depth} camadas com parâmetros, "
                     "listadas na Tabela~\\ref{{tab:layers}}."),
    "network_neurons": ("Os neurônios são numerados consecutivamente das entradas até a saída{output_name}. "
                        "O neurônio $j$ soma seu limiar ${theta}$ às saídas ponderadas da camada anterior, "
                        "sendo ${weight}$ o peso sináptico da conexão do neurônio $k$ para o neurônio $j$."),
    "network_layers": ("A camada $l$ tem a matriz de pesos $W^{{(l)}}$ e o vetor de vieses $b^{{(l)}}$; "
                       "os neurônios são numerados dentro de cada camada, sendo ${weight}$ o peso do "
                       "neurônio $k$ da camada $l-1$ para o neurônio $j$ da camada $l$."),
    "output_name": ", chamada $F$ quando é a única",
    "figure_caption": "A rede {shorthand}. {detail}",
    "figure_detail": {"neurons": "Cada círculo mostra o número do neurônio e seu limiar; a primeira aresta "
                                 "de cada camada tem o nome do peso, as demais seguem o mesmo padrão.",
                      "layers": "Cada círculo mostra a posição do neurônio na camada e seu viés; a primeira "
                                "aresta de cada camada tem o nome do peso, as demais seguem o mesmo padrão."},
    "figure_ellipsis": " Camadas com mais de {limit} neurônios são desenhadas com reticências.",
    "table_caption": "Camadas da rede.",
    "col_layer": "camada", "col_neurons": "neurônios", "col_activation": "ativação",
    "layer_input": "entrada", "layer_hidden": "oculta {l}", "layer_output": "saída",
    "column_input": "entradas", "column_hidden": "camada oculta {l}", "column_output": "saída",
    "loss_text": "A função objetivo é a {loss} (apostila {source}).",
    "sec_forward": "Propagação para frente",
    "forward_text": {"neurons": ("Para cada observação $i$, cada neurônio $j$ recebe o sinal de entrada "
                                 "$e_{{i,j}}$ e emite o sinal de saída $s_{{i,j}}$; um neurônio de entrada "
                                 "emite sua covariável. Camada a camada, da esquerda para a direita:"),
                     "layers": ("Para cada observação $i$, o neurônio $j$ da camada $l$ calcula a "
                                "pré-ativação $z^{{l}}_{{i,j}}$ e a ativação $a^{{l}}_{{i,j}}$; as ativações "
                                "da camada 0 são as entradas. Camada a camada:")},
    "forward_layer": "Camada {layer}{where}:",
    "nested_text": ("Substituindo cada sinal por sua definição, a predição fica escrita como uma única "
                    "expressão aninhada das entradas e dos parâmetros (equação 12 da apostila 000 para "
                    "esta rede):"),
    "sec_objective": "Função objetivo e gradiente descendente",
    "objective_text": "Os parâmetros são escolhidos para minimizar a função objetivo, a {loss}:",
    "descent_text": {"neurons": ("O gradiente descendente parte dos valores $(\\hat{{\\mathbf{{w}}}}^0, "
                                 "\\hat{{\\boldsymbol{{\\Theta}}}}^0)$ e move cada parâmetro contra a derivada "
                                 "de $J$ nesses valores, com taxa de aprendizado $\\delta$ (aqui $\\delta$ é "
                                 "o tamanho do passo, não um termo de erro):"),
                     "layers": ("O gradiente descendente move cada parâmetro contra a derivada de $C$ nos "
                                "valores atuais, com taxa de aprendizado $\\alpha$ (equações 13 e 14 da "
                                "apostila 000):")},
    "descent_after": {"neurons": ("Só é preciso o valor da derivada no ponto atual. Os sinais "
                                  "$e^0_{{i,j}}$ e $s^0_{{i,j}}$ calculados pela propagação para frente com os "
                                  "valores atuais são números conhecidos, e a regra da cadeia escreve a "
                                  "derivada com eles."),
                      "layers": ("Só é preciso o valor da derivada no ponto atual; as pré-ativações e "
                                 "ativações calculadas pela propagação para frente são números conhecidos, "
                                 "e a regra da cadeia escreve a derivada com eles.")},
    "sec_derivation": "Derivação, parâmetro a parâmetro",
    "derivation_text": ("Os parâmetros são tomados na ordem da apostila 004: da saída de volta até a "
                        "primeira camada oculta. Cada grupo é derivado uma vez, com índices livres "
                        "representando todos os neurônios de uma camada. O último grupo, os pesos que "
                        "entram na primeira camada oculta, é o que a apostila deixa por fazer."),
    "group_threshold_output": {"neurons": "Limiar do neurônio de saída", "layers": "Vieses da camada de saída"},
    "group_thresholds_output": {"neurons": "Limiares dos neurônios de saída", "layers": "Vieses da camada de saída"},
    "group_weight_output": {"neurons": "Pesos sinápticos que entram no neurônio de saída",
                            "layers": "Pesos que entram na camada de saída"},
    "group_weights_output": {"neurons": "Pesos sinápticos que entram nos neurônios de saída",
                             "layers": "Pesos que entram na camada de saída"},
    "group_threshold_hidden": {"neurons": "Limiares dos neurônios da camada oculta {l}",
                               "layers": "Vieses da camada oculta {l}"},
    "group_weight_hidden": {"neurons": "Pesos sinápticos que entram na camada oculta {l}",
                            "layers": "Pesos que entram na camada oculta {l}"},
    "last_hidden": " (a última camada oculta)",
    "first_hidden": " (a primeira camada oculta)",
    "group_intro": "Suponha $p = {parameter}${where}.",
    "prediction_text": {"neurons": "Derivada da predição $f_i$ da rede:",
                        "layers": "Derivada da saída $o_i$ da rede:"},
    "objective_chain_text": "Derivada da função objetivo:",
    "update_text": "Regra de atualização:",
    "delta_text": "A mesma derivada pelos termos de erro da Seção~\\ref{{sec:errors}}:",
    "where": ", sendo {ranges}",
    "where_sentence": "Para {ranges}.",
    "and": " e ",
    "sec_errors": "Termos de erro",
    "errors_text": {"neurons": ("O termo de erro $\\varepsilon_{{i,j}}$ do neurônio $j$ para a observação $i$ "
                                "é a derivada da parcela $J_i$ dessa observação na função objetivo em "
                                "relação ao sinal de entrada $e_{{i,j}}$ (a letra $\\delta$ é a taxa de "
                                "aprendizado nesta notação). Ele é calculado da saída de volta até a "
                                "primeira camada oculta:"),
                    "layers": ("O erro $\\delta^{{l}}_{{i,j}}$ do neurônio $j$ da camada $l$ para a "
                               "observação $i$ é a derivada da parcela $C_i$ dessa observação no custo em "
                               "relação à pré-ativação $z^{{l}}_{{i,j}}$. Ele é calculado da saída de volta "
                               "até a primeira camada oculta:")},
    "errors_layer": "Camada {layer}{where}:",
    "sec_matrix": "Forma matricial",
    "matrix_text": {"neurons": ("Reúna os símbolos de cada camada $l$ em vetores e matrizes: "
                                "$\\mathbf{{W}}^{{(l)}}$ contém os pesos que entram na camada $l$, "
                                "$\\boldsymbol{{\\Theta}}^{{(l)}}$ seus limiares, e $\\mathbf{{e}}^{{l}}_i$, "
                                "$\\mathbf{{s}}^{{l}}_i$ e $\\boldsymbol{{\\varepsilon}}^{{l}}_i$ os sinais de "
                                "entrada, os sinais de saída e os termos de erro da observação $i$; "
                                "$\\mathbf{{x}}_i$ é o vetor das covariáveis. As equações abaixo são as "
                                "equações 15 a 21 da apostila 000 para esta rede; cada uma vale entrada a "
                                "entrada, e suas entradas são as equações escalares das seções anteriores."),
                    "layers": ("Os vetores $z^{{l}}_i$, $a^{{l}}_i$ e $\\delta^{{l}}_i$ reúnem as "
                               "pré-ativações, as ativações e os erros da camada $l$ para a observação $i$, "
                               "e $x_i$ é o vetor das entradas. As equações abaixo são as equações 15 "
                               "a 21 da apostila 000 para esta rede; cada uma vale entrada a entrada, e suas "
                               "entradas são as equações escalares das seções anteriores.")},
    "layout_in_out": ("Disposição: a matriz de pesos da camada $l$ tem uma linha por neurônio da camada "
                      "$l-1$ e uma coluna por neurônio da camada $l$, de modo que ${matrix} \\in "
                      "\\mathbb{{R}}^{{n_{{l-1}} \\times n_l}}$ e a propagação multiplica pela sua transposta, "
                      "como na equação 1 da apostila 000. Esta disposição é usada em todo o documento."),
    "layout_out_in": ("Disposição: a matriz de pesos da camada $l$ tem uma linha por neurônio da camada $l$ "
                      "e uma coluna por neurônio da camada $l-1$, de modo que ${matrix} \\in "
                      "\\mathbb{{R}}^{{n_l \\times n_{{l-1}}}}$ e a propagação multiplica por ela diretamente, "
                      "como na nota da equação 17 da apostila 000. Esta disposição é usada em todo o "
                      "documento."),
    "shapes_caption": "Dimensões dos vetores e matrizes de cada camada.",
    "col_matrix": "pesos", "col_vectors": "vetores",
    "matrix_forward": "Propagação para frente (equações 1 a 3), para cada camada $l$:",
    "matrix_nested": "A predição aninhada (equação 12):",
    "matrix_output_error": "Erro da camada de saída (equações 15 e 16):",
    "matrix_recursion": "Erros das camadas ocultas (equação 17):",
    "matrix_weights": "Derivadas em relação aos pesos (equações 18 e 19):",
    "matrix_biases": "Derivadas em relação aos {thresholds} (equações 20 e 21):",
    "matrix_update": "Atualização (equações 13 e 14):",
    "hadamard": "Aqui $\\odot$ é o produto entrada a entrada.",
    "sec_algorithm": "O algoritmo de retropropagação",
    "algorithm": {
        "neurons": [
            ("Inicialização: escolha os pesos sinápticos e limiares iniciais "
             "$(\\hat{{\\mathbf{{w}}}}^0, \\hat{{\\boldsymbol{{\\Theta}}}}^0)$ ao acaso, de uma distribuição "
             "uniforme de média zero."),
            ("Propagação para frente: para cada observação $i$, calcule os sinais de entrada e de saída "
             "$e^0_{{i,j}}$ e $s^0_{{i,j}}$ de cada neurônio, da camada mais à esquerda até a saída; o "
             "último deles é a predição $\\hat{{y}}^0_i$."),
            ("Retropropagação: calcule os termos de erro da saída de volta até a primeira camada oculta e "
             "atualize cada peso sináptico e limiar com as regras da Seção~\\ref{{sec:derivation}}, dos "
             "parâmetros mais à direita para os mais à esquerda, sempre com os valores atuais."),
            ("Repita os passos 2 e 3, os novos valores passando a ser os atuais, até atingir um número "
             "máximo de iterações ou até a função objetivo se estabilizar de uma iteração para a outra."),
        ],
        "layers": [
            ("Inicialização: escolha os pesos $W^{{(l)}}$ e vieses $b^{{(l)}}$ iniciais ao acaso, de uma "
             "distribuição uniforme de média zero."),
            ("Propagação para frente: para cada observação $i$, calcule $z^{{l}}_i$ e $a^{{l}}_i$ para "
             "$l = 1, \\ldots, L$; a ativação da última camada é a predição."),
            ("Retropropagação: calcule os erros $\\delta^{{L}}_i$, depois $\\delta^{{l}}_i$ de $l = L-1$ "
             "até 1, e atualize cada $W^{{(l)}}$ e $b^{{(l)}}$ com as regras da "
             "Seção~\\ref{{sec:derivation}}, sempre com os valores atuais."),
            ("Repita os passos 2 e 3, os novos valores passando a ser os atuais, até atingir um número "
             "máximo de iterações ou até o custo se estabilizar de uma iteração para a outra."),
        ],
    },
    "sec_checked": "Como este documento foi verificado",
    "checked_symbolic": ("Cada uma das {count} igualdades deste documento foi verificada simbolicamente, "
                         "para cada valor de seus índices livres ({checks} verificações): o SymPy substituiu "
                         "cada sinal por sua expressão nas entradas e nos parâmetros, e a diferença entre os "
                         "dois lados se simplificou a zero."),
    "checked_numeric": ("Cada uma das {count} igualdades deste documento foi verificada numericamente, numa "
                        "amostra dos valores de seus índices livres (cada índice no primeiro neurônio de "
                        "sua camada, depois cada índice no último; {checks} verificações): os dois lados foram calculados com "
                        "{digits} dígitos em {points} pontos aleatórios, as derivadas pelo passo complexo. A "
                        "rede tem {parameters} parâmetros, mais do que os {limit} até os quais o symback "
                        "verifica simbolicamente."),
    "figure_name": "Figura", "table_name": "Tabela",
    "markdown_figure": "Figura 1: ",
    "markdown_caption": "A rede {shorthand}, cada neurônio com {numbering}.",
    "numbering": {"neurons": "seu número", "layers": "sua posição na camada"},
}

TABLES = {"en": EN, "pt": PT}


class Messages:
    """The messages of one language, with per-notation variants already chosen.

    Args:
        lang: ``en`` or ``pt``.
        notation: ``neurons`` or ``layers``.
    Raises:
        SymbackError: for a language that has no table.
    """

    def __init__(self, lang: str, notation: str):
        if lang not in TABLES:
            raise SymbackError(f"--lang: {lang!r} is not accepted; accepted: {', '.join(LANGUAGES)}")
        self.lang = lang
        self.notation = notation
        self._table = TABLES[lang]
        self._rules = RULES[lang]

    def _choose(self, value):
        return value[self.notation] if isinstance(value, Mapping) else value

    def __call__(self, key: str, **fields) -> str:
        """The message ``key`` with its ``{fields}`` filled in."""
        text = self._choose(self._table[key])
        if isinstance(text, list):
            return [item.format(**fields) for item in text]
        return text.format(**fields)

    def rule(self, key: str) -> str:
        """The name of a derivation rule (py's keys and the report's own)."""
        return self._choose(self._rules[key])
