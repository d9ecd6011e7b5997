"""Country names are CLDR's in the user's language and sorted as that language sorts."""

from django.utils import translation

from enlace.geo.selectors import (
    country_choices,
    country_name,
    is_subdivision_of,
    subdivision_choices,
    subdivision_name,
)


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


def test_department_names_are_the_official_ones_in_each_language():
    with translation.override("es"):
        assert subdivision_name("BO-B") == "Beni"
        assert subdivision_name("CL-AI") == "Aysén del General Carlos Ibáñez del Campo"
        assert subdivision_name("PE-ANC") == "Áncash"
        assert dict(subdivision_choices("CO"))["CO-DC"] == "Bogotá D. C."
    with translation.override("en"):
        assert subdivision_name("CO-DC") == "Bogotá Capital District"
        assert subdivision_name("BO-L") == "La Paz"
    with translation.override("pt"):
        assert subdivision_name("AR-C") == "Cidade Autônoma de Buenos Aires"
    assert subdivision_name("XX-Q") == "XX-Q"


def test_departments_sort_as_the_language_sorts():
    with translation.override("es"):
        peru = [name for _code, name in subdivision_choices("PE")]
        paraguay = [name for _code, name in subdivision_choices("PY")]
    assert peru.index("Amazonas") < peru.index("Áncash") < peru.index("Apurímac")
    assert paraguay.index("Misiones") < paraguay.index("Ñeembucú") < paraguay.index("Paraguarí")
    assert is_subdivision_of("PE-ANC", "PE") and not is_subdivision_of("BO-L", "PE")
