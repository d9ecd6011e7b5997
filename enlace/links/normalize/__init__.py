"""Pure-Python normalisers used to match persons across cases (no Django imports)."""
from .names import PersonName, fold, normalize_name
from .phonetic import spanish_phonetic
