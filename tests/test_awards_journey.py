"""The demo path of issue 4, through the pages, as the people would click it: a school applies
with evidence, a coordinator forms a panel that includes lived experience, three panellists
review, the chair asks for more evidence, the school resubmits, the panel awards."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import ApplicationState, AwardState, ConflictDeclaration, Rating
from awards.models import Application, Award, Decision
from tests.factories import StreamFactory
from tests.factories.awards import (
    PDF_BYTES,
    applicant,
    coordinator,
    criteria_of,
    give_pledge,
    panellist,
    scheme_with_criteria,
)


def test_a_school_goes_from_draft_to_award(db, client, django_capture_on_commit_callbacks):
    schools = StreamFactory(name="Schools of Sanctuary", slug="schools")
    scheme = scheme_with_criteria(
        schools, name="School of Sanctuary", minimum=8, optional=2, pledge=True
    )
    school, head = applicant(scheme, name="Parkside Primary")
    give_pledge(school, head)
    chair = coordinator(schools, name="Owen Coordinator")
    ambassador = panellist(schools, lived_experience=True, name="Yonas Ambassador")
    panellist(schools, name="Nia Reviewer")
    panellist(schools, name="Leila Adviser")

    with django_capture_on_commit_callbacks(execute=True):
        # The school's contact starts the application and adds evidence, criterion by criterion.
        client.force_login(head)
        client.post(reverse("awards:application_start"), {"choice": f"{school.pk}:{scheme.pk}"})
        with scopes_disabled():
            application = Application.objects.get(organisation=school)
        criteria = criteria_of(application)
        for criterion in criteria:
            if criterion.is_pledge or not criterion.is_minimum:
                continue
            data = {"self_assessment": "in_place", "narrative": f"We did {criterion.title}."}
            if criterion.title == "Minimum criterion 2":
                data["file"] = SimpleUploadedFile("policy.pdf", PDF_BYTES)
            client.post(reverse("awards:criterion_edit", args=[application.pk, criterion.pk]), data)
        client.post(reverse("awards:application_submit", args=[application.pk]))
        assert state_of(application) == ApplicationState.SUBMITTED

        # The coordinator seats the suggested panel, which includes lived experience.
        client.force_login(chair)
        panel_url = reverse("awards:panel_assign", args=[schools.slug, application.pk])
        suggested = client.get(panel_url).context["suggestions"]
        assert ambassador in [candidate.user for candidate in suggested]
        client.post(panel_url, {"panellists": [c.user.pk for c in suggested]})
        client.post(reverse("awards:review_start", args=[schools.slug, application.pk]))
        assert state_of(application) == ApplicationState.IN_REVIEW

        # Three panellists each declare no conflict and review alone.
        panel = [c.user for c in suggested]
        for person in panel:
            review_by(client, person, application, criteria, Rating.MET)

        # The chair records a visit and asks for more evidence.
        decision_url = reverse("awards:decision", args=[schools.slug, application.pk])
        client.force_login(chair)
        client.post(
            decision_url,
            {"meeting": "", "kind": "visit", "held_on": "2026-05-01", "notes": "Assembly visit"},
        )
        due = datetime.date.today() + datetime.timedelta(days=28)
        findings = {f"finding_{c.pk}": Rating.MET for c in criteria}
        findings[f"finding_{criteria[1].pk}"] = Rating.PARTLY_MET
        client.post(
            decision_url,
            {
                **findings,
                "outcome": "more_evidence",
                "decided_on": datetime.date.today().isoformat(),
                "appraisal_report": "A warm school; show us how families are involved.",
                "evidence_requested": "How parents who are new to the area are welcomed.",
                "evidence_due_on": due.isoformat(),
            },
        )
        assert state_of(application) == ApplicationState.MORE_EVIDENCE_REQUESTED

        # The school reads exactly what was asked, adds it and resubmits.
        client.force_login(head)
        page = client.get(reverse("awards:application_detail", args=[application.pk]))
        assert "How parents who are new to the area are welcomed." in page.content.decode()
        client.post(
            reverse("awards:criterion_edit", args=[application.pk, criteria[1].pk]),
            {
                "self_assessment": "in_place",
                "narrative": "Family mornings with interpreters, every half term.",
                "link_url": "https://example.org/family-mornings",
                "link_title": "Family mornings",
            },
        )
        client.post(reverse("awards:application_submit", args=[application.pk]))
        assert state_of(application) == ApplicationState.RESUBMITTED

        # The panel sees what changed, reviews again, and the chair awards.
        client.force_login(chair)
        client.post(reverse("awards:review_start", args=[schools.slug, application.pk]))
        changes = client.get(
            reverse("awards:panel_application", args=[schools.slug, application.pk])
        )
        assert "Family mornings with interpreters" in changes.content.decode()
        for person in panel:
            review_by(client, person, application, criteria, Rating.MET)
        client.force_login(chair)
        decided_on = datetime.date.today()
        client.post(
            decision_url,
            {
                **{f"finding_{c.pk}": Rating.MET for c in criteria},
                "outcome": "awarded",
                "decided_on": decided_on.isoformat(),
                "appraisal_report": "Parkside Primary is a School of Sanctuary.",
            },
        )

    assert state_of(application) == ApplicationState.AWARDED
    with scopes_disabled():
        issued = Award.objects.get(organisation=school)
        decisions = list(Decision.objects.order_by("pk").values_list("outcome", flat=True))
    assert (issued.state, issued.awarded_on) == (AwardState.ACTIVE, decided_on)
    assert issued.expires_on == decided_on.replace(year=decided_on.year + 3)
    assert decisions == ["more_evidence", "awarded"]
    to_school = [m.subject for m in mail.outbox if m.to == [head.email]]
    assert to_school == [
        "Your Sanctuary Award application is submitted",
        "A panel is reviewing your Sanctuary Award application",
        "The panel asks for more evidence for your Sanctuary Award application",
        "Your additional evidence is submitted",
        "A panel is reviewing your Sanctuary Award application",
        "Congratulations: your Sanctuary Award",
    ]
    public = client.get(reverse("awards:awarded_list")).content.decode()
    assert "Parkside Primary" in public


def state_of(application) -> str:
    with scopes_disabled():
        return Application.objects.get(pk=application.pk).state


def review_by(client, person, application, criteria, rating):
    client.force_login(person)
    url = reverse("awards:review", args=[application.network.slug, application.pk])
    client.post(url, {"declare": "", "conflict": ConflictDeclaration.NONE})
    client.get(url)
    data = {f"rating_{c.pk}": rating for c in criteria}
    data.update({f"reason_{c.pk}": "Clear in the evidence." for c in criteria})
    data.update({"strengths": "Warm", "improvements": "", "questions": "", "submit": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_a_networks_page_shows_its_newest_welcomed_and_links_to_the_rest(db, client, scheme, chair):
    """The public page stays the same size however many a network has welcomed: the newest
    24, and a link to all of them on the list of awards, filtered to the stream's award."""
    from awards.sections import WELCOMED_SHOWN
    from tests.factories.certificates import issued_award

    start = datetime.date(2025, 1, 1)
    for n in range(WELCOMED_SHOWN + 2):
        issued_award(scheme, awarded_on=start + datetime.timedelta(days=n), name=f"School {n:02}")
    page = client.get(reverse("members:network_profile", args=[scheme.network.slug]))
    text = page.content.decode()
    assert f"School {WELCOMED_SHOWN + 1:02}" in text  # the newest
    assert "School 00" not in text and "School 01" not in text
    assert f"See all {WELCOMED_SHOWN + 2} organisations on the list of awards" in text
    assert f"{reverse('awards:awarded_list')}?scheme={scheme.pk}" in text
