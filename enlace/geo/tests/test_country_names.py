"""Country names are CLDR's in the user's language and sorted as that language sorts."""

from django.utils import translation

from enlace.geo.selectors import country_choices, country_name


def test_spanish_names_are_spelt_as_in_cldr():
    with translation.override("es"):
        names = {code: country_name(code) for code in ("DZ", "SR", "TN", "BF", "BO")}
    assert names == {"DZ": "Argelia", "SR": "Surinam", "TN": "Túnez", "BF": "Burkina Faso", "BO": "Bolivia"}


def test_english_names_and_unknown_codes():
    with translation.override("en"):
        assert country_name("DZ") == "Algeria"
        assert country_name("QQ") == "QQ"
        assert country_name("") == ""


def test_spanish_sorting_ignores_accents_at_first_level():
    with translation.override("es"):
        names = [name for _code, name in country_choices()]
    assert names.index("Bélgica") < names.index("Belice") < names.index("Bután")
    assert names.index("Islandia") < names.index("Italia")
    assert names.index("Perú") < names.index("Polonia")
    assert names.index("Nicaragua") < names.index("Níger") < names.index("Nigeria")
    assert len(names) == len(set(code for code, _name in country_choices()))
