"""Invented demo data: real streams and places, invented people and organisations."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django_scopes import scopes_disabled

from members.enums import (
    AffiliationState,
    AmbassadorRole,
    AmbassadorStatus,
    DocumentSlug,
    GovernanceType,
    OrganisationKind,
    PartyKind,
    Role,
)
from members.models import (
    AdvisoryGroupMember,
    AffiliationApplication,
    Ambassador,
    ContactRequest,
    Membership,
    NetworkJoinRequest,
    Organisation,
    OrganisationContact,
    PartnershipForum,
    User,
)
from members.queries import current_version
from members.services.affiliation import apply_for_affiliation, set_affiliation_state
from members.services.charter import (
    SignatureError,
    confirm_signature,
    create_document_version,
    sign_document,
)
from members.services.lived_experience import (
    nominate_to_advisory_group,
    register_ambassador,
    set_ambassador_status,
)
from members.services.networks import join_network
from members.services.organisations import register_organisation, request_to_act_for
from members.services.partnerships import add_forum_member, create_partnership_forum
from members.services.people import add_membership, add_organisation_contact, create_organisation
from sanctuary.enums import AreaType, Nation, NetworkKind
from sanctuary.models import Network
from sanctuary.services import create_network
from sanctuary.uploads import check_upload

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
    (
        "health-of-sanctuary",
        "Health of Sanctuary",
        "Health services that are safe and welcoming to use.",
    ),
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

# Where each local group is: the town's name and its point (GeoNames). The Wales network covers
# the whole nation, so it has none.
GROUP_PLACES = {
    "sheffield": ("Sheffield", 53.3830, -1.4659),
    "birmingham": ("Birmingham", 52.4814, -1.8998),
    "bristol": ("Bristol", 51.4552, -2.5966),
    "leeds": ("Leeds", 53.7965, -1.5478),
    "norwich": ("Norwich", 52.6278, 1.2983),
    "hebden-bridge": ("Hebden Bridge", 53.7409, -2.0134),
    "glasgow": ("Glasgow", 55.8651, -4.2576),
    "swansea": ("Swansea", 51.6208, -3.9432),
    "belfast": ("Belfast", 54.5968, -5.9254),
    "derry": ("Derry", 54.9981, -7.3093),
}

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
        "eastbrook-high",
        "Eastbrook High School (demo)",
        OrganisationKind.SCHOOL,
        "Swansea",
        "swansea",
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
        ["health-of-sanctuary"],
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
PERSONAS: list[dict[str, Any]] = [
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
        place_name, latitude, longitude = GROUP_PLACES.get(slug, ("", None, None))
        networks[slug] = _network(
            slug,
            name=name,
            kind=NetworkKind.LOCAL_GROUP,
            area_type=area_type,
            nation=nation,
            region=region,
            summary=f"Welcome, friendship and action in {name.split(' City')[0].split(' Town')[0]}.",
            contact_email=f"hello@{slug}.example.org",
            place_name=place_name,
            latitude=latitude,
            longitude=longitude,
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
    for slug, name, kind, town, group, _streams in ORGANISATIONS:
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

    logins = []
    for spec in PERSONAS:
        user = _person(spec)
        for network_slug, role in spec["roles"]:
            with scopes_disabled():
                exists = Membership.objects.filter(
                    network=networks[network_slug], user=user, role=role
                ).exists()
            if not exists:
                # The demo's panellists agreed to their role (and to chairs seeing their flag).
                add_membership(
                    networks[network_slug], user, role, actor=None, agreed=role == Role.PANELLIST
                )
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

    people = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
    _seed_documents_and_signatures(networks, organisations, people)
    _seed_affiliations(networks, people)
    _seed_lived_experience(people)
    _seed_partnership_forum(networks, organisations, people)
    _seed_school_waiting_to_join(networks, people)
    _seed_getting_in(networks, organisations)
    return logins


# Texts written for the demo. The movement's real charter is loaded with import_charter.
DEMO_CHARTER_EARLIER = """# About this text

A short stand-in for an earlier charter, written for the demo.

# What we hoped for

Towns and cities where people forced from their homes are met with friendship.

