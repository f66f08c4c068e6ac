"""The applicant's pages: start, self-assess, evidence with checked uploads, submit, withdraw."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import ApplicationState, SelfAssessment
from awards.models import Application, CriterionResponse, EvidenceFile, EvidenceLink
from awards.services.applications import add_collaborator, start_application, submit_application
from sanctuary.models import ActivityLog
from tests.factories import OrganisationContactFactory, StreamFactory, UserFactory, give_mfa
from tests.factories.awards import (
    applicant,
    coordinator,
    fill_evidence,
    reload,
    responses_of,
    scheme_with_criteria,
    started_application,
)
from tests.fakes import EICAR

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def application(scheme):
    organisation, contact = applicant(scheme, name="Parkside Primary")
    return start_application(organisation, scheme, actor=contact)


@pytest.fixture
def other(scheme):
    """Another organisation's application in the same scheme: data that must not leak."""
    organisation, contact = applicant(scheme, name="Hillcrest Academy")
    return start_application(organisation, scheme, actor=contact)


def response_for(application, title="Minimum criterion 1") -> CriterionResponse:
    return next(r for r in responses_of(application) if r.criterion.title == title)


def criterion_url(application, title="Minimum criterion 1"):
    response = response_for(application, title)
    return reverse("awards:criterion_edit", args=[application.pk, response.criterion_id])


# Who may see an application -----------------------------------------------------------------


