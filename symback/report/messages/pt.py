"""The Portuguese messages of the reports: rule names, then every sentence and heading.

Values are LaTeX-and-Markdown-safe text (see ``symback.report.messages``).
"""

from __future__ import annotations

from ...rules import (CANONICAL, CHAIN, DE_DP, DEF_E, DEF_J, DEF_S, DEF_YHAT, DELTA_DEF, DELTA_GRADIENT,
                      DELTA_RECURSION, SPECIFIC, ONLY_TERM, PENALTY, SUBSTITUTE, SUM_RULE)

# Rule names of the derivation (rule keys) and of the report's own steps.
RULES = {
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
    SPECIFIC: "derivada de cada ativação escrita por extenso",
    PENALTY: "derivada da penalização (os limiares não são penalizados)",
    DELTA_RECURSION: "regra da cadeia pela camada seguinte",
    DELTA_GRADIENT: "definição do termo de erro",
    "error-term": "definição do termo de erro",
    "update": "gradiente descendente com a derivada acima",
    "factor-out": "fatores que não dependem de i",
    "signal": "a predição é a saída da última camada",
    "nested": "cada sinal substituído por sua definição",
    "activation-definition": "derivada da fórmula",
    "activation-sum": "derivada de uma soma",
    "activation-constant-factor": "um fator constante permanece",
    "activation-product": "regra do produto",
    "activation-quotient": "regra do quociente",
    "activation-power": "regra da potência",
    "activation-exponential": "derivada de uma exponencial",
    "activation-elementary": "derivada da fórmula",
    "activation-parts": "derivadas das partes",
    "activation-simplify": "simplificação",
}

