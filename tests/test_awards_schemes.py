"""Award schemes: settings, windows or cohorts, versioned criteria; and panel downloads."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import ApplicationState, CriterionArea, WindowStatus
from awards.models import Application, AwardScheme, CriteriaVersion, Criterion, EvidenceFile
from awards.services.applications import start_application, submit_application
from awards.services.errors import AwardError, SubmissionRefused
from awards.services.schemes import add_window, create_scheme, set_window_status
from sanctuary.models import ActivityLog
from tests.factories import StreamFactory, UserFactory, give_mfa
from tests.factories.awards import (
    PDF_BYTES,
    applicant,
    coordinator,
    fill_evidence,
    panellist,
    scheme_with_criteria,
    seat,
    started_application,
    submitted_application,
)


def test_new_scheme_has_the_movement_defaults(db):
    stream = StreamFactory()
    scheme = create_scheme(stream, actor=None, name="Library of Sanctuary")
    assert (scheme.min_panel_size, scheme.reminder_days, scheme.validity_years) == (
        3,
        [90, 30, 7, 0],
        3,
    )
    with scopes_disabled():
        assert list(scheme.versions.values_list("number", "published_at")) == [(1, None)]


def test_coordinator_changes_panel_size_and_reminders(scheme, chair, client):
    client.force_login(chair)
    response = client.post(
        reverse("awards:scheme_settings", args=[scheme.network.slug]),
        {"name": scheme.name, "summary": "", "min_panel_size": 4, "reminder_days": "14, 60, 0"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        scheme.refresh_from_db()
        entry = ActivityLog.objects.get(action="awards.scheme.settings_changed")
    assert (scheme.min_panel_size, scheme.reminder_days) == (4, [60, 14, 0])
    assert entry.data["min_panel_size"] == {"old": 3, "new": 4}


def test_panel_size_below_two_is_refused_next_to_the_field(scheme, chair, client):
    client.force_login(chair)
    response = client.post(
        reverse("awards:scheme_settings", args=[scheme.network.slug]),
        {"name": scheme.name, "summary": "", "min_panel_size": 1, "reminder_days": "90, 0"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in text
    assert "Ensure this value is greater than or equal to 2." in text
    with scopes_disabled():
        scheme.refresh_from_db()
    assert scheme.min_panel_size == 3


def test_only_staff_create_a_network_scheme(db, client):
    stream = StreamFactory(slug="libraries")
    local_coordinator = coordinator(stream)
    data = {"name": "Library of Sanctuary", "summary": "", "min_panel_size": 3}
    data["reminder_days"] = "90, 30, 7, 0"
    url = reverse("awards:scheme_settings", args=[stream.slug])
    client.force_login(local_coordinator)
    assert client.post(url, data).status_code == 404
    client.force_login(give_mfa(UserFactory(is_staff=True)))
    client.post(url, data)
    with scopes_disabled():
        assert list(AwardScheme.objects.values_list("network__slug", "name")) == [
            ("libraries", "Library of Sanctuary")
        ]


def test_waiting_list_lets_an_application_start_but_not_be_submitted(scheme, chair):
    window = add_window(scheme, actor=chair, name="Autumn cohort", status=WindowStatus.WAITING_LIST)
    application = started_application(scheme)
    fill_evidence(application)
    assert application.window == window
    with pytest.raises(SubmissionRefused, match=r"not ready to submit") as refused:
        submit_application(application, actor=application.lead_contact)
    assert [m.message for m in refused.value.missing] == [
        "Applications in “Autumn cohort” are not open yet. You can keep preparing and submit "
        "when it opens."
    ]
    set_window_status(window, WindowStatus.OPEN, actor=chair)
    with scopes_disabled():
        application = Application.objects.get(pk=application.pk)
    submit_application(application, actor=application.lead_contact)
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).state == ApplicationState.SUBMITTED


def test_closed_windows_take_no_new_applications(scheme, chair):
    add_window(scheme, actor=chair, name="Spring cohort", status=WindowStatus.CLOSED)
    organisation, contact = applicant(scheme)
    with pytest.raises(AwardError, match="not taking applications"):
        start_application(organisation, scheme, actor=contact)


def test_windows_are_added_and_opened_through_the_page(scheme, chair, client):
    client.force_login(chair)
    client.post(
        reverse("awards:window_add", args=[scheme.network.slug]),
        {"name": "Autumn cohort", "status": WindowStatus.WAITING_LIST},
    )
    with scopes_disabled():
        window = scheme.windows.get()
    client.post(
        reverse("awards:window_status", args=[scheme.network.slug, window.pk]),
        {f"{window.pk}-status": WindowStatus.OPEN},
    )
    with scopes_disabled():
        window.refresh_from_db()
    assert (window.name, window.status) == ("Autumn cohort", WindowStatus.OPEN)


def test_window_of_another_network_is_404(scheme, chair, client):
    other = scheme_with_criteria(StreamFactory(slug="libraries"))
    window = add_window(other, actor=chair, name="Their cohort", status=WindowStatus.CLOSED)
    client.force_login(chair)
    response = client.post(
        reverse("awards:window_status", args=[scheme.network.slug, window.pk]),
        {f"{window.pk}-status": WindowStatus.OPEN},
    )
    assert response.status_code == 404


def test_new_criteria_version_through_the_page(scheme, chair, client):
    client.force_login(chair)
    url = reverse("awards:criteria", args=[scheme.network.slug])
    client.post(url, {"action": "start_draft"})
    client.post(
        url,
        {
            "action": "add",
            "area": CriterionArea.SHARE,
            "title": "Tell the local newspaper",
            "guidance": "A story in the local press.",
            "is_minimum": "on",
            "position": 20,
        },
    )
    client.post(url, {"action": "publish"})
    with scopes_disabled():
        versions = list(
            CriteriaVersion.objects.filter(scheme=scheme).values_list("number", "published_at")
        )
        latest = Criterion.objects.filter(version__scheme=scheme, version__number=2)
        copied = latest.exclude(previous__isnull=True).count()
        titles = list(latest.values_list("title", flat=True))
    assert [number for number, _published in versions] == [2, 1]
    assert all(published for _number, published in versions)
    assert (copied, len(titles)) == (3, 4)
    assert "Tell the local newspaper" in titles


def test_panel_downloads_evidence_as_an_attachment_only_when_seated(scheme, chair, client):
    application = submitted_application(scheme)
    with scopes_disabled():
        response_row = application.responses.first()
        stored = EvidenceFile(
            response=response_row,
            original_name="minutes.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
        )
        stored.file.save("x", ContentFile(PDF_BYTES), save=False)
        stored.save()
    url = reverse(
        "awards:panel_evidence_file", args=[scheme.network.slug, application.pk, stored.pk]
    )
    seated, unseated = panellist(scheme.network), panellist(scheme.network)
    seat(application, seated, chair=chair)
    client.force_login(seated)
    download = client.get(url)
    assert download["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert download.content == PDF_BYTES
    client.force_login(unseated)
    assert client.get(url).status_code == 404
    client.force_login(application.lead_contact)
    assert client.get(url).status_code == 404


def test_criterion_translation_reaches_readers_in_their_language(scheme, chair, client):
    application = started_application(scheme)
    with scopes_disabled():
        criterion = application.criteria_version.criteria.get(title="Minimum criterion 1")
    client.force_login(chair)
    client.post(
        reverse("awards:criterion_manage", args=[scheme.network.slug, criterion.pk]),
        {
            "translate": "",
            "translation-language": "cy",
            "translation-title": "Mae staff yn deall beth yw ceisio noddfa",
            "translation-guidance": "Sesiwn i'r staff.",
        },
    )
    lead = application.lead_contact
    client.force_login(lead)
    page = reverse("awards:application_detail", args=[application.pk])
    assert "Mae staff yn deall" not in client.get(page).content.decode()
    lead.preferred_language = "cy"
    lead.save(update_fields=["preferred_language"])
    text = client.get(page).content.decode()
    assert "Mae staff yn deall beth yw ceisio noddfa" in text
    assert "Minimum criterion 1" not in text
    with scopes_disabled():
        criterion.refresh_from_db()
        entry = ActivityLog.objects.get(action="awards.criteria.translation_saved")
    assert criterion.title == "Minimum criterion 1"  # the published original is unchanged
    assert entry.data == {"language": "cy", "removed": False}
