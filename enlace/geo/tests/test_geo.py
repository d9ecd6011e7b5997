"""Places: one rule checks the country, department and municipality of every place recorded."""

import pytest

from enlace.geo.models import Municipality
from enlace.geo.selectors import place_errors


@pytest.mark.django_db
def test_place_errors_is_the_one_rule_for_places():
    """Case places, screenings and the service directory all ask this one function."""
    municipality = Municipality.objects.create(code="TEST-LPZ-1", name="Test", subdivision="BO-L", country="BO")
    assert place_errors(country="BO", subdivision="BO-L", municipality=municipality) == {}
    assert set(place_errors(country="XX")) == {"country"}
    assert set(place_errors(country="BO", subdivision="PE-LIM")) == {"subdivision"}
    assert set(place_errors(country="BO", subdivision="BO-C", municipality=municipality)) == {"municipality"}
