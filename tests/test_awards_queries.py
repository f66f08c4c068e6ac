"""Every award list page answers in a number of queries that does not grow with its rows."""

import pytest
from django.urls import reverse

from awards.services.applications import start_application
from tests.factories import OrganisationContactFactory, StreamFactory
from tests.factories.awards import (
    applicant,
    awarded,
    coordinator,
    panel_in_review,
    panellist,
    scheme_with_criteria,
    seat,
    submit_review,
    submitted_application,
)
from tests.factories.queries import count_queries


def test_public_awarded_list_query_count_is_constant(scheme, chair, client):
    awarded(scheme, chair, "First School")
    url = reverse("awards:awarded_list")
    few = count_queries(client, url)
    for index in range(3):
        awarded(scheme, chair, f"School {index}")
    assert count_queries(client, url) == few


def test_my_applications_query_count_is_constant(scheme, client):
    organisation, contact = applicant(scheme, name="First School")
    start_application(organisation, scheme, actor=contact)
    client.force_login(contact)
    url = reverse("awards:my_applications")
    few = count_queries(client, url)
    for index in range(3):
        other, _ = applicant(scheme, name=f"School {index}")
        OrganisationContactFactory(organisation=other, user=contact)
        start_application(other, scheme, actor=contact)
    assert count_queries(client, url) == few


def test_network_pipeline_query_count_is_constant(scheme, chair, client):
    seat(submitted_application(scheme, name="First"), panellist(scheme.network), chair=chair)
    client.force_login(chair)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    few = count_queries(client, url)
    for index in range(3):
        seat(
            submitted_application(scheme, name=f"S{index}"), panellist(scheme.network), chair=chair
        )
    assert count_queries(client, url) == few


def test_panellist_seats_query_count_is_constant(scheme, chair, client):
    person = panellist(scheme.network)
    seat(submitted_application(scheme, name="First"), person, chair=chair)
    client.force_login(person)
    url = reverse("awards:network_awards", args=[scheme.network.slug])
    few = count_queries(client, url)
    for index in range(3):
        seat(submitted_application(scheme, name=f"S{index}"), person, chair=chair)
    assert count_queries(client, url) == few


def test_panel_candidates_query_count_is_constant(scheme, chair, client):
    application = submitted_application(scheme)
    seat(application, panellist(scheme.network, lived_experience=True), chair=chair)
    client.force_login(chair)
    url = reverse("awards:panel_assign", args=[scheme.network.slug, application.pk])
    # Warmed up: the first GET may fill the process's content-type cache.
    few = count_queries(client, url, warm_up=True)
    for _ in range(4):
        seat(application, panellist(scheme.network), chair=chair)
        panellist(scheme.network)
    assert count_queries(client, url, warm_up=True) == few


def test_reviews_list_query_count_is_constant(scheme, chair, client):
    application = submitted_application(scheme)
    seats = panel_in_review(application, chair=chair, lived_experience=(True, False, False, False))
    submit_review(seats[0])
    client.force_login(chair)
    url = reverse("awards:reviews", args=[scheme.network.slug, application.pk])
    few = count_queries(client, url)
    for assignment in seats[1:]:
        submit_review(assignment)
    assert count_queries(client, url) == few


@pytest.mark.parametrize("page", ["application_detail", "panel_application", "review"])
def test_pages_of_one_application_do_not_grow_with_its_criteria(page, db, client):
    counts = []
    for minimum in (2, 8):
        stream = StreamFactory()
        scheme = scheme_with_criteria(stream, minimum=minimum, optional=2)
        chair = coordinator(stream)
        application = submitted_application(scheme)
        seats = panel_in_review(application, chair=chair)
        if page == "application_detail":
            client.force_login(application.lead_contact)
            url = reverse("awards:application_detail", args=[application.pk])
        else:
            client.force_login(seats[0].panellist)
            url = reverse(f"awards:{page}", args=[stream.slug, application.pk])
            client.get(url)  # the review page starts the draft on the first visit
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


def test_applications_for_user_once_each_for_lead_and_collaborators_only(scheme):
    """EXISTS, not joins: each application once, however many contacts and collaborators it
    has; a collaborator who no longer acts for the organisation sees nothing; inside the
    application's network scope too."""
    from django_scopes import scope, scopes_disabled

    from awards.models import Collaborator
    from awards.queries.applications import applications_for_user
    from members.models import OrganisationContact
    from tests.factories import UserFactory

    organisation, lead = applicant(scheme, name="Lead School")
    application = start_application(organisation, scheme, actor=lead)
    colleagues = [UserFactory(), UserFactory()]
    outsider = UserFactory()
    contact_only = UserFactory()
    for person in [*colleagues, contact_only]:
        OrganisationContactFactory(organisation=organisation, user=person)
    with scopes_disabled():
        for person in colleagues:
            Collaborator.objects.create(application=application, user=person)
        Collaborator.objects.create(application=application, user=outsider)
        for person in [lead, *colleagues]:
            assert list(applications_for_user(person)) == [application]
            assert applications_for_user(person).count() == 1
        assert list(applications_for_user(outsider)) == []
        assert list(applications_for_user(contact_only)) == []
        OrganisationContact.objects.filter(user=colleagues[0]).delete()
        assert list(applications_for_user(colleagues[0])) == []
    with scope(network=scheme.network):
        assert applications_for_user(colleagues[1]).get() == application
