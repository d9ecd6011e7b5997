"""Roles and what each may do: the one table every permission check reads.

Why a table, not scattered ifs: separation of duties (the administrator reads no case
content, the M&E committee sees no person) must be provable by reading one place.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INVESTIGATOR = "investigator", _("Investigator")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    SUPERVISOR = "supervisor", _("Supervisor")
    SCREENER = "screener", _("Frontline screener")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    LIAISON = "liaison", _("Liaison")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    # Assessments, action plans and training records; no case, person or screening access at all.
    CAPACITY_MANAGER = "capacity_manager", _("Capacity manager")
    AUDITOR = "auditor", _("Auditor")
    # Approves grants of access asked by someone else (four eyes); sees no case or person.
    APPROVER = "approver", _("Access approver")
    SYSADMIN = "sysadmin", _("System administrator")


# Roles that may open case content when the need-to-know rule also allows it.
CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.SUPERVISOR, Role.LIAISON})
# Roles that may create cases.
CASE_CREATE_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.SUPERVISOR})
# Roles that may reveal the identity behind a victim's or witness's pseudonym (with a reason).
REVEAL_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.SUPERVISOR})
# Roles that record screenings in the field.
SCREENING_ROLES = frozenset({Role.SCREENER, Role.INVESTIGATOR, Role.PROSECUTOR, Role.SUPERVISOR,
                             Role.SERVICE_PROVIDER})
# Roles that can see a victim in any form: a second factor is required for them.
VICTIM_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.SUPERVISOR, Role.LIAISON,
                          Role.SCREENER, Role.SERVICE_PROVIDER})
ADMIN_ROLES = frozenset({Role.SYSADMIN})
AUDIT_ROLES = frozenset({Role.AUDITOR})
MONITORING_ROLES = frozenset({Role.MONITORING})
CAPACITY_ROLES = frozenset({Role.CAPACITY_MANAGER})
# Roles that may approve a grant of access for their institution (supervisors: for their unit).
APPROVER_ROLES = frozenset({Role.APPROVER})


class InstitutionKind(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecution service")
    JUDICIARY = "judiciary", _("Judiciary")
    LABOUR = "labour", _("Labour inspection")
    MIGRATION = "migration", _("Migration / border")
    SOCIAL = "social", _("Social services")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
