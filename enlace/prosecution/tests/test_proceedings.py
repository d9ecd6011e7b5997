import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enlace.cases.models import Case
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.core.jobs import registered_schedules
from enlace.prosecution.jobs import deadline_alerts
from enlace.prosecution.models import DefendantStage, Judgment, ProceduralStage, Reparation
from enlace.prosecution.services_proceedings import (
    appeal_add,
    charge_create,
    charge_set_status,
    hearing_create,
    hearing_record,
    judgment_create,
    measure_create,
    stage_enter,
)
from enlace.referrals.models import Notification

from .proceedings_factories import offence, stage, suspect, victim_from_screening

pytestmark = pytest.mark.django_db


def _enter(w, defendant, code: str, days_ago: int = 0):
    return stage_enter(actor=w["prosecutor"], case_id=w["case"].public_id, defendant_id=defendant.pk,
                       stage_id=stage(code).pk, started_on=timezone.localdate() - dt.timedelta(days=days_ago))


def test_bolivian_stages_in_order_and_imputation_apart_from_accusation():
    codes = list(ProceduralStage.objects.filter(country="BO").values_list("code", flat=True))
    assert codes == ["denuncia", "investigacion_preliminar", "imputacion_formal", "investigacion", "acusacion",
                     "juicio_oral", "sentencia", "apelacion", "casacion"]


def test_a_stage_ends_the_previous_one_sets_its_deadline_and_moves_the_case_forward(world):
    d = suspect(world)
    first = _enter(world, d, "investigacion_preliminar", days_ago=3)
    assert first.deadline_on == first.started_on + dt.timedelta(days=20)
    assert Case.objects.get(pk=world["case"].pk).status == "investigation"
    _enter(world, d, "acusacion")
    assert DefendantStage.objects.get(pk=first.pk).ended_on == timezone.localdate()
    assert Case.objects.get(pk=world["case"].pk).status == "prosecution"
    _enter(world, d, "investigacion")  # a defendant sent back does not pull the case backwards
    assert Case.objects.get(pk=world["case"].pk).status == "prosecution"
    assert DefendantStage.objects.filter(defendant=d, ended_on__isnull=True).count() == 1


def test_deadline_alerts_created_by_the_worker_once(world):
    d = suspect(world)
    near = _enter(world, d, "investigacion_preliminar", days_ago=15)  # 20-day limit: 5 days left
    other = suspect(world, role="defendant")
    _enter(world, other, "investigacion")  # 180 days left: no alert
    assert any(j.func == "enlace.prosecution.jobs.deadline_alerts" for j in registered_schedules())
    assert deadline_alerts() == {"alerts": 1}
    note = Notification.objects.get(kind="stage_deadline")
    assert note.user == world["prosecutor"]
    assert world["case"].reference_label() in note.text and near.deadline_on.isoformat() in note.text
    assert d.person.pseudonym in note.text and "Mario" not in note.text
    assert deadline_alerts() == {"alerts": 0}  # idempotent
    assert deadline_alerts(today=timezone.localdate() + dt.timedelta(days=200)) == {"alerts": 1}


def test_charge_hearing_judgment_measure(world):
    victim = victim_from_screening(world)
    d = suspect(world)
    charge = charge_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                           offence_id=offence().pk, aggravations=["organised_group"], stage_id=stage("acusacion").pk)
    assert charge.prosecutor == world["prosecutor"] and charge.status == "pending"
    assert charge.articles == offence().article
    with pytest.raises(ValidationError):
        charge_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                      offence_id=offence().pk, aggravations=["invented"])
    with pytest.raises(ValidationError):  # a victim is not a defendant
        charge_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=victim.pk,
                      offence_id=offence().pk)
    charge_set_status(actor=world["prosecutor"], charge_id=charge.pk, expected_version=charge.version,
                      status="filed", charged_on=timezone.localdate())
    with pytest.raises(Conflict):
        charge_set_status(actor=world["prosecutor"], charge_id=charge.pk, expected_version=1, status="withdrawn")

    hearing = hearing_create(actor=world["prosecutor"], case_id=world["case"].public_id,
                             starts_at=timezone.now() + dt.timedelta(days=2), court="Juzgado 3.º de Instrucción",
                             kind="anticipated", defendant_ids=[d.pk], victim_id=victim.pk,
                             participation=["gesell", "anticipated"])
    with pytest.raises(ValidationError):
        hearing_create(actor=world["prosecutor"], case_id=world["case"].public_id, starts_at=timezone.now(), court="X",
                       kind="trial", participation=["teleport"])
    hearing_record(actor=world["prosecutor"], hearing_id=hearing.pk, expected_version=hearing.version,
                   result="Testimony taken in the Gesell chamber", next_on=timezone.localdate())

    judgment = judgment_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                               decided_on=timezone.localdate(), court="Tribunal 3.º de Sentencia",
                               verdict="convicted", sentence_years="12", fine="5000", currency="bob",
                               charge_id=charge.pk, reparations=[(victim.pk, "20000", "BOB")])
    assert judgment.sentence_years == Decimal("12") and judgment.currency == "BOB"
    assert Reparation.objects.get(judgment=judgment).amount == Decimal("20000")
    with pytest.raises(ValidationError):
        judgment_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                        decided_on=timezone.localdate(), court="T", verdict="acquitted", sentence_years="3")
    with pytest.raises(ValidationError):  # the whole judgment is refused, not half-written
        judgment_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                        decided_on=timezone.localdate(), court="T", verdict="convicted",
                        reparations=[(d.pk, "100", "BOB")])
    assert Judgment.objects.count() == 1
    appeal = appeal_add(actor=world["prosecutor"], judgment_id=judgment.pk, kind="appeal",
                        filed_on=timezone.localdate(), filed_by="Defensa")
    assert appeal.outcome == "pending"
    measure = measure_create(actor=world["prosecutor"], case_id=world["case"].public_id, person_id=victim.pk,
                             kind="identity", ordered_by="Juez 3.º de Instrucción", starts_on=timezone.localdate())
    assert measure.status == "active"
    with pytest.raises(ValidationError):
        measure_create(actor=world["prosecutor"], case_id=world["case"].public_id, person_id=victim.pk, kind="shelter",
                       ordered_by="Juez", starts_on=timezone.localdate(),
                       ends_on=timezone.localdate() - dt.timedelta(days=1))


def test_only_case_editors_write_and_strangers_get_not_found(world):
    d = suspect(world)
    with pytest.raises(NotFound):
        charge_create(actor=world["outsider"], case_id=world["case"].public_id, defendant_id=d.pk, offence_id=offence().pk)
    with pytest.raises((NotFound, Forbidden)):
        measure_create(actor=world["liaison"], case_id=world["case"].public_id, person_id=d.pk, kind="other",
                       ordered_by="x", starts_on=timezone.localdate())
