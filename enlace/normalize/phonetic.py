"""A Spanish/Andean phonetic key for surnames.

Why not ``jellyfish.metaphone``: metaphone encodes English spelling ("ch" as X, "j" as J,
"ll" as L, "v" as F), so "Villca"/"Bilca", "Llanos"/"Yanos" or "Jiménez"/"Giménez" get
different keys although clerks in the region write them interchangeably. The rules below
follow Latin American Spanish pronunciation plus the spelling variation of Quechua, Aymara
and Mayan surnames written with Spanish letters:

* ``v`` = ``b``; ``z`` = ``s`` = ``c`` before e/i; ``c``/``q``/``qu``/``k`` = ``k``
* ``ll`` = ``y``, but ``ll`` before a consonant = ``l`` (Aymara Villca = Vilca, never "Viyca");
  ``y`` as a vowel (final or before a consonant) = ``i``
* ``h`` is silent, except ``hu``+vowel = ``w`` (Huanca = Wanca) and ``ch``/``sh``
* ``g`` before e/i = ``j`` (Giménez = Jiménez); ``gu`` before e/i = ``g``; initial ``gua`` = ``wa``
  (Guamán = Huamán = Waman)
* ``ch``, ``sh`` and ``x`` share one symbol (Mayan x is "sh": Xoc = Choc)
* ``ph`` = ``f``; doubled letters collapse (Ccori = Cori, Quispee = Quispe)
* ``e`` = ``i`` and ``o`` = ``u``: Quechua and Aymara have three vowels and the Spanish
  spelling of the same name varies between them (Quispe/Quespe, Condori/Cunduri).

The key over-merges a little (Rosa/Rusa) on purpose: it is used for blocking and as one
comparison feature, never alone to decide that two records are the same person.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._text import fold

_NON_LETTER = re.compile(r"[^a-z]+")
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"ph", "f"),
        (r"[cs]h", "x"),
        (r"^gu(?=a)", "w"),
        (r"hu(?=[aeio])", "w"),
        (r"h", ""),
        (r"ll(?=[^aeiouy]|$)", "l"),
        (r"ll", "y"),
        (r"qu(?=[ei])", "k"),
        (r"q", "k"),
        (r"gu(?=[ei])", "g"),
        (r"g(?=[ei])", "j"),
        (r"c(?=[ei])", "s"),
        (r"c", "k"),
        (r"z", "s"),
        (r"v", "b"),
        (r"y(?=[^aeiou]|$)", "i"),
        (r"e", "i"),
        (r"o", "u"),
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=1 << 17)
def spanish_phonetic(value: str) -> str:
    """Phonetic key of one surname or word ("Quispe" -> "kispi", "Villca" -> "bilka")."""
    key = _NON_LETTER.sub("", fold(value))
    for pattern, repl in _RULES:
        key = pattern.sub(repl, key)
    return key
