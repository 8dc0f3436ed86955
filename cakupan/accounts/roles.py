"""Roles and what each may do. A user holds roles through assignments, each for a region (and so its
children); a capability counts only within the regions of the assignment that grants it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "NATIONAL_ADMIN", _("National administrator")
    NATIONAL_ANALYST = "NATIONAL_ANALYST", _("National analyst")
    BPJS_OFFICER = "BPJS_OFFICER", _("BPJS Ketenagakerjaan officer")
    REGIONAL_OFFICER = "REGIONAL_OFFICER", _("Regional officer")
    COMPLIANCE_OFFICER = "COMPLIANCE_OFFICER", _("Compliance officer")
    LICENSING_OFFICER = "LICENSING_OFFICER", _("Licensing officer")


class Cap(models.TextChoices):
    """Capabilities: the verbs the code checks. Roles are bundles of them."""

    VIEW_RESTRICTED = "view_restricted", _("see figures below the public level, unsuppressed")
    VIEW_IMPORTS = "view_imports", _("see import batches")
    IMPORT_PARTICIPATION = "import_participation", _("import participation figures")
    IMPORT_WORKFORCE = "import_workforce", _("import workforce figures")
    IMPORT_TARGETS = "import_targets", _("import and enter targets")
    WRITE_MONEV = "write_monev", _("write Monev records")
    IMPORT_BENEFITS = "import_benefits", _("import benefits paid")
    MANAGE_CASES = "manage_cases", _("work on compliance cases")
    VIEW_COMPLIANCE = "view_compliance", _("see the compliance status of employers")
    MANAGE_USERS = "manage_users", _("manage users, roles and tokens")
    VIEW_AUDIT = "view_audit", _("read the audit trail")
    USE_API = "use_api", _("use the API with a token")
    IMPORT_BOUNDARIES = "import_boundaries", _("import region boundaries (maps)")
    IMPORT_CROSSWALK = "import_crosswalk", _("import the BPS to Kemendagri region crosswalk")


ROLE_CAPS: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: frozenset(Cap.values),
    Role.NATIONAL_ANALYST: frozenset(
        {
            Cap.VIEW_RESTRICTED,
            Cap.VIEW_IMPORTS,
            Cap.IMPORT_TARGETS,
            Cap.IMPORT_CROSSWALK,
            Cap.WRITE_MONEV,
            Cap.VIEW_COMPLIANCE,
            Cap.USE_API,
        }
    ),
    Role.BPJS_OFFICER: frozenset(
        {
            Cap.VIEW_RESTRICTED,
            Cap.VIEW_IMPORTS,
            Cap.IMPORT_PARTICIPATION,
            Cap.IMPORT_BENEFITS,
            Cap.VIEW_COMPLIANCE,
            Cap.USE_API,
        }
    ),
    Role.REGIONAL_OFFICER: frozenset(
        {
            Cap.VIEW_RESTRICTED,
            Cap.VIEW_IMPORTS,
            Cap.IMPORT_WORKFORCE,
            Cap.IMPORT_TARGETS,
            Cap.WRITE_MONEV,
            Cap.USE_API,
        }
    ),
    Role.COMPLIANCE_OFFICER: frozenset(
        {Cap.VIEW_RESTRICTED, Cap.MANAGE_CASES, Cap.VIEW_COMPLIANCE, Cap.USE_API}
    ),
    Role.LICENSING_OFFICER: frozenset({Cap.VIEW_COMPLIANCE, Cap.USE_API}),
}

# Roles whose assignment is always national.
NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST})

# Which capability imports which dataset.
# Who imports which dataset is declared with the dataset (imports.registry: `capabilities`).
