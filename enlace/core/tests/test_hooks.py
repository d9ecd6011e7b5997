"""Extension points: handlers run in order, with the caller's arguments, and only once each."""

import pytest

from enlace.cases.hooks import case_assets_changed
from enlace.core.hooks import Hook
from enlace.links.services import index_case, index_person
from enlace.persons.hooks import person_saved
from enlace.referrals import screening_handlers
from enlace.screening import hooks as screening_hooks


def test_handlers_run_in_order_with_keywords_and_return_results():
    hook, calls = Hook("t.saved"), []
    hook.register(lambda *, x: calls.append(("a", x)) or "a")
    second = hook.register(lambda *, x: calls.append(("b", x)) or "b")
    assert hook(x=1) == ["a", "b"] and calls == [("a", 1), ("b", 1)]
    hook.register(second)  # a repeated ready() does not run it twice
    assert len(hook.handlers) == 2
    hook.unregister(second)
    assert hook(x=2) == ["a"]


def test_a_failing_handler_stops_the_caller():
    hook = Hook("t.fail")

    @hook.register
    def refuse(**kwargs):
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        hook(x=1)


def test_the_apps_register_their_handlers_when_django_starts():
    """The links and referrals apps fill the lower apps' points from their AppConfig.ready()."""
    assert index_person in person_saved.handlers and index_case in case_assets_changed.handlers
    assert screening_handlers.on_screening_converted in screening_hooks.screening_converted.handlers
    assert screening_handlers.on_screening_handed_over in screening_hooks.screening_handed_over.handlers
    assert screening_handlers.screening_result_context in screening_hooks.result_context.handlers
