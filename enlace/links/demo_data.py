"""Matching over the demo workspace: hits, a review queue, a network, routes, requests.

``populate(rng=..., users=..., cases=...)`` runs after the cases are loaded (``enlace demo``).
It rebuilds the match index (bulk-loaded cases bypass the services that index persons),
then makes the linking pages worth a visit: the same bank account and minibus appear in
two cases of different units (one of them abroad, so the network shows a transnational
community), an analyst decides three proposals (same / not the same / unsure, the first
merging two records), and a unit asks another for information about a hidden hit, which
the holder answers. Everything goes through the services (audited). Fictitious data only.
"""

from __future__ import annotations

import random
from itertools import combinations

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.cases.models import Case, CasePerson
from enlace.cases.services_persons import case_person_add
from enlace.persons.models import BankAccount, Person, Vehicle
from enlace.persons.services import PersonInput

from .models import CandidateKind, CandidateStatus, InformationRequest, MatchCandidate
from .selectors import can_decide, holders_for
from .services import index_case, reindex_all
from .services_requests import request_answer, request_create
from .services_review import match_decide

BANKS = ("Banco Unión", "BancoSol", "Banco Nacional de Bolivia", "Banco FIE")
VEHICLES = ("Minibús Toyota Hiace blanco", "Camioneta Nissan roja", "Bus interdepartamental Volvo")