def test_application_page_for_its_contact_404_for_everyone_else(application, other, client):
    url = reverse("awards:application_detail", args=[application.pk])
    client.force_login(application.lead_contact)
    mine = client.get(url)
    text = mine.content.decode()
    assert mine.status_code == 200
    assert "Application of Parkside Primary" in text
    assert "Hillcrest Academy" not in text
    # Another organisation's contact, the scheme's coordinator and staff: 404, like a missing id.
    for person in [
        other.lead_contact,
        coordinator(application.network),
        give_mfa(UserFactory(is_staff=True)),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == 404
    assert client.get(reverse("awards:application_detail", args=[999999])).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(application, client):
    response = client.get(reverse("awards:application_detail", args=[application.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contact_of_the_organisation_who_is_not_on_the_application_gets_404(application, client):
    colleague = UserFactory()
    OrganisationContactFactory(organisation=application.organisation, user=colleague)
    client.force_login(colleague)
    url = reverse("awards:application_detail", args=[application.pk])
    assert client.get(url).status_code == 404
    add_collaborator(application, colleague, actor=application.lead_contact)
    assert client.get(url).status_code == 200


def test_my_applications_lists_only_my_own(application, other, client):
    client.force_login(application.lead_contact)
    text = client.get(reverse("awards:my_applications")).content.decode()
    assert "Parkside Primary" in text
    assert "Hillcrest Academy" not in text


# Starting ------------------------------------------------------------------------------------


def test_contact_starts_an_application_through_the_page(scheme, client):
    organisation, contact = applicant(scheme, name="Northfield School")
    client.force_login(contact)
    page = client.get(reverse("awards:application_start"))
    assert "Northfield School: School of Sanctuary" in page.content.decode()
    response = client.post(
        reverse("awards:application_start"), {"choice": f"{organisation.pk}:{scheme.pk}"}
    )
    with scopes_disabled():
        application = Application.objects.get(organisation=organisation)
    assert response["Location"] == reverse("awards:application_detail", args=[application.pk])
    assert (application.state, application.lead_contact) == (ApplicationState.DRAFT, contact)


def test_start_page_refuses_a_scheme_the_organisation_may_not_apply_to(scheme, client):
    _organisation, contact = applicant(scheme, name="Northfield School")
    elsewhere = scheme_with_criteria(StreamFactory(), name="Library of Sanctuary")
    outsider_org, _ = applicant(elsewhere, name="Riverside Library")
    client.force_login(contact)
    response = client.post(
        reverse("awards:application_start"), {"choice": f"{outsider_org.pk}:{elsewhere.pk}"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    with scopes_disabled():
        assert Application.objects.count() == 0


# Drafts and evidence ------------------------------------------------------------------------


def test_save_draft_keeps_the_text(application, client):
    client.force_login(application.lead_contact)
    response = client.post(
        criterion_url(application),
        {
            "self_assessment": SelfAssessment.IN_PROGRESS,
            "narrative": "Welcome week for families.",
            "save": "",
        },
    )
    assert response.status_code == 302
    saved = response_for(application)
    assert (saved.self_assessment, saved.narrative) == (
        SelfAssessment.IN_PROGRESS,
        "Welcome week for families.",
    )


def test_bad_link_keeps_what_was_typed_and_saves_the_text(application, client):
    client.force_login(application.lead_contact)
    response = client.post(
        criterion_url(application),
        {
            "self_assessment": SelfAssessment.IN_PLACE,
            "narrative": "Our welcome buddies.",
            "link_url": "not a web address",
            "link_title": "Buddies video",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in text
    assert 'value="not a web address"' in text
    assert "Our welcome buddies." in text
    assert response_for(application).narrative == "Our welcome buddies."
    with scopes_disabled():
        assert EvidenceLink.objects.count() == 0


def test_autosave_saves_the_text_in_place(application, client):
    client.force_login(application.lead_contact)
    response = client.post(
        criterion_url(application),
        {"self_assessment": SelfAssessment.IN_PROGRESS, "narrative": "Half written"},
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().startswith("Draft saved at ")
    assert response_for(application).narrative == "Half written"


def upload(client, application, name, content):
    return client.post(
        criterion_url(application),
        {
            "self_assessment": SelfAssessment.IN_PLACE,
            "narrative": "See the file.",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_upload_is_stored_with_the_type_its_content_shows(application, client):
    client.force_login(application.lead_contact)
    response = upload(client, application, "assembly photo.jpg", PDF)
    assert response.status_code == 302
    with scopes_disabled():
        stored = EvidenceFile.objects.get()
        entry = ActivityLog.objects.get(action="awards.evidence.file_added")
    assert (stored.original_name, stored.content_type, stored.size) == (
        "assembly_photo.pdf",
        "application/pdf",
        len(PDF),
    )
    assert entry.data["name"] == "assembly_photo.pdf"


def test_upload_whose_content_is_not_an_accepted_kind_is_refused(application, client):
    client.force_login(application.lead_contact)
    response = upload(client, application, "report.pdf", b"<html><script>alert(1)</script>")
    text = response.content.decode()
    assert response.status_code == 200
    assert "its content is not one of the kinds we take" in text
    with scopes_disabled():
        assert EvidenceFile.objects.count() == 0
    assert response_for(application).narrative == "See the file."


@override_settings(SANCTUARY_UPLOAD_MAX_BYTES=1024)
def test_upload_too_large_is_refused(application, client):
    client.force_login(application.lead_contact)
    response = upload(client, application, "big.pdf", PDF + b"0" * 2048)
    assert "files can be up to 1.0\xa0KB" in response.content.decode()
    with scopes_disabled():
        assert EvidenceFile.objects.count() == 0


def test_upload_with_malware_is_refused_by_the_scanner(application, client):
    client.force_login(application.lead_contact)
    response = upload(client, application, "minutes.pdf", PDF + EICAR)
    assert "did not pass the virus check" in response.content.decode()
    with scopes_disabled():
        assert EvidenceFile.objects.count() == 0


def test_evidence_file_is_served_as_an_attachment_only_to_the_applicant(application, other, client):
    client.force_login(application.lead_contact)
    upload(client, application, "plan.png", PNG)
    with scopes_disabled():
        stored = EvidenceFile.objects.get()
    url = reverse("awards:evidence_file", args=[application.pk, stored.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan.png"'
    assert response["Content-Type"] == "image/png"
    assert response.content == PNG
    # The same file through another organisation's application, or by its contact: 404.
    assert (
        client.get(reverse("awards:evidence_file", args=[other.pk, stored.pk])).status_code == 404
    )
    client.force_login(other.lead_contact)
    assert client.get(url).status_code == 404


def test_removed_file_is_hidden_but_kept(application, client):
    client.force_login(application.lead_contact)
    upload(client, application, "plan.png", PNG)
    with scopes_disabled():
        stored = EvidenceFile.objects.get()
    client.post(reverse("awards:evidence_file_remove", args=[application.pk, stored.pk]))
    with scopes_disabled():
        stored.refresh_from_db()
    assert stored.removed_at is not None
    assert (
        client.get(reverse("awards:evidence_file", args=[application.pk, stored.pk])).status_code
        == 404
    )


def test_link_added_through_the_page(application, client):
    client.force_login(application.lead_contact)
    client.post(
        criterion_url(application),
        {
            "self_assessment": SelfAssessment.IN_PLACE,
            "narrative": "",
            "link_url": "https://example.org/welcome",
            "link_title": "Our welcome page",
        },
    )
    with scopes_disabled():
        assert list(EvidenceLink.objects.values_list("url", "title")) == [
            ("https://example.org/welcome", "Our welcome page")
        ]


# Submitting and withdrawing -----------------------------------------------------------------


def test_submit_page_lists_what_is_missing(application, client):
    client.force_login(application.lead_contact)
    response = client.post(reverse("awards:application_submit", args=[application.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Before you can submit" in text
    assert "“Minimum criterion 1”: add a description, a file or a link as evidence." in text
    assert "“Minimum criterion 2”: add a description, a file or a link as evidence." in text
    assert "Further criterion 1" not in text
    assert reload(application).state == ApplicationState.DRAFT


def test_submit_through_the_page(application, client):
    fill_evidence(application)
    client.force_login(application.lead_contact)
    response = client.post(reverse("awards:application_submit", args=[application.pk]))
    assert response["Location"] == reverse("awards:application_detail", args=[application.pk])
    assert reload(application).state == ApplicationState.SUBMITTED


def test_submitted_evidence_cannot_be_changed(application, client):
    fill_evidence(application)
    submit_application(application, actor=application.lead_contact)
    client.force_login(application.lead_contact)
    client.post(criterion_url(application), {"self_assessment": "in_place", "narrative": "Changed"})
    assert response_for(application).narrative == "What we did for Minimum criterion 1."


def test_withdraw_through_the_page(application, client):
    client.force_login(application.lead_contact)
    client.post(reverse("awards:application_withdraw", args=[application.pk]))
    assert reload(application).state == ApplicationState.WITHDRAWN


def test_collaborator_must_act_for_the_organisation(application, other, client):
    client.force_login(application.lead_contact)
    response = client.post(
        reverse("awards:collaborators", args=[application.pk]), {"user": other.lead_contact.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with scopes_disabled():
        assert application.collaborators.count() == 0


def test_collaborator_added_through_the_page_sees_the_application(application, client):
    colleague = UserFactory(full_name="Dev Colleague")
    OrganisationContactFactory(organisation=application.organisation, user=colleague)
    client.force_login(application.lead_contact)
    client.post(reverse("awards:collaborators", args=[application.pk]), {"user": colleague.pk})
    client.force_login(colleague)
    page = client.get(reverse("awards:application_detail", args=[application.pk]))
    assert "Dev Colleague" in page.content.decode()


def test_started_application_has_one_response_per_criterion(scheme):
    application = started_application(scheme)
    assert [r.criterion.title for r in responses_of(application)] == [
        "Minimum criterion 1",
        "Minimum criterion 2",
        "Further criterion 1",
    ]
