"""Every API list answers in a number of queries that does not grow with its rows: measured
over one row and over several, the counts are equal."""

import datetime

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from awards.models import Application
from awards.services.applications import start_application
from members.enums import DocumentSlug, PartyKind, Role
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    StreamMembershipFactory,
    UserFactory,
    give_mfa,
)
from tests.factories.api import token_client
from tests.factories.awards import (
    applicant,
    awarded,
    criteria_of,
    panel_in_review,
    panellist,
    seat,
    submit_review,
    submitted_application,
)
from tests.factories.charter import DocumentVersionFactory, SignatureFactory
from tests.factories.queries import count_queries

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def assert_constant(client, url, add_more) -> None:
    few = count_queries(client, url, warm_up=True)
    add_more()
    many = count_queries(client, url, warm_up=True)
    assert many == few, f"{url}: {few} queries for one row, {many} for several"


@pytest.fixture
def staff(db):
    return give_mfa(UserFactory(is_staff=True))


# Public -------------------------------------------------------------------------------------


def test_directory_query_count_is_constant(world):
    assert_constant(Client(), "/api/v1/networks/", lambda: NetworkFactory.create_batch(4))


def test_awarded_organisations_query_count_is_constant(scheme, chair):
    awarded(scheme, chair, "First School")
    assert_constant(
        Client(),
        "/api/v1/awards/?nation=england",
        lambda: [awarded(scheme, chair, f"School {n}") for n in range(3)],
    )


def test_signatory_counts_query_count_is_constant(world):
    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    SignatureFactory(version=charter, network=world.network_a)

    def more():
        for network in NetworkFactory.create_batch(3):
            SignatureFactory.create_batch(2, version=charter, network=network)

    assert_constant(Client(), "/api/v1/signatories/counts/", more)


# A person's own ------------------------------------------------------------------------------


def test_my_organisations_query_count_is_constant(world):
    def more():
        for organisation in OrganisationFactory.create_batch(3, local_group=world.network_a):
            OrganisationContactFactory(organisation=organisation, user=world.contact_a)

    assert_constant(token_client(world.contact_a), "/api/v1/me/organisations/", more)


def test_my_applications_query_count_is_constant(scheme):
    organisation, contact = applicant(scheme, name="First School")
    start_application(organisation, scheme, actor=contact)

    def more():
        for n in range(3):
            other, _contact = applicant(scheme, name=f"School {n}")
            OrganisationContactFactory(organisation=other, user=contact)
            start_application(other, scheme, actor=contact)

    assert_constant(token_client(contact), "/api/v1/me/applications/", more)


def test_my_application_query_count_is_constant_over_its_evidence(scheme):
    organisation, contact = applicant(scheme)
    application = start_application(organisation, scheme, actor=contact)
    api = token_client(contact)
    criteria = criteria_of(application)
    base = f"/api/v1/me/applications/{application.pk}"

    def add_link(criterion, n):
        api.post(
            f"{base}/criteria/{criterion.pk}/links/",
            {"url": f"https://example.org/{n}"},
            content_type="application/json",
        )

    add_link(criteria[0], 0)

    def more():
        for n, criterion in enumerate(criteria * 2):
            add_link(criterion, n + 1)
            api.post(
                f"{base}/criteria/{criterion.pk}/files/",
                {"file": _pdf(f"evidence-{n}.pdf")},
            )

    assert_constant(api, f"{base}/", more)


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF)


# The network's lists ------------------------------------------------------------------------


def test_network_members_query_count_is_constant(world):
    assert_constant(
        token_client(world.coordinator_a),
        "/api/v1/networks/alphaville/members/",
        lambda: MembershipFactory.create_batch(4, network=world.network_a, role=Role.MEMBER),
    )


def test_a_member_written_out_is_what_drfs_walk_over_the_fields_gives(world):
    """MemberSerializer writes its fields out for speed: the same keys and values as DRF's
    generic walk, a named person and one without a name alike."""
    from rest_framework import serializers

    from members.models import Membership
    from members.serializers import MemberSerializer

    MembershipFactory(network=world.network_a, role=Role.MEMBER, user__full_name="")
    serializer = MemberSerializer()
    with scopes_disabled():
        memberships = list(Membership.objects.filter(network=world.network_a))
    assert len(memberships) > 1
    for membership in memberships:
        generic = serializers.ModelSerializer.to_representation(serializer, membership)
        assert serializer.to_representation(membership) == generic


