"""The capped paginator: exact below the window, "more than" above it, every row reachable."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from enlace.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    Group.objects.bulk_create([Group(name=f"g{i:03d}") for i in range(60)])
    return Group.objects.order_by("name")


def test_the_count_stops_a_window_past_the_page(groups):
    paginator = CappedPaginator(groups, 10, cap=25)
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.get_page(1)
        assert paginator.count == 25
    count_sql = next(q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper())
    assert "LIMIT 26" in count_sql.upper()
    assert paginator.more is True
    assert page.has_next()
    assert [g.name for g in page.object_list] == [f"g{i:03d}" for i in range(10)]


def test_a_page_further_on_counts_further_and_reads_its_rows(groups):
    paginator = CappedPaginator(groups, 10, cap=25)
    page = paginator.get_page(3)
    assert (paginator.count, paginator.more) == (45, True)
    assert [g.name for g in page.object_list][0] == "g020"
    assert len(page.object_list) == 10


def test_the_last_page_is_exact(groups):
    paginator = CappedPaginator(groups, 10, cap=25)
    page = paginator.get_page(6)
    assert (paginator.count, paginator.more, paginator.num_pages) == (60, False, 6)
    assert not page.has_next()
    assert [g.name for g in page.object_list][-1] == "g059"


@pytest.mark.parametrize("number", ["99", "99999999999999999999", "abc", None, "-3"])
def test_absurd_page_numbers_give_a_real_page(groups, number):
    page = CappedPaginator(groups, 10, cap=25).get_page(number)
    assert len(page.object_list) == 10


def test_the_pagination_says_more_than_and_offers_no_last_page(groups, rf):
    page = CappedPaginator(groups, 10, cap=25).get_page(1)
    with translation.override("en"):
        html = render_to_string("includes/pagination.html", {"page_obj": page}, request=rf.get("/cases/"))
    assert "more than 25 results" in html
    assert "Next" in html and "Last" not in html
    with translation.override("es"):
        html = render_to_string("includes/pagination.html", {"page_obj": page}, request=rf.get("/cases/"))
    assert "más de 25 resultados" in html


def test_reading_the_window_takes_count_and_page_from_one_query(groups):
    ids = groups.values_list("pk", flat=True)
    with CaptureQueriesContext(connection) as ctx:
        paginator = CappedPaginator(ids, 10, cap=25, read_window=True)
        page = paginator.get_page(2)
        rows = list(page.object_list)
        assert (paginator.count, paginator.more) == (35, True)
    assert len(ctx.captured_queries) == 1
    assert rows == list(ids[10:20])
