"""Institutions, their units, users, memberships (role per institution/unit), teams, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.locking import VersionedModel

from .roles import (
    ADMIN_ROLES,
    APPROVER_ROLES,
    AUDIT_ROLES,
    CAPACITY_ROLES,
    CASE_CREATE_ROLES,
    CASE_ROLES,
    MONITORING_ROLES,
    REVEAL_ROLES,
    SCREENING_ROLES,
    VICTIM_ROLES,
    InstitutionKind,
    Role,
)


class Institution(VersionedModel):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = models.CharField(_("country"), max_length=2)
    case_number_prefix = models.CharField(_("case number prefix"), max_length=20, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(VersionedModel):
    # Not a column: the department's name, set on the units a page lists.
    subdivision_label: str

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    subdivision = models.CharField(_("department"), max_length=8, blank=True)  # ISO 3166-2
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["institution__name", "name"]

    def __str__(self) -> str:
        return self.name



class User(AbstractUser):
    preferred_language = models.CharField(max_length=8, blank=True)
    # Not a field: django-otp's middleware sets it on the signed-in user (second factor passed).
    is_verified: Callable[[], bool]

    class Meta:
        ordering = ["username"]

    @cached_property
    def active_memberships(self) -> list[Membership]:
        return list(self.memberships.filter(is_active=True).select_related("institution", "unit"))

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships) if self.is_active else frozenset()

    @cached_property
    def institution_ids(self) -> frozenset[int]:
        return frozenset(m.institution_id for m in self.active_memberships)

    @cached_property
    def supervised_unit_ids(self) -> frozenset[int]:
        return frozenset(m.unit_id for m in self.active_memberships if m.role == Role.SUPERVISOR and m.unit_id)

    @property
    def primary_institution(self) -> Institution | None:
        return self.active_memberships[0].institution if self.active_memberships else None

    def _any(self, roles: frozenset[str]) -> bool:
        return bool(self.roles & roles)

    @property
    def can_work_cases(self) -> bool:
        return self._any(CASE_ROLES)

    @property
    def can_create_cases(self) -> bool:
        return self._any(CASE_CREATE_ROLES)

    @property
    def can_reveal_identity(self) -> bool:
        return self._any(REVEAL_ROLES)

    @property
    def can_screen(self) -> bool:
        return self._any(SCREENING_ROLES)

    @property
    def sees_victims(self) -> bool:
        return self._any(VICTIM_ROLES)

    @property
    def is_sysadmin(self) -> bool:
        return self._any(ADMIN_ROLES)

    @property
    def is_auditor(self) -> bool:
        return self._any(AUDIT_ROLES)

    @property
    def is_monitoring(self) -> bool:
        return self._any(MONITORING_ROLES)

    @property
    def is_capacity_manager(self) -> bool:
        return self._any(CAPACITY_ROLES)

    @cached_property
    def approver_institution_ids(self) -> frozenset[int]:
        """Institutions whose grants of access this user may approve (designated approver)."""
        return frozenset(m.institution_id for m in self.active_memberships if m.role in APPROVER_ROLES)

    @property
    def is_approver(self) -> bool:
        """A designated approver, or a supervisor (who approves for their unit)."""
        return bool(self.approver_institution_ids or self.supervised_unit_ids)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "institution", "unit", "role"], name="uniq_membership")]


class Team(VersionedModel):
    """A specialised multidisciplinary team (EME): members from several institutions."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    subdivision = models.CharField(_("department"), max_length=8, blank=True)
    members = models.ManyToManyField(User, through="TeamMember", related_name="teams")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="team_memberships")
    since = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_team_member")]


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """Personal API token: shown once, stored as SHA-256, revocable, expiring, read or read-write.

    A token issued on the command line waits (``approved=False``) until a second person approves it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    approved = models.BooleanField(default=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccessGrantRequest(models.Model):
    """A grant of access to cases or identities, asked by one person, applied when another approves.

    ``kind`` names a registered grant kind (``accounts/grants.py``; the cases app registers its
    own); ``payload`` holds ids and codes the kind's apply function reads. ``institution`` and
    ``unit`` say whose approvers decide: the designated approvers of the institution, or the
    supervisors of the unit. Never the requester, never the person who would get the access.
    """

    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    subject = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING,
                              db_index=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    @property
    def requester_label(self) -> str:
        return self.requested_by.username if self.requested_by else str(_("(command line)"))