- Welcome people from every background
- Work together, and with others
"""

DEMO_CHARTER_CURRENT = """# About this text

A short stand-in for the current charter, written for the demo. Staff load the real text
with `manage.py import_charter`.

# Our hope

Every town and city in the United Kingdom is a place where people who had to flee their
homes meet kindness, fairness and friendship.

# What we value

- Listening to people who have sought sanctuary, and following their lead
- Working alongside others rather than alone
- Keeping our promises and being open about what we do
- Standing against racism and injustice

# How we work

Groups, schools, libraries, councils and many others learn about sanctuary, make welcome
part of everyday life, and tell others about it.
"""

DEMO_DECLARATION = """Five principles, put in words written for this demo:

1. Everyone who arrives is treated with dignity and respect.
2. Whether someone needs protection is decided fairly and carefully.
3. Nobody is held in detention without an end in sight.
4. Nobody is left ill or without the means to live.
5. Newcomers are welcomed and helped to settle.
"""

DEMO_HANDBOOK = """# Terms for affiliated groups (demo)

- The group shares the charter's hopes and values and says so in public.
- People with lived experience of seeking sanctuary take part in running it.
- The group keeps simple records and tells City of Sanctuary UK about its work once a year.
- The group uses the name and logo only for work that fits the charter.
"""


def _current_document(document, versions):
    """Create the document's versions (the last one current) unless it has a current one."""
    current = current_version(document)
    if current is not None:
        return current
    for number, (title, period, body) in enumerate(versions, start=1):
        version = create_document_version(
            document,
            actor=None,
            title=title,
            period=period,
            body=body,
            make_current=number == len(versions),
        )
    return version


def _sign(version, **fields):
    """Sign, and confirm as the demo person would by following the e-mailed link."""
    try:
        signature = sign_document(version, **fields)
    except SignatureError:
        return None  # signed on an earlier run
    confirm_signature(signature, actor=None)
    return signature


def _seed_documents_and_signatures(networks, organisations, people) -> None:
    charter = current_version(DocumentSlug.CHARTER)
    if charter is None:
        earlier = create_document_version(
            DocumentSlug.CHARTER,
            actor=None,
            title="City of Sanctuary Charter (earlier demo text)",
            body=DEMO_CHARTER_EARLIER,
            make_current=True,
        )
        # Signed while the earlier text was current: shows as "signed an earlier version",
        # and gets an invitation to sign the new one.
        _sign(
            earlier,
            actor=None,
            name="Martin Okafor",
            email="martin@example.org",
            network=networks["leeds"],
            listed_publicly=True,
        )
        charter = create_document_version(
            DocumentSlug.CHARTER,
            actor=None,
            title="City of Sanctuary Charter 2026-2031 (demo text)",
            period="2026-2031",
            body=DEMO_CHARTER_CURRENT,
            make_current=True,
        )
    declaration = _current_document(
        DocumentSlug.DECLARATION,
        [("The Birmingham Declaration (demo wording)", "", DEMO_DECLARATION)],
    )
    _current_document(
        DocumentSlug.HANDBOOK, [("Handbook terms 2026 (demo text)", "2026", DEMO_HANDBOOK)]
    )
    supporter = people["supporter@example.org"]
    contact = people["contact@example.org"]
    coordinator = people["coordinator@example.org"]
    # Individuals: one listed, one who chose not to be, one who signed only the earlier text.
    _sign(
        charter,
        actor=supporter,
        name=supporter.full_name,
        email=supporter.email,
        network=networks["sheffield"],
        listed_publicly=True,
    )
    _sign(charter, actor=None, name="Priya Anand", email="priya@example.org", listed_publicly=False)
    # Parkside Primary's pledge, by its contact; and the Sheffield group's signature.
    _sign(
        charter,
        actor=contact,
        name=contact.full_name,
        email=contact.email,
        party_kind=PartyKind.ORGANISATION,
        organisation=organisations["parkside-primary"],
        role_title="Inclusion lead",
        listed_publicly=True,
    )
    _sign(
        charter,
        actor=coordinator,
        name=coordinator.full_name,
        email=coordinator.email,
        party_kind=PartyKind.GROUP,
        group=networks["sheffield"],
        role_title="Coordinator",
        listed_publicly=True,
    )
    # The other demo organisations pledged through their offices (staff act for them here).
    staff = people["staff@example.org"]
    for number, (slug, _name, _kind, _town, _group, _streams) in enumerate(ORGANISATIONS):
        if slug == "parkside-primary":
            continue
        _sign(
            charter,
            actor=staff,
            name="Office manager",
            email=f"office@{slug}.example.org",
            party_kind=PartyKind.ORGANISATION,
            organisation=organisations[slug],
            role_title="Office manager",
            listed_publicly=number % 4 != 3,
        )
    # Endorsements of the declaration.
    _sign(
        declaration,
        actor=supporter,
        name=supporter.full_name,
        email=supporter.email,
        network=networks["sheffield"],
        listed_publicly=True,
    )
    _sign(
        declaration,
        actor=None,
        name="Ellis Marsh",
        email="ellis@example.org",
        party_kind=PartyKind.ORGANISATION,
        party_name="Northside Community Choir (demo)",
        role_title="Secretary",
        network=networks["bristol"],
        listed_publicly=True,
    )
    _sign(declaration, actor=None, name="Sam Quiet", email="sam@example.org", listed_publicly=False)
    # A business that supports the movement without being in a stream.
    _sign(
        charter,
        actor=None,
        name="Dev Patel",
        email="dev@example.org",
        party_kind=PartyKind.ORGANISATION,
        party_name="Hilltop Bakery (demo)",
        role_title="Owner",
        network=networks["sheffield"],
        listed_publicly=True,
    )