def test_stream_organisations_query_count_is_constant(world):
    assert_constant(
        token_client(world.coordinator_a),
        "/api/v1/networks/schools/organisations/",
        lambda: StreamMembershipFactory.create_batch(4, network=world.stream),
    )


def test_group_organisations_query_count_is_constant(world):
    assert_constant(
        token_client(world.coordinator_a),
        "/api/v1/networks/alphaville/organisations/",
        lambda: OrganisationFactory.create_batch(4, local_group=world.network_a),
    )


def test_network_applications_query_count_is_constant(scheme, chair):
    seat(submitted_application(scheme, name="First"), panellist(scheme.network), chair=chair)

    def more():
        for n in range(3):
            application = submitted_application(scheme, name=f"School {n}")
            seat(application, panellist(scheme.network), chair=chair)

    assert_constant(token_client(chair), "/api/v1/networks/schools/applications/", more)


def test_panel_seats_query_count_is_constant(scheme, chair):
    reviewer = panellist(scheme.network)
    seat(submitted_application(scheme, name="First"), reviewer, chair=chair)

    def more():
        for n in range(3):
            seat(submitted_application(scheme, name=f"School {n}"), reviewer, chair=chair)

    assert_constant(token_client(reviewer), "/api/v1/networks/schools/panel/", more)


def test_panel_application_query_count_is_constant_over_its_evidence(scheme, chair):
    application = submitted_application(scheme)
    url = f"/api/v1/networks/schools/applications/{application.pk}/"

    def more():
        with scopes_disabled():
            for response in Application.objects.get(pk=application.pk).responses.all():
                for n in range(2):
                    response.links.create(url=f"https://example.org/{n}")

    assert_constant(token_client(chair), url, more)


def test_reviews_query_count_is_constant(scheme, chair):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    submit_review(seats[0])
    url = f"/api/v1/networks/schools/applications/{application.pk}/reviews/"

    def more():
        for assignment in [*seats[1:], seat(application, panellist(scheme.network), chair=chair)]:
            submit_review(assignment)

    assert_constant(token_client(chair), url, more)


def test_panel_questions_query_count_is_constant(scheme, chair):
    from awards.services.questions import add_panel_note, ask_question

    application = submitted_application(scheme)
    panel_in_review(application, chair=chair)
    ask_question(application, actor=chair, body="First")
    url = f"/api/v1/networks/schools/applications/{application.pk}/questions/"

    def more():
        for n in range(3):
            ask_question(application, actor=chair, body=f"Question {n}")
            add_panel_note(application, actor=chair, body=f"Note {n}")

    assert_constant(token_client(chair), url, more)


def test_my_questions_query_count_is_constant(scheme, chair):
    from awards.services.questions import answer_question, ask_question

    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair)
    first = ask_question(application, actor=chair, body="First", raised_by=seats[0])
    answer_question(first, actor=application.lead_contact, body="An answer")
    url = f"/api/v1/me/applications/{application.pk}/questions/"

    def more():
        for n in range(3):
            question = ask_question(application, actor=chair, body=f"Q {n}", raised_by=seats[n])
            answer_question(question, actor=application.lead_contact, body=f"A {n}")

    assert_constant(token_client(application.lead_contact), url, more)


def test_my_visits_query_count_is_constant(scheme, chair):
    from awards.services.visits import add_visit_note, confirm_visit, offer_visit_dates
    from tests.factories.awards import future

    application = submitted_application(scheme)
    panel_in_review(application, chair=chair)
    (first,) = offer_visit_dates(application, actor=application.lead_contact, dates=[future(9, 9)])
    url = f"/api/v1/me/applications/{application.pk}/visits/"

    def more():
        for n in range(3):
            offer_visit_dates(
                application, actor=application.lead_contact, dates=[future(10 + n, 9)]
            )
        confirm_visit(first, actor=chair, mode="in_person", address="1 School Lane")
        for n in range(3):
            add_visit_note(first, actor=chair, body=f"Note {n}", for_applicant=bool(n % 2))

    assert_constant(token_client(application.lead_contact), url, more)


