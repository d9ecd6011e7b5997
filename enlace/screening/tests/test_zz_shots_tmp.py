import os
from pathlib import Path
import pytest
from enlace.conftest_browser import page_problems
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def static_served(settings):
    from django.contrib.staticfiles import finders
    import enlace
    settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]
    assert finders.find("enlace/app.css")

@pytest.mark.parametrize("lang", ["es", "en"])
def test_shots(static_served, phone_page, login_as, live_server_url, lang):
    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals import services as rs
    from enlace.referrals.tests.factories import make_provider, make_screener, screened, give_consent, POSSIBLE_ADULT_LABOUR
    world = make_case_world()
    scr = make_screener(world)
    provider, ngo = make_provider(username="casa")
    rs.offer_create(actor=provider, institution=ngo, service="shelter", country="BO", subdivision="BO-L")
    draft = screened(scr, complete=False, age=None, anonymous=False, names=("Rosa", "Mamani"))
    done = screened(scr, yes=POSSIBLE_ADULT_LABOUR, age=None)
    child = screened(scr, age=15, yes=["deceived_about_nature_of_job", "deceived_about_contract", "excessive_working_hours", "hazardous_work"])
    give_consent(scr, screening=child, recipient=ngo, basis="best_interest", guardian_name="DNA", best_interest_authority="DNA El Alto")
    ref = rs.referral_create(actor=scr, screening=child, service="shelter", recipient=ngo, needs="Cama", language="Aymara")
    page = phone_page
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server_url}])
    login_as(page, scr)
    out = Path("/tmp/shots") / lang
    out.mkdir(parents=True, exist_ok=True)
    def shot(url, name):
        page.goto(url); page.screenshot(path=str(out / f"{name}.png"), full_page=True, caret="initial")
    shot("/screening/new/", "a-start")
    shot(f"/screening/{draft.pk}/step/1/", "b-dim1-unknown-age")
    shot(f"/screening/{draft.pk}/step/elements/", "c-elements")
    shot(f"/screening/{draft.pk}/step/review/", "d-review")
    shot(f"/screening/{done.pk}/result/", "e-result-possible-unknown-age")
    height = page.evaluate("document.documentElement.scrollHeight")
    for i, y in enumerate(range(0, height, 1100)):
        page.screenshot(path=str(out / f"e-result-part{i}.png"), full_page=True, caret="initial",
                        clip={"x": 0, "y": y, "width": 390, "height": min(1100, height - y)})
    shot(f"/referrals/subject/screening/{child.pk}/refer/", "f-refer-child")
    shot("/screening/", "g-list")
    shot(f"/referrals/subject/screening/{child.pk}/", "h-subject")
    login_as(page, provider)
    shot(f"/referrals/incoming/{ref.pk}/", "i-incoming")
    shot("/referrals/", "j-home-provider")
    assert page_problems(page) == {"csp": [], "external": [], "js": []}