# A one-page PDF, made for the demo, standing in for a group's constitution.
DEMO_CONSTITUTION = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)

DEMO_APPLICATIONS = [
    {
        "applicant": ("riverford@example.org", "Rhiannon Price"),
        "group_name": "Riverford Town of Sanctuary (demo)",
        "area": "Riverford",
        "area_type": AreaType.TOWN,
        "nation": Nation.WALES,
        "governance_type": GovernanceType.COMMUNITY_GROUP,
        "about": "Volunteers who run a weekly welcome café and English conversation club.",
        "state": AffiliationState.IN_REVIEW,
    },
    {
        # A second group for an area that has one: flagged to staff.
        "applicant": ("welcome.sheffield@example.org", "Kwame Mensah"),
        "group_name": "Sheffield Welcome Network (demo)",
        "area": "Sheffield",
        "area_type": AreaType.CITY,
        "nation": Nation.ENGLAND,
        "governance_type": GovernanceType.LEAD_ORGANISATION,
        "lead_organisation": "Sheffield Community Hub (demo)",
        "about": "Faith groups and charities working together on hosting.",
        "state": AffiliationState.SUBMITTED,
    },
]


def _seed_affiliations(networks, people) -> None:
    handbook = current_version(DocumentSlug.HANDBOOK)
    assert handbook is not None  # _seed_documents_and_signatures made it
    staff = people["staff@example.org"]
    for spec in DEMO_APPLICATIONS:
        fields = dict(spec)
        if AffiliationApplication.objects.filter(group_name=fields["group_name"]).exists():
            continue
        email, name = fields.pop("applicant")
        state = fields.pop("state")
        applicant = _person({"email": email, "name": name})
        application = apply_for_affiliation(
            actor=applicant,
            upload=check_upload(
                SimpleUploadedFile("constitution.pdf", DEMO_CONSTITUTION, "application/pdf")
            ),
            handbook_version=handbook,
            role_title="Chair",
            listed_publicly=True,
            contact_email=email,
            **fields,
        )
        if state == AffiliationState.IN_REVIEW:
            set_affiliation_state(application, AffiliationState.IN_REVIEW, actor=staff)