MESSAGES = {
    "title": "Retropropagação passo a passo: a rede {shorthand}",
    "author": "Derivado e verificado pelo symback",
    "intro": ("Este documento deriva, para a rede da Figura~\\ref{{fig:network}}, a derivada da função "
              "objetivo em relação a cada peso sináptico e {threshold} pela regra da cadeia, um passo de "
              "cada vez e com a regra de cada passo indicada, até os pesos que entram na primeira camada "
              "oculta, e escreve os mesmos resultados na forma matricial. Cada igualdade mostrada foi "
              "verificada pelo symback antes de este documento ser escrito (Seção~\\ref{{sec:checked}})."),
    "threshold": {"neurons": "limiar", "layers": "viés"},
    "thresholds": {"neurons": "limiares", "layers": "vieses"},
    "sec_network": "A rede",
    "network_text": ("Considere uma base de treino com $n$ observações: as covariáveis {inputs} e "
                     "{target_word} {targets}, $i = 1, \\ldots, n$. A rede tem {depth} camadas com parâmetros, "
                     "listadas na Tabela~\\ref{{tab:layers}}."),
    "network_neurons": ("Os neurônios são numerados consecutivamente das entradas até a saída{output_name}. "
                        "O neurônio $j$ soma seu limiar ${theta}$ às saídas ponderadas da camada anterior, "
                        "sendo ${weight}$ o peso sináptico da conexão do neurônio $k$ para o neurônio $j$."),
    "network_layers": ("A camada $l$ tem a matriz de pesos $W^{{(l)}}$ e o vetor de vieses $b^{{(l)}}$; "
                       "os neurônios são numerados dentro de cada camada, sendo ${weight}$ o peso do "
                       "neurônio $k$ da camada $l-1$ para o neurônio $j$ da camada $l$."),
    "outputs_by_position": ("Alvos e predições são numerados pela saída: ${first_y}$ e ${first_yhat} = {first_s}$ "
                            "pertencem ao primeiro neurônio de saída, até ${last_y}$ e ${last_yhat} = {last_s}$ "
                            "para o último; para um neurônio de saída escrito com uma letra, como $j$, eles são "
                            "escritos $y_{{i,j}}$ e $\\hat{{y}}_{{i,j}}$."),
    "target_one": "a resposta", "target_many": "as respostas",
    "output_name": ", chamada $F$ quando é a única",
    "figure_caption": "A rede {shorthand}. {detail}",
    "figure_detail": {"neurons": "Cada círculo mostra o número do neurônio e seu limiar; a primeira aresta "
                                 "de cada camada tem o nome do peso, as demais seguem o mesmo padrão.",
                      "layers": "Cada círculo mostra a posição do neurônio na camada e seu viés; a primeira "
                                "aresta de cada camada tem o nome do peso, as demais seguem o mesmo padrão."},
    "figure_layers_ellipsis": " As camadas ocultas {first} a {last} não são desenhadas ($\\cdots$).",
    "figure_ellipsis": " Camadas com mais de {limit} neurônios são desenhadas com reticências.",
    "table_caption": "Camadas da rede.",
    "col_layer": "camada", "col_neurons": "neurônios", "col_activation": "ativação",
    "layer_input": "entrada", "layer_hidden": "oculta {l}", "layer_output": "saída",
    "layer_hidden_range": "ocultas {first}--{last}",
    "table_run_neurons": "{names} ({size} por camada)",
    "column_input": "entradas", "column_hidden": "camada oculta {l}", "column_output": "saída",
    "loss_text": "A função objetivo é a {loss}.",
    "sec_forward": "Propagação para frente",
    "forward_text": {"neurons": ("Para cada observação $i$, cada neurônio $j$ recebe o sinal de entrada "
                                 "$e_{{i,j}}$ e emite o sinal de saída $s_{{i,j}}$; um neurônio de entrada "
                                 "emite sua covariável. Camada a camada, da esquerda para a direita:"),
                     "layers": ("Para cada observação $i$, o neurônio $j$ da camada $l$ calcula a "
                                "pré-ativação $z^{{l}}_{{i,j}}$ e a ativação $a^{{l}}_{{i,j}}$; as ativações "
                                "da camada 0 são as entradas. Camada a camada:")},
    "forward_layer": "Camada {layer}{where}:",
    "nested_text_deep": ("Substituindo os sinais das {layers} camadas de cima por suas definições, a "
                         "predição fica escrita como uma expressão aninhada dos sinais da camada {floor}, cada "
                         "um dos quais se aninha do mesmo modo até as entradas:"),
    "nested_text": ("Substituindo cada sinal por sua definição, a predição fica escrita como uma única "
                    "expressão aninhada das entradas e dos parâmetros:"),
    "sec_objective": "Função objetivo e gradiente descendente",
    "objective_text": "Os parâmetros são escolhidos para minimizar a função objetivo, a {loss}:",
    "descent_text": {"neurons": ("O gradiente descendente parte dos valores $(\\hat{{\\mathbf{{w}}}}^0, "
                                 "\\hat{{\\boldsymbol{{\\Theta}}}}^0)$ e move cada parâmetro contra a derivada "
                                 "de $J$ nesses valores, com taxa de aprendizado $\\delta$ (aqui $\\delta$ é "
                                 "o tamanho do passo, não um termo de erro):"),
                     "layers": ("O gradiente descendente move cada parâmetro contra a derivada de $C$ nos "
                                "valores atuais, com taxa de aprendizado $\\alpha$:")},
    "descent_after": {"neurons": ("Só é preciso o valor da derivada no ponto atual. Os sinais "
                                  "$e^0_{{i,j}}$ e $s^0_{{i,j}}$ calculados pela propagação para frente com os "
                                  "valores atuais são números conhecidos, e a regra da cadeia escreve a "
                                  "derivada com eles."),
                      "layers": ("Só é preciso o valor da derivada no ponto atual; as pré-ativações e "
                                 "ativações calculadas pela propagação para frente são números conhecidos, "
                                 "e a regra da cadeia escreve a derivada com eles.")},
    "sec_derivation": "Derivação, parâmetro a parâmetro",
    "derivation_text": ("Os parâmetros são tomados da saída de volta até a primeira camada oculta, a ordem em "
                        "que a retropropagação os calcula. Cada grupo é derivado uma vez, com índices livres "
                        "representando todos os neurônios de uma camada."),
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
    "deep_groups_text": (" Os grupos a {full} ou mais camadas abaixo da saída são derivados pelos termos de "
                         "erro da Seção~\\ref{{sec:errors}}, que carregam todas as camadas acima deles: uma "
                         "cadeia que descesse camada por camada teria um passo para cada camada atravessada, "
                         "cada um um produto tão longo quanto o caminho."),
    "deep_group_text": ("Este grupo está {below} camadas abaixo da saída; sua derivada é escrita pelos "
                        "termos de erro da Seção~\\ref{{sec:errors}}:"),
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
    "heaviside": {"neurons": ("Aqui $[e > 0]$ vale 1 quando $e > 0$ e 0 caso contrário: a derivada da ReLU, "
                              "tomada como 0 em $e = 0$."),
                  "layers": ("Aqui $[z > 0]$ vale 1 quando $z > 0$ e 0 caso contrário: a derivada da ReLU, "
                             "tomada como 0 em $z = 0$.")},
    "logistic": "Aqui ${sigma}(x) = 1/(1 + \\exp(-x))$ é a função logística.",
    "canonical_sigmoid": "sigmoide e entropia cruzada combinadas",
    "canonical_softmax": "softmax e entropia cruzada combinadas",
    "specific_one": "derivada {first}",
    "specific_two": "derivadas {first} e {second}",
    "act_sigmoid": "da sigmoide", "act_tanh": "da tanh", "act_relu": "da ReLU", "act_leaky_relu": "da ReLU com vazamento",
    "act_elu": "da ELU", "act_softplus": "da softplus", "act_silu": "da SiLU", "act_linear": "da identidade",
    "iverson": ("Aqui $[a = b]$ é o colchete de Iverson: vale 1 quando $a = b$ e 0 caso contrário."),
    "errors_layer": "Camada {layer}{where}:",
    "sec_matrix": "Forma matricial",
    "matrix_text": {"neurons": ("Reúna os símbolos de cada camada $l$ em vetores e matrizes: "
                                "$\\mathbf{{W}}^{{(l)}}$ contém os pesos que entram na camada $l$, "
                                "$\\boldsymbol{{\\Theta}}^{{(l)}}$ seus limiares, e $\\mathbf{{e}}^{{l}}_i$, "
                                "$\\mathbf{{s}}^{{l}}_i$ e $\\boldsymbol{{\\varepsilon}}^{{l}}_i$ os sinais de "
                                "entrada, os sinais de saída e os termos de erro da observação $i$; "
                                "$\\mathbf{{x}}_i$ é o vetor das covariáveis. As equações abaixo valem "
                                "entrada a entrada, e suas entradas são as equações escalares das seções "
                                "anteriores."),
                    "layers": ("Os vetores $z^{{l}}_i$, $a^{{l}}_i$ e $\\delta^{{l}}_i$ reúnem as "
                               "pré-ativações, as ativações e os erros da camada $l$ para a observação $i$, "
                               "e $x_i$ é o vetor das entradas. As equações abaixo valem entrada a "
                               "entrada, e suas entradas são as equações escalares das seções anteriores.")},
    "layout_in_out": ("Disposição: a matriz de pesos da camada $l$ tem uma linha por neurônio da camada "
                      "$l-1$ e uma coluna por neurônio da camada $l$, de modo que ${matrix} \\in "
                      "\\mathbb{{R}}^{{n_{{l-1}} \\times n_l}}$ e a propagação multiplica pela sua transposta. "
                      "Esta disposição é usada em todo o documento."),
    "layout_out_in": ("Disposição: a matriz de pesos da camada $l$ tem uma linha por neurônio da camada $l$ "
                      "e uma coluna por neurônio da camada $l-1$, de modo que ${matrix} \\in "
                      "\\mathbb{{R}}^{{n_l \\times n_{{l-1}}}}$ e a propagação multiplica por ela diretamente. "
                      "Esta disposição é usada em todo o documento."),
    "shapes_caption": "Dimensões dos vetores e matrizes de cada camada.",
    "col_matrix": "pesos", "col_vectors": "vetores",
    "matrix_forward": "Propagação para frente, para cada camada $l$:",
    "matrix_nested": "A predição aninhada:",
    "matrix_output_error": "Erro da camada de saída:",
    "matrix_recursion": "Erros das camadas ocultas:",
    "matrix_weights": "Derivadas em relação aos pesos:",
    "matrix_biases": "Derivadas em relação aos {thresholds}:",
    "matrix_update": "Atualização:",
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
    "checked_symbolic": ("Cada uma das {count} igualdades deste documento foi provada simbolicamente com "
                         "o SymPy, para todos os valores de seus índices livres de uma vez ({checks} "
                         "verificações): cada passo aplica uma regra, e a parte que ele reescreveu foi "
                         "mostrada igual ao que ela se tornou, com os sinais substituídos por suas "
                         "definições uma camada de cada vez; uma igualdade que une duas cadeias provadas "
                         "acima segue delas."),
    "checked_numeric": ("Cada uma das {count} igualdades deste documento foi verificada numericamente, "
                        "para cada valor de seus índices livres ({checks} verificações): os dois lados foram "
                        "calculados com {digits} dígitos em {points} pontos aleatórios, as derivadas pelo "
                        "passo complexo."),
    "checked_mixed": ("Cada uma das {count} igualdades deste documento foi verificada para cada valor de seus "
                      "índices livres ({checks} verificações: {methods})."),
    "figure_name": "Figura", "table_name": "Tabela",
    "markdown_figure": "Figura 1: ",
    "markdown_caption": "A rede {shorthand}, cada neurônio com {numbering}.",
    "numbering": {"neurons": "seu número", "layers": "sua posição na camada"},
    # -- a user's own activation (report/activation.py)
    "custom_text": ("A ativação {name} ({generic} nas equações abaixo) é dada por sua fórmula na "
                    "especificação. Sua derivada é obtida uma regra de cada vez:"),
    "custom_identity": "A simplificação usa {identities}, válida para todo ${var}$ real.",
    "custom_identities": "A simplificação usa {identities}, válidas para todo ${var}$ real.",
    "g_chain": "regra da cadeia, derivada {f}",
    "g_elementary": "derivada {f}",
    "g_fn_exp": "de exp", "g_fn_log": "de log", "g_fn_tanh": "de tanh", "g_fn_sigmoid": "da sigmoide",
    "g_fn_abs": "do valor absoluto", "g_fn_relu": "da ReLU", "g_fn_sqrt": "da raiz quadrada",
}

