"""Keep the case-level match keys (bank accounts, vehicles) current whoever links them.

Why signals here and explicit calls for persons: persons are written only through
``enlace.persons.services`` (which calls the ``person_saved`` extension point, where
``index_person`` is registered), but accounts and vehicles are
attached to cases through the many-to-many fields, from several places (forms, imports,
the demo). Listening to those fields keeps the index right without each caller knowing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from enlace.cases.models import Case
from enlace.persons.models import BankAccount, Vehicle

from .services import index_case


def _reindex(case_ids: Iterable[int]) -> None:
    for case in Case.objects.filter(pk__in=list(case_ids)):
        index_case(case)


@receiver(m2m_changed, sender=Case.bank_accounts.through)
@receiver(m2m_changed, sender=Case.vehicles.through)
def case_assets_changed(sender: type[Model], instance: Any, action: str, reverse: bool,
                        pk_set: set[int] | None, **kwargs: Any) -> None:
    """``instance`` is the case, or (``reverse``) the account or vehicle, and carries the cases
    remembered before a clear: Django's signal contract, hence ``Any``."""
    if action == "pre_clear" and reverse:  # remember the cases before the links go
        instance._links_cleared_cases = list(instance.cases.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # called from the account or vehicle side: instance is the asset
        _reindex(pk_set or getattr(instance, "_links_cleared_cases", None) or instance.cases.values_list("pk", flat=True))
    else:
        _reindex([instance.pk])


@receiver(post_save, sender=BankAccount)
@receiver(post_save, sender=Vehicle)
def asset_saved(sender: type[Model], instance: BankAccount | Vehicle, created: bool, **kwargs: Any) -> None:
    if not created:
        _reindex(instance.cases.values_list("pk", flat=True))