def _seed_lived_experience(people) -> None:
    """The ambassador persona, approved; the adviser and one more in the Advisory Group."""
    staff = people["staff@example.org"]
    advisers = [
        (
            "ambassador@example.org",
            "Tigrinya, Amharic, English",
            [AmbassadorRole.PANELS, AmbassadorRole.SPEAKING],
            False,
        ),
        (
            "adviser@example.org",
            "Farsi, Dari, English",
            [AmbassadorRole.STEERING_GROUPS, AmbassadorRole.MEDIA],
            True,
        ),
        ("dawit@example.org", "Tigrinya, Arabic", [AmbassadorRole.SPEAKING], True),
    ]
    for email, languages, roles, in_advisory_group in advisers:
        user = people.get(email) or _person(
            {"email": email, "name": "Dawit Bekele", "lived_experience": True}
        )
        ambassador = Ambassador.objects.filter(user=user).first() or register_ambassador(
            user, actor=user, languages=languages, availability="Evenings", roles_wanted=roles
        )
        if ambassador.status == AmbassadorStatus.PENDING:
            ambassador = set_ambassador_status(ambassador, AmbassadorStatus.APPROVED, actor=staff)
        if (
            in_advisory_group
            and not AdvisoryGroupMember.objects.filter(ambassador=ambassador).exists()
        ):
            nominate_to_advisory_group(ambassador, actor=staff)


def _seed_partnership_forum(networks, organisations, people) -> None:
    sheffield = networks["sheffield"]
    with scopes_disabled():
        if PartnershipForum.objects.filter(network=sheffield).exists():
            return
    coordinator = people["coordinator@example.org"]
    forum = create_partnership_forum(
        sheffield,
        actor=coordinator,
        name="Sheffield Sanctuary Partnership (demo)",
        purpose="Council services, schools, gardens and people who have sought sanctuary, "
        "meeting every two months to plan welcome together.",
    )
    for slug in ("parkside-primary", "greenway-garden"):
        add_forum_member(forum, actor=coordinator, organisation=organisations[slug])
    add_forum_member(
        forum, actor=coordinator, user=people["supporter@example.org"], role_title="Volunteer"
    )


def _seed_school_waiting_to_join(networks, people) -> None:
    """A Sheffield school that pledged; streams/demo.py has it ask to join Schools of Sanctuary,
    whose coordinator approves it, or passes it to Sheffield Schools of Sanctuary."""
    school = Organisation.objects.filter(slug="brookfield-primary").first() or create_organisation(
        actor=None,
        slug="brookfield-primary",
        name="Brookfield Primary School (demo)",
        kind=OrganisationKind.SCHOOL,
        town="Sheffield",
        nation=Nation.ENGLAND,
        local_group=networks["sheffield"],
    )
    _sign(
        current_version(DocumentSlug.CHARTER),
        actor=people["staff@example.org"],
        name="Office manager",
        email="office@brookfield-primary.example.org",
        party_kind=PartyKind.ORGANISATION,
        organisation=school,
        role_title="Office manager",
        listed_publicly=True,
    )


def _seed_getting_in(networks, organisations) -> None:
    """Work waiting for Sheffield's coordinator (coordinator@example.org) at
    /sheffield/manage/waiting/: a nursery that registered itself, a teacher asking to act for
    Parkside Primary, and a neighbour asking to join the group."""
    head = _person({"email": "head.hollybank@example.org", "name": "Aisha Karimi"})
    if not Organisation.objects.filter(slug="hollybank-nursery-school-demo").exists():
        register_organisation(
            actor=head,
            name="Hollybank Nursery School (demo)",
            kind=OrganisationKind.SCHOOL,
            postcode="S7 1ZZ",
            address="1 Invented Lane",
            town="Sheffield",
            nation=Nation.ENGLAND,
            local_authority="Sheffield",
            stream=networks["schools"],
            local_group=networks["sheffield"],
            role_title="Head teacher",
        )
    teacher = _person({"email": "teacher.parkside@example.org", "name": "Daniel Price"})
    if not ContactRequest.objects.filter(user=teacher).exists():
        request_to_act_for(
            organisations["parkside-primary"],
            actor=teacher,
            role_title="Year 4 teacher",
            message="I lead our refugee week assembly.",
        )
    neighbour = _person({"email": "neighbour@example.org", "name": "Marta Kowalska"})
    with scopes_disabled():
        asked = NetworkJoinRequest.objects.filter(user=neighbour).exists()
    if not asked:
        join_network(networks["sheffield"], actor=neighbour, message="I can help on Saturdays.")
