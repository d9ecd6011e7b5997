import pytest

from enlace.prosecution.reference import ensure_loaded


@pytest.fixture(autouse=True)
def _shipped_reference_data(request):
    """The offences and stages a data migration loads; an earlier test that flushed the database
    (a transactional test on the same worker) removed them, so put them back for tests that use
    the database."""
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("db")
        ensure_loaded()
