"""Invented demo data: real streams and places, invented people and organisations."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django_scopes import scopes_disabled

from members.enums import OrganisationKind, Role
from members.models import Membership, Organisation, OrganisationContact, User
from members.services import add_membership, add_organisation_contact, create_organisation
from sanctuary.enums import AreaType, Nation, NetworkKind
from sanctuary.models import Network
from sanctuary.services import create_network
from streams.enums import StreamMembershipStatus
from streams.services import join_stream

DEMO_PASSWORD = "welcome-demo-2026"

STREAMS = [
    ("schools", "Schools of Sanctuary", "Schools where every child and family is welcomed."),
    ("universities", "Universities of Sanctuary", "Higher education that opens its doors."),
    (
        "fe-colleges",
        "FE Colleges of Sanctuary",
        "Further education colleges that welcome learners.",
    ),
    ("libraries", "Libraries of Sanctuary", "Libraries as warm, open places for everyone."),
    (
        "local-authorities",
        "Local Authorities of Sanctuary",
        "Councils that put welcome into policy.",
    ),
    ("health", "Health of Sanctuary", "Health services that are safe and welcoming to use."),
    (
        "maternity",
        "Maternity Stream of Sanctuary",
        "Welcome for women and babies in maternity care.",
    ),
    ("arts", "Arts of Sanctuary", "Theatres, galleries and arts groups that make room."),
    ("faith", "Faith of Sanctuary", "Faith communities offering hospitality."),
    ("sport", "Sport of Sanctuary", "Clubs and sport for everyone, wherever they are from."),
    ("gardens", "Gardens of Sanctuary", "Green spaces where people grow together."),
    (
        "charity-shops",
        "Charity Shops of Sanctuary",
        "Charity shops that welcome volunteers and shoppers.",
    ),
]

GROUPS = [
    (
        "sheffield",
        "Sheffield City of Sanctuary",
        AreaType.CITY,
        Nation.ENGLAND,
        "Yorkshire and the Humber",
    ),
    ("birmingham", "Birmingham City of Sanctuary", AreaType.CITY, Nation.ENGLAND, "West Midlands"),
    ("bristol", "Bristol City of Sanctuary", AreaType.CITY, Nation.ENGLAND, "South West"),
    ("leeds", "Leeds City of Sanctuary", AreaType.CITY, Nation.ENGLAND, "Yorkshire and the Humber"),
    ("norwich", "Norwich City of Sanctuary", AreaType.CITY, Nation.ENGLAND, "East of England"),
    (
        "hebden-bridge",
        "Hebden Bridge Town of Sanctuary",
        AreaType.TOWN,
        Nation.ENGLAND,
        "Yorkshire and the Humber",
    ),
    ("glasgow", "Glasgow City of Sanctuary", AreaType.CITY, Nation.SCOTLAND, "Glasgow"),
    ("swansea", "Swansea City of Sanctuary", AreaType.CITY, Nation.WALES, "South West Wales"),
    ("wales", "Wales Nation of Sanctuary Network", AreaType.NATION, Nation.WALES, ""),
    ("belfast", "Belfast City of Sanctuary", AreaType.CITY, Nation.NORTHERN_IRELAND, "Belfast"),
    (
        "derry",
        "Derry and Strabane City of Sanctuary",
        AreaType.CITY,
        Nation.NORTHERN_IRELAND,
        "North West",
    ),
]

LOCAL_STREAMS = [
    ("sheffield-schools", "Sheffield Schools of Sanctuary", "schools", "sheffield"),
    ("swansea-libraries", "Swansea Libraries of Sanctuary", "libraries", "swansea"),
]

ORGANISATIONS = [
    (
        "parkside-primary",
        "Parkside Primary School (demo)",
        OrganisationKind.SCHOOL,
        "Sheffield",
        "sheffield",
        ["schools", "sheffield-schools"],
    ),
    (
        "hillcrest-academy",
        "Hillcrest Academy (demo)",
        OrganisationKind.SCHOOL,
        "Glasgow",
        "glasgow",
        ["schools"],
    ),
    (
        "riverside-library",
        "Riverside Community Library (demo)",
        OrganisationKind.LIBRARY,
        "Swansea",
        "swansea",
        ["libraries", "swansea-libraries"],
    ),
    (
        "northfield-university",
        "Northfield University (demo)",
        OrganisationKind.UNIVERSITY,
        "Leeds",
        "leeds",
        ["universities"],
    ),
    (
        "kingsmead-college",
        "Kingsmead College (demo)",
        OrganisationKind.FE_COLLEGE,
        "Birmingham",
        "birmingham",
        ["fe-colleges"],
    ),
    (
        "harbourside-council",
        "Harbourside Borough Council (demo)",
        OrganisationKind.LOCAL_AUTHORITY,
        "Bristol",
        "bristol",
        ["local-authorities"],
    ),
    (
        "lantern-theatre",
        "The Lantern Theatre (demo)",
        OrganisationKind.ARTS,
        "Norwich",
        "norwich",
        ["arts"],
    ),
    (
        "valley-gp",
        "Valley Road Surgery (demo)",
        OrganisationKind.HEALTH,
        "Belfast",
        "belfast",
        ["health"],
    ),
    (
        "st-brigids",
        "St Brigid's Community Church (demo)",
        OrganisationKind.FAITH,
        "Derry",
        "derry",
        ["faith"],
    ),
    (
        "united-fc",
        "Moorside United FC (demo)",
        OrganisationKind.SPORT,
        "Hebden Bridge",
        "hebden-bridge",
        ["sport"],
    ),
    (
        "greenway-garden",
        "Greenway Community Garden (demo)",
        OrganisationKind.GARDEN,
        "Sheffield",
        "sheffield",
        ["gardens"],
    ),
    (
        "second-chance-shop",
        "Second Chance Charity Shop (demo)",
        OrganisationKind.CHARITY_SHOP,
        "Swansea",
        "swansea",
        ["charity-shops"],
    ),
]

# One invented person for each persona of DESIGN.md section 1.
PERSONAS = [
    {
        "persona": "Movement staff",
        "email": "staff@example.org",
        "name": "Ruth Ellington",
        "is_staff": True,
        "roles": [],
    },
    {
        "persona": "Network coordinator (Sheffield group and its schools)",
        "email": "coordinator@example.org",
        "name": "Sami Haddad",
        "roles": [("sheffield", Role.COORDINATOR), ("sheffield-schools", Role.COORDINATOR)],
    },
    {
        "persona": "Stream coordinator (Schools of Sanctuary)",
        "email": "schools.coordinator@example.org",
        "name": "Owen Davies",
        "roles": [("schools", Role.COORDINATOR), ("schools", Role.STEERING_MEMBER)],
    },
    {
        "persona": "Organisation contact (Parkside Primary School)",
        "email": "contact@example.org",
        "name": "Grace Whitfield",
        "roles": [],
        "organisation": ("parkside-primary", "Inclusion lead"),
    },
    {
        "persona": "Supporter",
        "email": "supporter@example.org",
        "name": "Tom Bright",
        "roles": [("sheffield", Role.MEMBER)],
    },
    {
        "persona": "Panellist",
        "email": "panellist@example.org",
        "name": "Nia Roberts",
        "roles": [("schools", Role.PANELLIST), ("swansea", Role.LOCAL_LEAD)],
    },
    {
        "persona": "Sanctuary Ambassador (lived experience)",
        "email": "ambassador@example.org",
        "name": "Yonas Tesfaye",
        "lived_experience": True,
        "language": "ti",
        "roles": [("schools", Role.PANELLIST), ("sheffield", Role.MEMBER)],
    },
    {
        "persona": "Advisory Group member (lived experience)",
        "email": "adviser@example.org",
        "name": "Leila Rahimi",
        "lived_experience": True,
        "language": "fa",
        "roles": [("glasgow", Role.STEERING_MEMBER)],
    },
]


def _network(slug, **fields) -> Network:
    existing = Network.objects.filter(slug=slug).first()
    return existing or create_network(actor=None, slug=slug, **fields)


def _person(spec) -> User:
    user = User.objects.filter(email=spec["email"]).first()
    if user is None:
        user = User.objects.create_user(
            spec["email"],
            DEMO_PASSWORD,
            full_name=spec["name"],
            is_staff=spec.get("is_staff", False),
            is_superuser=spec.get("is_staff", False),
            has_lived_experience=spec.get("lived_experience", False),
            preferred_language=spec.get("language", "en"),
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_demo() -> list[dict]:
    """Create the demo data, or leave it as it is where it exists. Returns the logins."""
    networks: dict[str, Network] = {}
    for slug, name, summary in STREAMS:
        networks[slug] = _network(slug, name=name, kind=NetworkKind.STREAM, summary=summary)
    for slug, name, area_type, nation, region in GROUPS:
        networks[slug] = _network(
            slug,
            name=name,
            kind=NetworkKind.LOCAL_GROUP,
            area_type=area_type,
            nation=nation,
            region=region,
            summary=f"Welcome, friendship and action in {name.split(' City')[0].split(' Town')[0]}.",
            contact_email=f"hello@{slug}.example.org",
        )
    for slug, name, stream, group in LOCAL_STREAMS:
        networks[slug] = _network(
            slug,
            name=name,
            kind=NetworkKind.LOCAL_STREAM,
            parent=networks[stream],
            coordinating_group=networks[group],
            nation=networks[group].nation,
        )
    organisations: dict[str, Organisation] = {}
    for slug, name, kind, town, group, streams in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first() or create_organisation(
            actor=None,
            slug=slug,
            name=name,
            kind=kind,
            town=town,
            nation=networks[group].nation,
            local_group=networks[group],
        )
        organisations[slug] = organisation
        for stream in streams:
            join_stream(
                organisation, networks[stream], actor=None, status=StreamMembershipStatus.ACTIVE
            )

    logins = []
    for spec in PERSONAS:
        user = _person(spec)
        for network_slug, role in spec["roles"]:
            with scopes_disabled():
                exists = Membership.objects.filter(
                    network=networks[network_slug], user=user, role=role
                ).exists()
            if not exists:
                add_membership(networks[network_slug], user, role, actor=None)
        if "organisation" in spec:
            org_slug, title = spec["organisation"]
            if not OrganisationContact.objects.filter(
                organisation=organisations[org_slug], user=user
            ).exists():
                add_organisation_contact(
                    organisations[org_slug], user, actor=None, role_title=title, is_lead=True
                )
        needs_mfa = user.is_staff or any(
            role in {Role.COORDINATOR, Role.PANELLIST} for _n, role in spec["roles"]
        )
        has_mfa = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        logins.append(
            {
                "persona": spec["persona"],
                "email": user.email,
                "password": DEMO_PASSWORD,
                "needs_mfa": needs_mfa and not has_mfa,
            }
        )
    return logins