# With ``references = "handouts"``: the same messages citing handouts 000 and 004.
HANDOUTS = {
    "intro": ("Este documento deriva, para a rede da Figura~\\ref{{fig:network}}, a derivada da função "
              "objetivo em relação a cada peso sináptico e {threshold} pela regra da cadeia, um passo de "
              "cada vez e com a regra de cada passo indicada, como faz a apostila 004; continua até os "
              "pesos que entram na primeira camada oculta, que a apostila deixa por fazer, e escreve os "
              "mesmos resultados na forma matricial da apostila 000. Cada igualdade mostrada foi verificada "
              "pelo symback antes de este documento ser escrito (Seção~\\ref{{sec:checked}})."),
    "loss_text": "A função objetivo é a {loss} (apostila {source}).",
    "nested_text": ("Substituindo cada sinal por sua definição, a predição fica escrita como uma única "
                    "expressão aninhada das entradas e dos parâmetros (equação 12 da apostila 000 para "
                    "esta rede):"),
    "descent_text": {"neurons": ("O gradiente descendente parte dos valores $(\\hat{{\\mathbf{{w}}}}^0, "
                                 "\\hat{{\\boldsymbol{{\\Theta}}}}^0)$ e move cada parâmetro contra a derivada "
                                 "de $J$ nesses valores, com taxa de aprendizado $\\delta$ (aqui $\\delta$ é "
                                 "o tamanho do passo, não um termo de erro):"),
                     "layers": ("O gradiente descendente move cada parâmetro contra a derivada de $C$ nos "
                                "valores atuais, com taxa de aprendizado $\\alpha$ (equações 13 e 14 da "
                                "apostila 000):")},
    "derivation_text": ("Os parâmetros são tomados na ordem da apostila 004: da saída de volta até a "
                        "primeira camada oculta. Cada grupo é derivado uma vez, com índices livres "
                        "representando todos os neurônios de uma camada. O último grupo, os pesos que "
                        "entram na primeira camada oculta, é o que a apostila deixa por fazer."),
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
    "matrix_forward": "Propagação para frente (equações 1 a 3), para cada camada $l$:",
    "matrix_nested": "A predição aninhada (equação 12):",
    "matrix_output_error": "Erro da camada de saída (equações 15 e 16):",
    "matrix_recursion": "Erros das camadas ocultas (equação 17):",
    "matrix_weights": "Derivadas em relação aos pesos (equações 18 e 19):",
    "matrix_biases": "Derivadas em relação aos {thresholds} (equações 20 e 21):",
    "matrix_update": "Atualização (equações 13 e 14):",
}
