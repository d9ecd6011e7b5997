"""Names as written in case files of the region, and the parse the matcher relies on."""

import random

import pytest

from enlace.normalize import PersonName, fold, normalize_name, spanish_phonetic
from enlace.normalize import names as names_module


def test_fold_drops_accents_case_and_extra_spaces():
    assert fold("  José  PEÑA Ñandú ") == "jose pena nandu"
    assert fold("Mª Ángeles") == "ma angeles"
    assert fold(None) == ""


def test_comma_form_surnames_then_given():
    assert normalize_name(full_name="QUISPE MAMANI, Juan Carlos") == PersonName(
        given=("juan", "carlos"),
        given_raw="juan carlos",
        first_surname="quispe",
        second_surname="mamani",
        married_surname=None,
        all_surnames=("quispe", "mamani"),
        initials="jc",
        given_variants=(("juan",), ("carlos",)),
        form="comma",
    )


def test_nickname_is_mapped_to_canonical_given_name():
    name = normalize_name(full_name="Pancho Condori")
    assert name.given == ("francisco",)
    assert name.given_raw == "pancho"
    assert name.first_surname == "condori"
    assert name.second_surname is None
    assert name.initials == "f"


@pytest.mark.parametrize(
    ("nickname", "canonical"),
    [
        ("Paco", "francisco"), ("Curro", "francisco"), ("Pepe", "jose"), ("Chepe", "jose"),
        ("Lucho", "luis"), ("Nacho", "ignacio"), ("Memo", "guillermo"), ("Chucho", "jesus"),
        ("Lupe", "guadalupe"), ("Toño", "antonio"), ("Quique", "enrique"), ("Zé", "jose"),
        ("Chico", "francisco"), ("Tião", "sebastiao"),
    ],
)
def test_nickname_table(nickname, canonical):
    assert normalize_name(given_names=nickname, surnames="Mamani").given == (canonical,)


def test_ambiguous_nickname_keeps_word_and_lists_candidates():
    name = normalize_name(given_names="Beto", surnames="Flores")
    assert name.given == ("beto",)
    assert name.given_variants == (("alberto", "roberto", "humberto", "beto"),)
    assert name.first_initials() == ("a", "r", "h", "b")


def test_nickname_expanding_to_compound_given_name():
    assert normalize_name(given_names="Majo", surnames="Tzoc Caal").given == ("maria", "jose")


def test_widow_and_given_complement():
    name = normalize_name(full_name="María de los Ángeles Choque Vda. de Mamani")
    assert name.given == ("maria", "angeles")
    assert name.given_raw == "maria de los angeles"
    assert name.first_surname == "choque"
    assert name.second_surname is None
    assert name.married_surname == "mamani"
    assert name.all_surnames == ("choque", "mamani")
    assert name.form == "given_first"


def test_married_suffix_de_x():
    name = normalize_name(full_name="María Quispe Mamani de Condori")
    assert (name.given, name.first_surname, name.second_surname, name.married_surname) == (
        ("maria",), "quispe", "mamani", "condori",
    )
    assert name.all_surnames == ("quispe", "mamani", "condori")


def test_married_suffix_in_surnames_field():
    name = normalize_name(given_names="Rosa", surnames="QUISPE DE CONDORI")
    assert (name.first_surname, name.second_surname, name.married_surname) == ("quispe", None, "condori")


def test_particles_kept_on_surname_but_not_in_keys():
    name = normalize_name(full_name="Juan de la Cruz Flores")
    assert name.given == ("juan",)
    assert name.first_surname == "de la cruz"
    assert name.second_surname == "flores"
    assert name.all_surnames == ("cruz", "flores")
    assert normalize_name(full_name="Juan Cruz Flores").all_surnames == name.all_surnames


def test_del_surname_is_not_a_married_name():
    name = normalize_name(full_name="Ana Mamani del Castillo")
    assert (name.first_surname, name.second_surname, name.married_surname) == ("mamani", "del castillo", None)


def test_initial_only_given_name():
    name = normalize_name(full_name="J. Pérez")
    assert name.given == ()
    assert name.initials == "j"
    assert name.first_surname == "perez"


def test_dotted_initials_together():
    name = normalize_name(full_name="J.C. Quispe Mamani")
    assert name.initials == "jc"
    assert (name.first_surname, name.second_surname) == ("quispe", "mamani")


def test_surnames_first_without_comma():
    name = normalize_name(full_name="QUISPE MAMANI JUAN CARLOS")
    assert (name.given, name.first_surname, name.second_surname, name.form) == (
        ("juan", "carlos"), "quispe", "mamani", "surname_first",
    )


def test_three_words_with_compound_given_name():
    name = normalize_name(full_name="Juan Carlos Quispe")
    assert (name.given, name.first_surname, name.second_surname) == (("juan", "carlos"), "quispe", None)


def test_three_words_default_is_one_given_two_surnames():
    name = normalize_name(full_name="Wilma Apaza Ticona")
    assert (name.given, name.first_surname, name.second_surname) == (("wilma",), "apaza", "ticona")


def test_compound_given_name_four_words():
    name = normalize_name(full_name="María José Tzoc Caal")
    assert (name.given, name.first_surname, name.second_surname) == (("maria", "jose"), "tzoc", "caal")


def test_abbreviated_maria():
    assert normalize_name(full_name="Ma. José Choque").given == ("maria", "jose")


def test_titles_aliases_and_quoted_nicknames_are_dropped():
    name = normalize_name(full_name='Sr. José "Pepe" San Martín Rojas alias El Chino')
    assert name.given == ("jose",)
    assert (name.first_surname, name.second_surname) == ("san martin", "rojas")
    assert name.all_surnames == ("sanmartin", "rojas")


