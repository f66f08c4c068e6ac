# Demo text reads best one sentence a string, as in members/demo.py.
# ruff: noqa: E501
"""Invented demo data for the award workflow: a scheme for every stream, a generic scheme for
the Sheffield group, panellists, and one school that already holds its award.

Criteria are written for the demo, following the published shape (Learn, Embed, Share; a
school's eight minimum criteria include the pledge; a university's ten; a charity shop's
three). Called from seed_demo after members.demo and streams.demo; running it again changes nothing.
"""

import datetime
from functools import partial

from allauth.account.models import EmailAddress
from django.db import transaction
from django_scopes import scope, scopes_disabled

from awards import tasks
from awards.demo_translations import SCHOOL_CRITERIA, SCHOOL_SCHEME
from awards.enums import (
    ConflictDeclaration,
    CriterionArea,
    DecisionOutcome,
    Rating,
    SelfAssessment,
)
from awards.models import Application, Award, AwardScheme
from awards.queries.schemes import current_version, eligible_schemes
from awards.services.applications import save_response, start_application, submit_application
from awards.services.decisions import record_decision
from awards.services.errors import AwardError, SubmissionRefused
from awards.services.panels import assign_panellist, declare_conflict, start_review
from awards.services.questions import answer_question, ask_question
from awards.services.reviews import get_or_start_review, save_review
from awards.services.schemes import (
    create_scheme,
    publish_criteria,
    save_criterion,
    save_criterion_translation,
    save_scheme_translation,
)
from members.demo import DEMO_PASSWORD
from members.enums import Role
from members.models import Membership, Organisation, OrganisationContact, User
from members.services.people import add_membership, add_organisation_contact
from sanctuary.enums import NetworkKind
from sanctuary.models import Network

L, E, S = CriterionArea.LEARN, CriterionArea.EMBED, CriterionArea.SHARE
MIN, FURTHER, PLEDGE = "minimum", "further", "pledge"


def pledge(organisation: str) -> tuple:
    return (
        E,
        PLEDGE,
        f"The {organisation} has signed the City of Sanctuary pledge",
        "Someone who can act for the whole organisation signs the charter on its behalf. "
        "The signature itself meets this criterion.",
    )


# (area, kind, title, guidance), in the order people read them.
SCHOOL = [
    (
        L,
        MIN,
        "Staff understand what seeking sanctuary means",
        "A session for teaching and support staff, ideally led with someone who has lived "
        "experience, on why people flee, how the asylum system works and what it means for a child.",
    ),
    (
        L,
        MIN,
        "Pupils explore sanctuary in their lessons",
        "Work in more than one subject or year group that looks at why people seek safety and "
        "questions the myths pupils meet in the news and online.",
    ),
    (
        L,
        FURTHER,
        "Governors and families are invited to learn too",
        "An open session, a newsletter series or a shared event for the wider school community.",
    ),
    pledge("school"),
    (
        E,
        MIN,
        "Welcome is part of the school's policies",
        "An inclusion, admissions or induction policy that names children seeking sanctuary and "
        "that the governors have agreed.",
    ),
    (
        E,
        MIN,
        "Children who arrive mid-year are welcomed well",
        "A clear first week: a buddy, help with language, a named adult, and someone who checks in "
        "with the family after a month.",
    ),
    (
        E,
        MIN,
        "Families seeking sanctuary take part in school life",
        "Interpreting at parents' evenings, coffee mornings, help with uniform or trips, and "
        "invitations that reach families who are new to the country.",
    ),
    (
        E,
        FURTHER,
        "Pupils seeking sanctuary help shape what the school does",
        "A voice on the school council, a pupil-led project, or a way to say what would help.",
    ),
    (
        S,
        MIN,
        "The school celebrates welcome with its community",
        "An event, exhibition or assembly open to families and neighbours, for example during "
        "Refugee Week.",
    ),
    (
        S,
        MIN,
        "The school passes on what it has learned",
        "Sharing practice with another school, the local authority or the Schools of Sanctuary "
        "network, so that welcome spreads.",
    ),
]

