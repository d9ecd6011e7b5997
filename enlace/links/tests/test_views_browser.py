"""The network and routes pages in Chromium: Cytoscape draws, a click expands, CSP holds."""

from __future__ import annotations

import pytest

from enlace.cases.services import case_create
from enlace.conftest_browser import page_problems

from .links_factories import add_person, route

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drawn(world):
    inv = world["investigator"]
    case2 = case_create(actor=inv, title="Brick kiln Achocalla", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"])
    add_person(inv, world["case"], given_names="Wilfredo", first_surname="Choque", phones=["76543210"])
    add_person(inv, case2, given_names="Freddy", first_surname="Limachi", phones=["+591 7654 3210"])
    route(inv, world["case"], ("origin", "BO", "BO-L"), ("exploitation", "AR", ""))
    return {**world, "case2": case2}


def test_network_draws_and_expands_without_csp_problems(browser_page, login_as, drawn):
    page = browser_page
    login_as(page, drawn["investigator"])
    page.goto(f"/links/network/?case={drawn['case'].public_id}&hops=2")
    page.wait_for_selector("#graph canvas")
    count = page.evaluate("document.querySelectorAll('#graph canvas').length")
    assert count >= 1
    page.wait_for_load_state("networkidle")
    assert page_problems(page) == {"csp": [], "external": [], "js": []}


def test_routes_svg_on_a_phone(phone_page, login_as, drawn):
    login_as(phone_page, drawn["investigator"])
    phone_page.goto("/links/routes/")
    assert phone_page.locator("svg.routes-svg path.flow--border").count() == 1
    box = phone_page.locator("svg.routes-svg").bounding_box()
    assert box and box["width"] <= 390
    assert page_problems(phone_page) == {"csp": [], "external": [], "js": []}


# For every node, the dark pixels (the labels' text colour) inside the box where Cytoscape draws its
# label, below the node, read back from the canvas layers: the label is drawn, not only configured.
_LABEL_INK = """() => {
  const el = document.getElementById('graph');
  const cy = el._cyreg.cy;
  const ratio = window.devicePixelRatio || 1;
  return cy.nodes().map((node) => {
    const box = node.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
    let ink = 0;
    el.querySelectorAll('canvas').forEach((canvas) => {
      const w = Math.max(1, Math.floor(box.w * ratio)), h = Math.max(1, Math.floor(box.h * ratio));
      const data = canvas.getContext('2d').getImageData(Math.floor(box.x1 * ratio), Math.floor(box.y1 * ratio), w, h).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 128 && data[i] < 90 && data[i + 1] < 90 && data[i + 2] < 90) { ink += 1; }
      }
    });
    return {label: node.data('label'), kind: node.data('kind'), w: box.w, ink: ink};
  });
}"""


def test_network_draws_the_node_labels_on_a_phone(phone_page, login_as, drawn):
    page = phone_page
    login_as(page, drawn["investigator"])
    page.goto(f"/links/network/?case={drawn['case'].public_id}&hops=2")
    page.wait_for_selector("#graph canvas")
    page.wait_for_function("() => { const r = document.getElementById('graph')._cyreg; "
                           "return r && r.cy && r.cy.nodes().length > 0; }")
    page.wait_for_timeout(500)  # the first frame
    labels = page.evaluate(_LABEL_INK)
    assert {d["kind"] for d in labels} >= {"case", "person", "phone"}
    for drawn_label in labels:
        assert drawn_label["label"] and drawn_label["w"] > 10
        assert drawn_label["ink"] > 20, drawn_label