def test_unknown_name_markers_are_empty():
    assert normalize_name(full_name="N.N.").is_empty
    assert normalize_name(full_name="N.N.").form == "empty"
    assert normalize_name(given_names="NN", surnames="Mamani").given == ()
    assert normalize_name(full_name="").is_empty
    assert normalize_name().is_empty


def test_split_fields_win_over_full_name():
    name = normalize_name(given_names="Lucho", surnames="Choque", full_name="Otro Nombre")
    assert (name.given, name.first_surname, name.form) == (("luis",), "choque", "split")


def test_accents_and_case_do_not_matter():
    assert normalize_name(full_name="JOSÉ PEÑA QUISPE") == normalize_name(full_name="jose pena quispe")


def test_spanish_phonetic_key_merges_regional_spellings():
    assert spanish_phonetic("Quispe") == spanish_phonetic("Kispe") == spanish_phonetic("Quespe") == "kispi"
    assert spanish_phonetic("Villca") == spanish_phonetic("Vilca") == spanish_phonetic("Bilca") == "bilka"
    assert spanish_phonetic("Vaca") == spanish_phonetic("Baca") == "baka"
    assert spanish_phonetic("Llanos") == spanish_phonetic("Yanos") == "yanus"
    assert spanish_phonetic("Huamán") == spanish_phonetic("Guaman") == spanish_phonetic("Waman") == "waman"
    assert spanish_phonetic("Jiménez") == spanish_phonetic("Giménez") == "jiminis"
    assert spanish_phonetic("Hinojosa") == spanish_phonetic("Inojoza") == "inujusa"
    assert spanish_phonetic("Ccori") == spanish_phonetic("Cori") == "kuri"
    assert spanish_phonetic("Mamani") != spanish_phonetic("Condori")


def test_phonetic_surname_keys():
    name = normalize_name(full_name="Pancho Quispe Mamani de Condori")
    assert name.phonetic_surname_keys() == ("kispi", "mamani", "kunduri")


def test_only_a_widow_married_surname():
    name = normalize_name(full_name="Vda. de Mamani")
    assert (name.given, name.first_surname, name.married_surname, name.all_surnames) == ((), None, "mamani", ("mamani",))


@pytest.mark.parametrize(
    "raw", ["de la", "Juan de", ", ,", "1234", "V. de", "「山田」", "San", "(a) Pancho", "Sr.", "'\"", "de de de Quispe"]
)
def test_odd_input_never_raises(raw):
    name = normalize_name(full_name=raw)
    assert isinstance(name.phonetic_surname_keys(), tuple)
    assert isinstance(normalize_name(given_names=raw, surnames=raw).all_surnames, tuple)


def test_plain_surnames_take_the_shortcut_with_the_same_result():
    words = ["Quispe", "MAMANI", "de", "la", "Cruz", "Vda", "viuda", "San", "Martín", "NN", "alias", "aka", "Sr",
             "J", "Condori", "del", "Castillo", "Ñuflo", "o'Brien", "X", "sin", "nombre", "Flores", "y", "Pérez",
             "DE LA", "Condorí", "Δήμος", "Müller", "Sra."]
    rng = random.Random(5)
    for _ in range(4000):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
        assert names_module._surnames_from_text.__wrapped__(text) == names_module._surname_info(
            *names_module._surname_groups(names_module._tokens(text))), text


def test_plain_given_names_take_the_shortcut_with_the_same_result():
    words = ["Juan", "JOSÉ", "María", "de", "los", "Ángeles", "Sr", "Dr.", "J", "NN", "alias", "Beto", "Ñusta",
             "Cruz", "del", "Carmen", "o'Neil", "X", "Luz", "Flor", "s/n", "Wiñay", "Δήμος", "(a)", "el"]
    rng = random.Random(7)
    for _ in range(4000):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
        expected = names_module._given_info(names_module._groups(names_module._tokens(text)))
        assert names_module._given_from_text.__wrapped__(text) == expected, text


@pytest.mark.parametrize(
    ("surnames", "first", "second"),
    [
        ("RODRI6UEZ JIMENEZ", "rodriguez", "jimenez"),  # a digit for a letter splits nothing
        ("TACURI 5ANCHEZ", "tacuri", "sanchez"),
        ("MAMAN1 L1ANOS", "mamani", "llanos"),  # "1": "i" after a consonant at the end, "l" before a vowel
        ("AQU1NO GALEANO", "aquino", "galeano"),  # "i" before a consonant
        ("1OPE2 L0PEZ", "lopez", "lopez"),
        ("TZU1 1XCOT", "tzul", "ixcot"),  # "l" at the end after a vowel
    ],
)
def test_digits_inside_surnames_read_as_letters(surnames, first, second):
    name = normalize_name(surnames=surnames)
    assert (name.first_surname, name.second_surname) == (first, second)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("CAR1OS", ("carlos",)), ("1UZ MARTHA", ("luz", "martha")), ("J05E LUIS", ("jose", "luis")),
     ("Juan 2", ("juan",)), ("María", ("maria",))],
)
def test_digits_inside_given_names_read_as_letters(given, expected):
    assert normalize_name(given_names=given).given == expected


def test_the_same_name_with_and_without_look_alike_digits_gives_the_same_keys():
    clean, scanned = normalize_name(full_name="Luz Rodriguez Lopez"), normalize_name(full_name="1UZ RODRI6UEZ L0PEZ")
    assert scanned.phonetic_surname_keys() == clean.phonetic_surname_keys()
    assert (scanned.given, scanned.first_surname, scanned.second_surname) == (
        clean.given, clean.first_surname, clean.second_surname)