UNIVERSITY = [
    (
        L,
        MIN,
        "Staff and students learn about forced migration",
        "Training for staff who meet applicants and students, and opportunities for students to "
        "learn, with people who have lived experience involved in shaping them.",
    ),
    (
        L,
        MIN,
        "Teaching and research engage with sanctuary",
        "Modules, research or knowledge exchange on forced migration, shared beyond the department.",
    ),
    (
        L,
        MIN,
        "The university opens its learning to the community",
        "Public lectures, courses or resources that people seeking sanctuary can join free of charge.",
    ),
    pledge("university"),
    (
        E,
        MIN,
        "Scholarships remove the cost of study",
        "Fee waivers and living support for people seeking sanctuary, with the number of places "
        "published.",
    ),
    (
        E,
        MIN,
        "Admissions recognise disrupted education",
        "A route that accepts missing documents and interrupted study, with advice before applying.",
    ),
    (
        E,
        MIN,
        "Students seeking sanctuary have a named contact",
        "Someone who knows the immigration rules that affect study and can connect students to "
        "support.",
    ),
    (
        E,
        MIN,
        "Language and study support is available",
        "English for academic purposes, study skills and digital access, without extra cost.",
    ),
    (
        S,
        MIN,
        "The university works with local sanctuary organisations",
        "A partnership with the local City of Sanctuary group or refugee organisations, with "
        "resources shared both ways.",
    ),
    (
        S,
        MIN,
        "The university publishes its commitments and progress",
        "A public page or report on what it promised, what it did and what comes next.",
    ),
]

CHARITY_SHOP = [
    (
        L,
        MIN,
        "Staff and volunteers learn about seeking sanctuary",
        "A short briefing for the shop team on who seeks sanctuary and how to make people welcome.",
    ),
    (
        E,
        MIN,
        "People seeking sanctuary are welcome to volunteer",
        "Volunteering that is open to people seeking sanctuary, with travel costs met, training "
        "and a reference at the end.",
    ),
    (
        E,
        FURTHER,
        "The shop helps people who are new to the area",
        "Vouchers, a welcome pack or a quiet time to shop, agreed with a local organisation.",
    ),
    (
        S,
        MIN,
        "The shop shares a message of welcome",
        "A window display, a social media post or a sign on the counter, for example during "
        "Refugee Week.",
    ),
]


def sector(organisation: str, embed: tuple[str, str], share: tuple[str, str]) -> list[tuple]:
    """A handful for a stream: learn, the pledge, one way of welcome, one way of sharing."""
    return [
        (
            L,
            MIN,
            f"The {organisation}'s people learn about seeking sanctuary",
            "A session for staff and volunteers, with someone who has lived experience where "
            "possible, on why people seek sanctuary and what helps.",
        ),
        pledge(organisation),
        (E, MIN, *embed),
        (
            E,
            FURTHER,
            "People seeking sanctuary help shape the work",
            "A way for people with lived experience to say what would help, and to be heard.",
        ),
        (S, MIN, *share),
    ]


