from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    STEERING_MEMBER = "steering_member", _("Steering group member")
    LOCAL_LEAD = "local_lead", _("Local lead")
    MEMBER = "member", _("Member")
    PANELLIST = "panellist", _("Panellist")


# Roles whose holders must use multi-factor authentication.
PRIVILEGED_ROLES = frozenset({Role.COORDINATOR, Role.PANELLIST})
# Roles that may see who the network's members are.
MEMBER_LIST_ROLES = frozenset({Role.COORDINATOR, Role.STEERING_MEMBER})
# Roles that work with the organisations in a network.
ORGANISATION_ROLES = frozenset({Role.COORDINATOR, Role.STEERING_MEMBER, Role.LOCAL_LEAD})


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    FE_COLLEGE = "fe_college", _("Further education college")
    LIBRARY = "library", _("Library")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    HEALTH = "health", _("Health service")
    MATERNITY = "maternity", _("Maternity service")
    ARTS = "arts", _("Arts organisation")
    FAITH = "faith", _("Faith community")
    SPORT = "sport", _("Sports club")
    GARDEN = "garden", _("Garden")
    CHARITY_SHOP = "charity_shop", _("Charity shop")
    BUSINESS = "business", _("Business")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    OTHER = "other", _("Other")