def test_panel_visits_query_count_is_constant(scheme, chair):
    from awards.services.visits import add_visit_note, confirm_visit, offer_visit_dates
    from tests.factories.awards import future

    application = submitted_application(scheme)
    panel_in_review(application, chair=chair)
    (first,) = offer_visit_dates(application, actor=application.lead_contact, dates=[future(9, 9)])
    url = f"/api/v1/networks/schools/applications/{application.pk}/visits/"

    def more():
        offer_visit_dates(application, actor=application.lead_contact, dates=[future(10, 9)])
        confirm_visit(first, actor=chair, mode="online", online_link="https://meet.example.org/")
        for n in range(3):
            add_visit_note(first, actor=chair, body=f"Note {n}")

    assert_constant(token_client(chair), url, more)


def held_with_concern(scheme, staff, name):
    from awards.services.complaints import (
        add_complaint_note,
        raise_complaint,
        respond_to_complaint,
        take_complaint_into_review,
    )
    from tests.factories.certificates import issued_award

    award = issued_award(scheme, awarded_on=datetime.date.today(), name=name)
    complaint = raise_complaint(award, actor=None, name="Vera", email="v@example.org", body="A")
    take_complaint_into_review(complaint, actor=staff)
    add_complaint_note(complaint, actor=staff, body="Staff note")
    respond_to_complaint(complaint, actor=award.application.lead_contact, body="Our answer")
    return award, complaint


def test_staff_concerns_query_count_is_constant(staff, scheme):
    held_with_concern(scheme, staff, "First")

    def more():
        for n in range(3):
            held_with_concern(scheme, staff, f"School {n}")

    assert_constant(token_client(staff), "/api/v1/staff/concerns/", more)


def test_my_concerns_query_count_is_constant(staff, scheme):
    from awards.services.complaints import (
        raise_complaint,
        respond_to_complaint,
        take_complaint_into_review,
    )

    award, _complaint = held_with_concern(scheme, staff, "First")
    contact = award.application.lead_contact

    def more():
        for n in range(3):
            complaint = raise_complaint(
                award, actor=None, name=f"Person {n}", email="p@example.org", body=f"C {n}"
            )
            take_complaint_into_review(complaint, actor=staff)
            respond_to_complaint(complaint, actor=contact, body=f"Answer {n}")

    assert_constant(token_client(contact), f"/api/v1/me/awards/{award.pk}/concerns/", more)


def test_my_check_ins_query_count_is_constant(scheme):
    from awards.models import CheckIn
    from tests.factories.certificates import issued_award

    award = issued_award(scheme, awarded_on=datetime.date.today())
    with scopes_disabled():
        CheckIn.objects.create(
            network=award.network, award=award, months=6, due_on=datetime.date.today()
        )

    def more():
        with scopes_disabled():
            for months in (12, 18, 24):
                CheckIn.objects.create(
                    network=award.network, award=award, months=months, due_on=datetime.date.today()
                )

    url = f"/api/v1/me/awards/{award.pk}/check-ins/"
    assert_constant(token_client(award.application.lead_contact), url, more)


def test_network_check_ins_query_count_is_constant(scheme, chair):
    from awards.services.check_ins import schedule_check_ins
    from tests.factories.certificates import issued_award

    a_year_ago = datetime.date.today() - datetime.timedelta(days=360)
    schedule_check_ins(issued_award(scheme, awarded_on=a_year_ago, name="First"), actor=None)

    def more():
        for n in range(3):
            award = issued_award(scheme, awarded_on=a_year_ago, name=f"School {n}")
            schedule_check_ins(award, actor=None)

    assert_constant(token_client(chair), "/api/v1/networks/schools/check-ins/", more)


# Staff exports -----------------------------------------------------------------------------


def test_staff_signatories_query_count_is_constant(staff, world):
    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    SignatureFactory(version=charter, network=world.network_a)

    def more():
        SignatureFactory.create_batch(2, version=charter, network=world.network_b)
        SignatureFactory(
            version=charter,
            party_kind=PartyKind.ORGANISATION,
            party_key="organisation-name:cafe",
            party_name="Cafe",
        )

    assert_constant(token_client(staff), "/api/v1/staff/signatories/", more)


def test_staff_networks_query_count_is_constant(staff, world):
    assert_constant(
        token_client(staff), "/api/v1/staff/networks/", lambda: NetworkFactory.create_batch(4)
    )


def test_staff_awards_query_count_is_constant(staff, scheme, chair):
    awarded(scheme, chair, "First School")
    assert_constant(
        token_client(staff),
        "/api/v1/staff/awards/",
        lambda: [awarded(scheme, chair, f"School {n}") for n in range(3)],
    )