# Stream name (members.demo.STREAMS) → the award's name and its criteria.
SCHEMES = {
    "Schools of Sanctuary": ("School of Sanctuary", SCHOOL),
    "Universities of Sanctuary": ("University of Sanctuary", UNIVERSITY),
    "FE Colleges of Sanctuary": (
        "College of Sanctuary",
        sector(
            "college",
            (
                "Learners seeking sanctuary can enrol and stay",
                "Flexible enrolment through the year, English classes, and help with costs and travel.",
            ),
            (
                "The college shares welcome across its sector",
                "An event or resource shared with other colleges or the local community.",
            ),
        ),
    ),
    "Libraries of Sanctuary": (
        "Library of Sanctuary",
        sector(
            "library",
            (
                "Everyone can join and use the library",
                "Membership without proof of address, free computer use, and material in the "
                "languages people read.",
            ),
            (
                "The library hosts and shares welcome",
                "Conversation clubs, story sessions or displays that bring neighbours together.",
            ),
        ),
    ),
    "Local Authorities of Sanctuary": (
        "Council of Sanctuary",
        sector(
            "council",
            (
                "Welcome is part of the council's decisions",
                "A motion or strategy on sanctuary, with a named lead and an equality assessment of "
                "services people seeking sanctuary use.",
            ),
            (
                "The council speaks up for welcome",
                "Public statements, support for Refugee Week and work with neighbouring councils.",
            ),
        ),
    ),
    "Health of Sanctuary": (
        "Health Service of Sanctuary",
        sector(
            "health service",
            (
                "Everyone can register and be seen",
                "Registration without proof of address or immigration status, and professional "
                "interpreters at appointments.",
            ),
            (
                "The service shares what works",
                "Practice shared with other services, and information in the languages of the area.",
            ),
        ),
    ),
    "Maternity Stream of Sanctuary": (
        "Maternity Service of Sanctuary",
        sector(
            "maternity service",
            (
                "Women seeking sanctuary get care that fits",
                "Continuity of midwife where possible, interpreters, and clear information about "
                "charges and rights.",
            ),
            (
                "The service shares what it learns",
                "Learning shared with other maternity services and with the women it cares for.",
            ),
        ),
    ),
    "Arts of Sanctuary": (
        "Theatre of Sanctuary",
        sector(
            "arts organisation",
            (
                "People seeking sanctuary take part and create",
                "Free tickets, workshops or commissions, with travel and childcare costs met.",
            ),
            (
                "The organisation tells stories of welcome",
                "Work on stage, on walls or online that shares stories people chose to tell.",
            ),
        ),
    ),
    "Faith of Sanctuary": (
        "Faith Community of Sanctuary",
        sector(
            "faith community",
            (
                "The community offers hospitality",
                "Meals, friendship, practical help or a place to meet, open to people of any faith or "
                "none.",
            ),
            (
                "The community speaks up for welcome",
                "Sharing welcome with other faith groups and in public.",
            ),
        ),
    ),
    "Sport of Sanctuary": (
        "Club of Sanctuary",
        sector(
            "club",
            (
                "Everyone can play",
                "Free or low-cost membership, kit and travel, and a welcoming first session.",
            ),
            (
                "The club shares welcome on and off the pitch",
                "A match, a tournament or a post that celebrates welcome.",
            ),
        ),
    ),
    "Gardens of Sanctuary": (
        "Garden of Sanctuary",
        [
            (
                L,
                MIN,
                "Gardeners learn about seeking sanctuary",
                "A session for the people who run the garden on who seeks sanctuary and what helps.",
            ),
            (
                E,
                MIN,
                "People seeking sanctuary grow with the garden",
                "Plots, sessions or volunteering open to people seeking sanctuary, and room to grow "
                "food from home.",
            ),
            (
                S,
                MIN,
                "The garden shares its harvest and its welcome",
                "An open day, a shared meal or produce given to people who need it.",
            ),
        ],
    ),
    "Charity Shops of Sanctuary": ("Charity Shop of Sanctuary", CHARITY_SHOP),
}

# A local group's generic award, for organisations outside every stream.
GENERIC = [
    (
        L,
        MIN,
        "The organisation learns about seeking sanctuary",
        "A session for the people who run the organisation, with someone who has lived experience "
        "where possible.",
    ),
    pledge("organisation"),
    (
        E,
        MIN,
        "The organisation makes welcome part of what it does",
        "A change in how the organisation works that makes it easier for people seeking sanctuary "
        "to take part, use it or work there.",
    ),
    (
        S,
        MIN,
        "The organisation shares its welcome",
        "An event, a message or a partnership that spreads welcome in the area.",
    ),
]
GENERIC_GROUPS = {"sheffield": "Sheffield Award of Sanctuary"}

# Panellists of the Schools network: the demo personas, and the adviser with lived experience.
SCHOOL_PANELLISTS = ["panellist@example.org", "ambassador@example.org", "adviser@example.org"]


def _scheme(network: Network, name: str, criteria: list[tuple]) -> AwardScheme:
    with scope(network=network):
        scheme = AwardScheme.objects.filter(network=network).first()
    if scheme is None:
        scheme = create_scheme(
            network,
            actor=None,
            name=name,
            summary=f"The {name} recognises how an organisation learns about sanctuary, "
            "embeds welcome and shares it.",
        )
    with scope(network=network):
        if current_version(scheme) is not None:
            return scheme
        draft = scheme.versions.get(published_at__isnull=True)
        for position, (area, kind, title, guidance) in enumerate(criteria, start=1):
            save_criterion(
                draft,
                actor=None,
                area=area,
                title=title,
                guidance=guidance,
                is_minimum=kind in {MIN, PLEDGE},
                is_pledge=kind == PLEDGE,
                position=position,
            )
        publish_criteria(draft, actor=None)
    return scheme


