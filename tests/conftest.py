import sys
from pathlib import Path

# tests/reference.py and tests/evaluate.py are imported by name from the tests.
sys.path.insert(0, str(Path(__file__).parent))