def _lead_units(person_ids: set[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for pid, unit in CasePerson.objects.filter(person_id__in=person_ids).values_list("person_id", "case__lead_unit_id"):
        out.setdefault(pid, set()).add(unit)
    return out


def _case_of(person_id: int) -> Case | None:
    cp = CasePerson.objects.filter(person_id=person_id).select_related("case").order_by("id").first()
    return cp.case if cp else None


def _shared_assets(rng: random.Random, pairs: list[MatchCandidate]) -> int:
    """The same account and vehicle, written differently, in the cases of cross-unit pairs."""
    linked = 0
    for candidate in pairs:
        case_a, case_b = _case_of(candidate.person_a_id), _case_of(candidate.person_b_id)
        if case_a is None or case_b is None or case_a.pk == case_b.pk:
            continue
        digits = f"{rng.randint(10, 99)}{rng.randint(10_000_000, 99_999_999)}"
        bank = rng.choice(BANKS)
        case_a.bank_accounts.add(BankAccount.objects.create(bank=bank, number=digits, country="BO"))
        case_b.bank_accounts.add(BankAccount.objects.create(
            bank=bank, number=f"{digits[:4]}-{digits[4:8]}-{digits[8:]}", country="BO"))
        plate = f"{rng.randint(1000, 4999)}-{rng.choice('BCDFGHKLNPRSTX')}{rng.choice('BCDFGHKLNPRSTX')}O"
        description = rng.choice(VEHICLES)
        case_a.vehicles.add(Vehicle.objects.create(plate=plate, country="BO", description=description))
        case_b.vehicles.add(Vehicle.objects.create(plate=plate.replace("-", "").replace("O", "0"), country="BO",
                                                   description=description))
        index_case(case_a)
        index_case(case_b)
        linked += 1
    return linked


def _variant(person: Person, style: int) -> PersonInput:
    """The same person as a second officer typed them, in one of three usual ways."""
    given, first, second = person.given_names, person.first_surname, person.second_surname
    data = PersonInput(sex=person.sex, birth_year=person.birth_year, nationality=person.nationality)
    if style == 0:  # everything in one box, "SURNAMES, GIVEN"
        data.given_names = f"{first} {second}, {given}".replace(" ,", ",").upper()
    elif style == 1:  # first given name only, no second surname
        data.given_names, data.first_surname = given.split()[0], first
    else:  # surnames in the other order
        data.given_names, data.first_surname, data.second_surname = given, second or first, first if second else ""
    data.documents = [(d.doc_type, f"{int(d.number):,}".replace(",", ".") if d.number.isdigit() else d.number_raw,
                       "") for d in person.documents.all()[:1]]
    data.phones = [(p.e164 or p.raw).replace("+591", "") for p in person.phones.all()[:1]]
    return data


def _duplicates(users: dict) -> int:
    """Records entered twice within one team (the existing person was not searched first)."""
    made = 0
    for user in users.values():
        if Role.INVESTIGATOR not in getattr(user, "roles", ()):
            continue
        team_cases = list(Case.objects.filter(team__memberships__user=user).order_by("pk")[:12])
        suspects = [cp for case in team_cases[:6] for cp in CasePerson.objects.filter(
            case=case, role__in=("suspect", "defendant")).select_related("person").order_by("id")
            if cp.person.given_names and cp.person.first_surname and cp.person.birth_year]
        for style, cp in enumerate(suspects[:3]):
            target = next((c for c in reversed(team_cases) if c.pk != cp.case_id), None)
            if target is None:
                continue
            case_person_add(actor=user, case=target, role="suspect", data=_variant(cp.person, style))
            made += 1
    return made


def _decider(users: dict[str, User], candidate: MatchCandidate) -> User | None:
    for user in users.values():
        if Role.INVESTIGATOR in getattr(user, "roles", ()) and can_decide(actor=user, candidate=candidate):
            return user
    return None


def _decisions(users: dict, proposals: list[MatchCandidate]) -> int:
    """Confirm the strongest decidable proposal, reject the weakest, mark one unsure."""
    decidable = [(c, u) for c in proposals if (u := _decider(users, c)) is not None]
    if not decidable:
        return 0
    plan = [(decidable[0], "same", "Misma foto en ambas fichas; el CI coincide.")]
    if len(decidable) > 2:
        plan.append((decidable[-1], "not_same", "Hermanos: distinta fecha de nacimiento según el certificado."))
        plan.append((decidable[len(decidable) // 2], "unsure", "Pedir el certificado de nacimiento."))
    for (candidate, user), decision, note in plan:
        match_decide(actor=user, candidate=candidate, decision=decision, note=note)
    return len(plan)


def _requests(users: dict) -> int:
    """One unit asks another about a hidden hit; the holder's supervisor answers."""
    sent = 0
    askers = [u for u in users.values() if Role.INVESTIGATOR in getattr(u, "roles", ())]
    supervised = {uid: u for u in users.values() for uid in getattr(u, "supervised_unit_ids", ())}
    for asker in askers:
        persons = Person.objects.filter(case_roles__case__team__memberships__user=asker).distinct().order_by("pk")
        for person in persons[:400]:
            holders = holders_for(actor=asker, person=person)
            target = next((t for t, (h, _ids) in sorted(holders.items()) if h.kind == "unit" and h.id in supervised),
                          None)
            if target is None:
                continue
            req = request_create(actor=asker, person=person, holder_token=target, purpose=(
                "Posible coincidencia con un investigado de nuestro caso; solicitamos datos para coordinar "
                "la aprehensión y evitar diligencias duplicadas."))
            if sent == 0:
                request_answer(actor=supervised[holders[target][0].id], req=req, answer=(
                    "Confirmamos que es el mismo investigado. Compartimos el caso con su fiscalía; "
                    "coordine con el investigador asignado."))
            sent += 1
            break
        if sent >= 2:
            break
    return sent


def populate(*, rng: random.Random, users: dict, cases: list, match_limit: int = 20_000) -> dict:
    """Index and match the demo, then add shared assets, decisions and requests."""
    n_persons = Person.objects.count()
    stats = reindex_all(match=n_persons <= match_limit)
    stats["duplicates"] = _duplicates(users)
    proposals = list(MatchCandidate.objects.filter(kind=CandidateKind.SAME_PERSON, status=CandidateStatus.PROPOSED)
                     .order_by("-score", "id"))
    units = _lead_units({c.person_a_id for c in proposals} | {c.person_b_id for c in proposals})
    cross = [c for c in proposals if units.get(c.person_a_id, set()).isdisjoint(units.get(c.person_b_id, set()))]
    # Prefer pairs whose two cases form a pair of cases only once (one asset pair per case pair).
    seen_cases: set[frozenset[int]] = set()
    chosen = []
    for c in cross:
        key = frozenset(filter(None, (getattr(_case_of(c.person_a_id), "pk", None),
                                      getattr(_case_of(c.person_b_id), "pk", None))))
        if len(key) == 2 and key not in seen_cases:
            seen_cases.add(key)
            chosen.append(c)
        if len(chosen) >= 3:
            break
    stats["shared_assets"] = _shared_assets(rng, chosen)
    stats["decisions"] = _decisions(users, proposals)
    stats["requests"] = 0 if InformationRequest.objects.exists() else _requests(users)
    stats["cross_unit_pairs"] = len(cross)
    stats["case_pairs"] = len(list(combinations(seen_cases, 2)))
    return stats