def _role(network: Network, user: User, role: Role) -> None:
    with scopes_disabled():
        exists = Membership.objects.filter(network=network, user=user, role=role).exists()
    if not exists:
        add_membership(network, user, role, actor=None)


def _awarded_school(scheme: AwardScheme, panel: list[User]) -> None:
    """Hillcrest Academy already holds its award, so the public list has something to show."""
    school = Organisation.objects.filter(slug="hillcrest-academy").first()
    if school is None:
        return
    with scopes_disabled():
        if Application.objects.filter(organisation=school, scheme=scheme).exists():
            return
    head = User.objects.filter(email="head.hillcrest@example.org").first()
    if head is None:
        head = User.objects.create_user(
            "head.hillcrest@example.org", DEMO_PASSWORD, full_name="Morag Campbell (demo)"
        )
        EmailAddress.objects.create(user=head, email=head.email, verified=True, primary=True)
    if not OrganisationContact.objects.filter(organisation=school, user=head).exists():
        add_organisation_contact(school, head, actor=None, role_title="Head teacher", is_lead=True)
    if scheme.pk not in {s.pk for s in eligible_schemes(school)}:
        return  # not an active member of the stream, or no pledge: nothing to show
    try:
        application = start_application(school, scheme, actor=head)
    except AwardError:
        return
    with scope(network=scheme.network):
        for response in application.responses.select_related("criterion"):
            save_response(
                response,
                actor=head,
                self_assessment=SelfAssessment.IN_PLACE,
                narrative=f"At Hillcrest: {response.criterion.guidance}",
            )
    try:
        submit_application(application, actor=head)
    except SubmissionRefused:
        return  # the school has no pledge in this demo: it stays a draft
    chair = User.objects.get(email="schools.coordinator@example.org")
    seats = []
    for person in panel:
        seat = assign_panellist(application, person, actor=chair)
        declare_conflict(seat, actor=person, conflict=ConflictDeclaration.NONE)
        seats.append(seat)
    start_review(application, actor=chair)
    with scope(network=scheme.network):
        criteria = list(application.criteria_version.criteria.all())
    for seat in seats:
        review = get_or_start_review(seat, actor=seat.panellist)
        save_review(
            review,
            actor=seat.panellist,
            ratings={c.pk: (Rating.MET, "Clear in the evidence.") for c in criteria},
            strengths="Welcome is everyday practice, led by the pupils themselves.",
            improvements="Share more with the other schools in Glasgow.",
            questions="",
            submit=True,
        )
    record_decision(
        application,
        actor=chair,
        outcome=DecisionOutcome.AWARDED,
        findings={c.pk: Rating.MET for c in criteria},
        appraisal_report="Hillcrest Academy is a warm and thoughtful School of Sanctuary.",
        decided_on=datetime.date(2025, 6, 12),
    )


def _translate_school_scheme(scheme: AwardScheme, chair: User) -> None:
    """The School of Sanctuary in Farsi and Arabic, as its coordinator would add them."""
    with scope(network=scheme.network):
        if scheme.translations:
            return
        for language, text in SCHOOL_SCHEME.items():
            save_scheme_translation(scheme, actor=chair, language=language, **text)
        version = current_version(scheme)
        if version is None:
            return
        for criterion in version.criteria.all():
            for language, (title, guidance) in SCHOOL_CRITERIA.get(criterion.title, {}).items():
                save_criterion_translation(
                    criterion, actor=chair, language=language, title=title, guidance=guidance
                )


