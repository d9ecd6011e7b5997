"""Network, routes and transnational pages, the network's JSON and its exports.

The network page works without JavaScript (tables of entities, communities, brokers and
the path); ``static/links/network.js`` draws the same data with Cytoscape.js, loaded from
``links:network_data`` (no inline script, CSP unchanged) and expands a node on click.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.selectors import case_get
from enlace.core.http import domain_errors, session_reveals
from enlace.core.public_ids import parse_public_id

from .exports import FORMATS, export_network
from .forms import NetworkForm
from .graph import network_around, network_expand, path_between
from .graph_view import KIND_NAMES, analyse, to_elements
from .lookup import reference_suggestions, typed_name
from .node_ids import public_node_ids, unseal
from .routes import flow_diagram, route_summary
from .transnational import transnational


def _public(user, net):
    return public_node_ids(net.graph, actor=user)


def _require_case_worker(user) -> None:
    if not user.can_work_cases:
        raise PermissionDenied


def _network(request: AuthenticatedRequest, form: NetworkForm):
    """(center, hops, network, path) for valid options; 404 when the centre is not visible."""
    center, hops = form.center(), form.hops_value()
    if center is None:
        return None, hops, None, []
    reveals = session_reveals(request)
    target = (form.cleaned_data.get("to") or "").strip()
    path: list[str] = []
    if target:
        net, path = path_between(actor=request.user, source=center, target=target, reveals=reveals)
        if net is not None and path:
            extra = network_around(actor=request.user, center=center, hops=hops, reveals=reveals)
            if extra is not None:
                net.graph.add_nodes_from(extra.graph.nodes(data=True))
                net.graph.add_edges_from(extra.graph.edges(data=True))
                net.expanded |= extra.expanded
    else:
        net = network_around(actor=request.user, center=center, hops=hops, reveals=reveals)
    if net is None:
        raise Http404
    return center, hops, net, path


def _show_typed_names(form: NetworkForm, *, actor, center: str) -> None:
    """A link from a case or person page carries its public id: the form shows the reference or the
    pseudonym instead, never the raw id."""
    field = "case" if center.startswith("case:") else "person"
    if parse_public_id(str(form.data.get(field, "")).strip()) is not None and (name := typed_name(actor=actor,
                                                                                                 center=center)):
        form.data = {**dict(form.data.items()), field: name}


@login_required
@domain_errors
def network_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_case_worker(request.user)
    form = NetworkForm(request.GET or None, actor=request.user)
    ctx: dict = {"form": form, "kind_names": KIND_NAMES, "references": reference_suggestions(actor=request.user)}
    if form.is_valid():
        center, hops, net, path = _network(request, form)
        if net is not None:
            _show_typed_names(form, actor=request.user, center=center)
            data = to_elements(net, analyse(net), path=path, public_id=_public(request.user, net))
            query = urlencode({k: str(v) for k, v in request.GET.items() if k in ("case", "person", "hops", "to") and v})
            ctx.update({"center": center, "hops": hops, "data": data, "query": query,
                        "data_url": f"{reverse('links:network_data')}?{query}",
                        "nodes": sorted(data["elements"]["nodes"], key=lambda n: (n["data"]["kind"],
                                                                                  n["data"]["label"])),
                        "path_labels": [next(n["data"]["label"] for n in data["elements"]["nodes"]
                                             if n["data"]["id"] == p) for p in data["path"]],
                        "path_asked": bool(form.cleaned_data.get("to")), "formats": FORMATS})
    return render(request, "links/network.html", ctx)


@login_required
@domain_errors
def network_data_view(request: AuthenticatedRequest) -> HttpResponse:
    """JSON for Cytoscape: the network (same options as the page) or one node's neighbours."""
    _require_case_worker(request.user)
    token = request.GET.get("expand", "")
    if token:
        expand = unseal(token, actor=request.user)
        if expand is None:
            raise Http404
        net = network_expand(actor=request.user, center=expand, reveals=session_reveals(request))
        if net is None:
            raise Http404
        return JsonResponse(to_elements(net, analyse(net), public_id=_public(request.user, net)))
    form = NetworkForm(request.GET, actor=request.user)
    if not form.is_valid() or form.center() is None:
        raise Http404
    _center, _hops, net, path = _network(request, form)
    return JsonResponse(to_elements(net, analyse(net), path=path, public_id=_public(request.user, net)))


@login_required
@domain_errors
def network_export_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_case_worker(request.user)
    form = NetworkForm(request.GET, actor=request.user)
    fmt = request.GET.get("format", "ftm")
    if not form.is_valid() or form.center() is None or fmt not in FORMATS:
        raise Http404
    center, hops, net, _path = _network(request, form)
    content, ctype, ext = export_network(actor=request.user, net=net, fmt=fmt, center=center, hops=hops)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="enlace-{_public(request.user, net)(center).replace(":", "-")}.{ext}"'
    return response


@login_required
@domain_errors
def case_export_view(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    """A case's entities (and their direct links), in the format asked for."""
    case, _access = case_get(actor=request.user, case_id=case_id)
    fmt = request.GET.get("format", "ftm")
    if fmt not in FORMATS:
        raise Http404
    net = network_around(actor=request.user, center=f"case:{case.pk}", hops=2, reveals=session_reveals(request))
    if net is None:
        raise Http404  # a summary-only sharing: no persons, nothing to export
    content, ctype, ext = export_network(actor=request.user, net=net, fmt=fmt, center=f"case:{case.pk}", hops=2)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="enlace-case-{case.public_id}.{ext}"'
    return response


@login_required
@domain_errors
def routes_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_case_worker(request.user)
    level = request.GET.get("level", "country")
    summary = route_summary(actor=request.user, level=level)
    diagram = flow_diagram(summary, column_titles=(_("Origin"), _("Transit"), _("Destination")))
    labels = summary.labels
    rows = [{"route": r, "origin": labels[r.origin], "transits": [labels[t] for t in r.transits],
             "destination": labels[r.destination]} for r in summary.routes]
    return render(request, "links/routes.html", {"summary": summary, "diagram": diagram, "level": summary.level,
                                                 "route_rows": rows})


@login_required
@domain_errors
def transnational_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_case_worker(request.user)
    data = transnational(actor=request.user, reveals=session_reveals(request))
    return render(request, "links/transnational.html", {"data": data, "kind_names": KIND_NAMES})