# Eastbrook's own words for each criterion of the School of Sanctuary, in English: a panellist
# who reads Farsi or Arabic reads them machine-translated, where a provider is configured.
EASTBROOK_EVIDENCE = {
    "Staff understand what seeking sanctuary means": "In September every member of staff, "
    "from the kitchen to the head's office, spent an afternoon with two parents who came to "
    "Swansea seeking sanctuary. They told us what their children's first weeks felt like.",
    "Pupils explore sanctuary in their lessons": "Year 8 geography studies why people move; "
    "in English, Year 9 read a novel about a boy who crosses the sea, then wrote to its author.",
    "The school has signed the City of Sanctuary pledge": "Our head teacher signed the pledge "
    "for the whole school in March.",
    "Welcome is part of the school's policies": "Our admissions policy now names children "
    "seeking sanctuary; the governors agreed it in May.",
    "Children who arrive mid-year are welcomed well": "A new pupil meets their buddy on the "
    "first morning, has a named adult, and the family is phoned after four weeks.",
    "Families seeking sanctuary take part in school life": "An interpreter comes to every "
    "parents' evening; the Friday coffee morning is run by parents in three languages.",
    "The school celebrates welcome with its community": "During Refugee Week the hall was open "
    "to neighbours for a shared lunch and a photography exhibition made by pupils.",
    "The school passes on what it has learned": "We showed two primary schools how our buddy "
    "scheme works, and spoke at the council's schools forum.",
}


def _school_in_review(scheme: AwardScheme, panel: list[User], chair: User) -> None:
    """Eastbrook High School's application waits with its panel, so that a panellist signing
    in has a review to do: seated, not yet declared, with one question answered already."""
    school = Organisation.objects.filter(slug="eastbrook-high").first()
    if school is None or scheme.pk not in {s.pk for s in eligible_schemes(school)}:
        return
    with scopes_disabled():
        if Application.objects.filter(organisation=school, scheme=scheme).exists():
            return
    head = User.objects.filter(email="head.eastbrook@example.org").first()
    if head is None:
        head = User.objects.create_user(
            "head.eastbrook@example.org", DEMO_PASSWORD, full_name="Rhian Powell (demo)"
        )
        EmailAddress.objects.create(user=head, email=head.email, verified=True, primary=True)
    if not OrganisationContact.objects.filter(organisation=school, user=head).exists():
        add_organisation_contact(school, head, actor=None, role_title="Head teacher", is_lead=True)
    application = start_application(school, scheme, actor=head)
    with scope(network=scheme.network):
        for response in application.responses.select_related("criterion"):
            narrative = EASTBROOK_EVIDENCE.get(response.criterion.title)
            if narrative:
                save_response(
                    response,
                    actor=head,
                    self_assessment=SelfAssessment.IN_PLACE,
                    narrative=narrative,
                )
    try:
        submit_application(application, actor=head)
    except SubmissionRefused:
        return
    for person in panel:
        assign_panellist(application, person, actor=chair)
    start_review(application, actor=chair)
    question = ask_question(
        application,
        actor=chair,
        body="How do you find out, before a first meeting, whether a family would like an "
        "interpreter?",
    )
    answer_question(
        question,
        actor=head,
        body="Our admissions form asks which language the family prefers, and the office books "
        "an interpreter through the council before the family first comes in.",
    )


@transaction.atomic
def seed_awards_demo() -> None:
    networks = {n.name: n for n in Network.objects.filter(kind=NetworkKind.STREAM)}
    schemes = {}
    for stream_name, (award_name, criteria) in SCHEMES.items():
        if stream_name in networks:
            schemes[stream_name] = _scheme(networks[stream_name], award_name, criteria)
    for slug, award_name in GENERIC_GROUPS.items():
        group = Network.objects.filter(slug=slug, kind=NetworkKind.LOCAL_GROUP).first()
        if group is not None:
            _scheme(group, award_name, GENERIC)
    schools = networks.get("Schools of Sanctuary")
    if schools is None:
        return
    found = [User.objects.filter(email=email).first() for email in SCHOOL_PANELLISTS]
    panel = [person for person in found if person is not None]
    for person in panel:
        _role(schools, person, Role.PANELLIST)
    if len(panel) == len(found):
        _awarded_school(schemes["Schools of Sanctuary"], panel)
        chair = User.objects.get(email="schools.coordinator@example.org")
        _translate_school_scheme(schemes["Schools of Sanctuary"], chair)
        _school_in_review(schemes["Schools of Sanctuary"], panel, chair)
    # Every award has its certificate; in the demo the task runs in-process after commit.
    with scopes_disabled():
        unmade = list(Award.objects.filter(certificate_file="").values_list("pk", flat=True))
    for award_id in unmade:
        transaction.on_commit(partial(tasks.task_render_certificate.delay, award_id=award_id))
