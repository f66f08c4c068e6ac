"""E-mails and certificates in every offered language: rendered for a recipient in each of
cy, ar, fa, ckb, uk and ti, no sentence of the English original survives. Names, e-mail
addresses, links, numbers and what people wrote themselves may stay as they are."""

import datetime
import re
from types import SimpleNamespace as Thing

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from awards.certificates import certificate_html
from awards.emails import APPLICANT_SUBJECTS, PANELLIST_SUBJECTS
from awards.enums import ApplicationState, ReminderKind
from awards.models import AwardScheme

OFFERED = [code for code, _name in settings.LANGUAGES if code != "en"]
# Words that are names or people's own words, never translated.
KEPT = [
    "Mariam Haddad", "Mariam", "Olena Koval", "Olena", "Hillside School", "Parkside Primary",
    "Schools of Sanctuary", "School of Sanctuary", "Leeds City of Sanctuary", "Leeds",
    "Please send photos of the welcome event.", "The area overlaps another group.",
    "We could not verify the organisation.", "Try again next term.",
    "The City of Sanctuary Charter",
]  # fmt: skip
URL = re.compile(r"https?://\S+|\S+@\S+")
LINK = "https://sanctuary.example.org/x/1/"
DAY = datetime.date(2027, 3, 5)


def person(name="Mariam Haddad"):
    return Thing(get_short_name=name.split()[0], get_full_name=name, name=name)


def meaningful_words(line: str) -> int:
    for kept in KEPT:
        line = line.replace(kept, " ")
    line = URL.sub(" ", line)
    return len([word for word in re.findall(r"[^\W\d_]+", line) if len(word) > 1])


def surviving_english(english: str, translated: str) -> list[str]:
    """Lines of the translation that are a line of the English render, and more than three
    words once names, addresses, links and numbers are left out."""
    english_lines = {line.strip() for line in english.splitlines() if line.strip()}
    return [
        line.strip()
        for line in translated.splitlines()
        if line.strip() in english_lines and meaningful_words(line) > 3
    ]


AWARDS = {"award_name": "School of Sanctuary", "organisation": "Hillside School", "link": LINK}
DECISION = Thing(evidence_requested="Please send photos of the welcome event.", evidence_due_on=DAY)
VERSION = Thing(display_title="The City of Sanctuary Charter")
EMAILS = [
    *[
        ("awards/emails/applicant.txt", {**AWARDS, "person": person(), "state": state,
         "states": ApplicationState, "decision": DECISION, "award": Thing(expires_on=DAY)})
        for state in APPLICANT_SUBJECTS
    ],
    *[
        ("awards/emails/panellist.txt", {**AWARDS, "person": person(), "state": state,
         "states": ApplicationState})
        for state in PANELLIST_SUBJECTS
    ],
    ("awards/emails/panellist_assigned.txt", {**AWARDS, "person": person()}),
    *[
        ("awards/emails/reminder.txt", {**AWARDS, "person": person(), "kinds": ReminderKind,
         "reminder": Thing(kind=kind, milestone=milestone, due_on=DAY),
         "award": Thing(expires_on=DAY), "optional": True, "opt_out_link": LINK,
         "deletes_on": DAY})
        for kind, milestone in [
            (ReminderKind.AWARD_EXPIRY, 0), (ReminderKind.AWARD_EXPIRY, 30),
            (ReminderKind.AWARD_EXPIRY, 1), (ReminderKind.AWARD_EXPIRY_NETWORK, 30),
            (ReminderKind.EVIDENCE_DUE, 7), (ReminderKind.REVIEW_OVERDUE, 0),
            (ReminderKind.DRAFT_IDLE, 0),
        ]
    ],
    *[
        ("members/emails/affiliation_state.txt", {"link": LINK, "application": Thing(
            applicant=person(), group_name="Leeds City of Sanctuary",
            get_state_display="Affiliated", state_reason=reason, is_affiliated=affiliated,
            network=Thing())})
        for reason, affiliated in [("The area overlaps another group.", False), ("", True)]
    ],
    *[
        ("members/emails/ambassador_status.txt", {"link": LINK, "approved": approved,
         "ambassador": Thing(user=person())})
        for approved in (True, False)
    ],
    *[
        ("members/emails/confirm_signature.txt", {"link": LINK, "endorse": endorse,
         "signature": Thing(name="Mariam Haddad", version=VERSION, party_name="Hillside School")})
        for endorse in (True, False)
    ],
    *[
        (template, {"link": LINK, "expires_in_days": 14, "invitation": Thing(
            invited_by=person("Olena Koval"), organisation=Thing(name="Hillside School"),
            network=Thing(name="Leeds City of Sanctuary"), name=name)})
        for template in ("members/emails/contact_invitation.txt",
                         "members/emails/coordinator_invitation.txt")
        for name in ("", "Mariam Haddad")
    ],
    *[
        (template, {"link": LINK, "approved": approved, "request": Thing(
            user=person(), organisation=Thing(name="Hillside School"),
            network=Thing(name="Leeds City of Sanctuary"), reason="Try again next term.")})
        for template in ("members/emails/contact_request.txt", "members/emails/join_request.txt")
        for approved in (True, False)
    ],
    *[
        ("members/emails/organisation_status.txt", {"link": LINK, "person": person(),
         "organisation": Thing(name="Hillside School", is_approved=approved,
                               status_reason="We could not verify the organisation.")})
        for approved in (True, False)
    ],
    ("members/emails/sign_again.txt", {"link": LINK, "version": VERSION, "signature": Thing(
        name="Mariam Haddad", version=VERSION, party_name="Hillside School")}),
    ("members/emails/trustees_invitation.txt", {"user": person(),
     "invitation": Thing(meeting_date=DAY)}),
    # Around the review (awards/notices.py) and the coordinators' notices.
    ("awards/emails/question.txt", {**AWARDS, "person": person(), "shown_name": "Olena Koval",
     "question": "Croeso i bawb?"}),
    ("awards/emails/question.txt", {**AWARDS, "person": person(), "shown_name": "",
     "question": "Croeso i bawb?"}),
    ("awards/emails/answer.txt", {**AWARDS, "person": person(), "question": "Croeso?",
     "answer": "Ydy."}),
    ("awards/emails/visit_dates.txt", {**AWARDS, "person": person()}),
    *[
        ("awards/emails/visit_confirmed.txt", {**AWARDS, "person": person(), "visit": Thing(
            starts_at=datetime.datetime(2027, 3, 5, 10), ends_at=datetime.datetime(2027, 3, 5, 12),
            is_online=online, online_link=LINK, address="1 Invented Lane, Sheffield")})
        for online in (True, False)
    ],
    ("awards/emails/seat_free.txt", {**AWARDS, "person": person()}),
    *[
        ("awards/emails/complaint_organisation.txt", {**AWARDS, "person": person(),
         "is_in_review": in_review, "complaint": Thing(
             get_state_display="Suspended", reason="Staff visit pending.")})
        for in_review in (True, False)
    ],
    *[
        ("awards/emails/complaint_reporter.txt", {**AWARDS, "person_name": "Mariam",
         "is_raised": raised, "is_in_review": in_review, "complaint": Thing(
             get_state_display="No action", reason="School explained.")})
        for raised, in_review in ((True, False), (False, True), (False, False))
    ],
    *[
        ("awards/emails/coordinator_notice.txt", {**AWARDS, "person": person(),
         "network": "Schools of Sanctuary", "kinds": ReminderKind, "resubmitted": resubmitted,
         "reminder": Thing(kind=kind), "opt_out_link": LINK})
        for kind, resubmitted in (
            (ReminderKind.APPLICATION_WAITING, False), (ReminderKind.APPLICATION_WAITING, True),
            (ReminderKind.PANEL_READY, False), (ReminderKind.REVIEWS_OVERDUE_NETWORK, False),
        )
    ],
    ("awards/emails/coordinator_digest.txt", {"person": person(), "dashboard_link": LINK,
     "opt_out_link": LINK, "items": [
         (Thing(kind=gettext_lazy("Record the panel's decision"), title="Hillside School",
                network=Thing(name="Schools of Sanctuary"), note="", since=DAY), LINK),
         (Thing(kind=gettext_lazy("Reviews are overdue"), title="Parkside Primary",
                network=Thing(name="Schools of Sanctuary"), note="2", since=DAY), LINK),
     ]}),
    *[
        ("members/emails/already_signed.txt", {"link": LINK, "signature": Thing(
            version=VERSION, party_name=party, is_confirmed=confirmed)})
        for party, confirmed in (("Hillside School", True), ("", False))
    ],
    *[
        ("members/emails/membership_invitation.txt", {"link": LINK, "invitation_days": 14,
         "invitation": Thing(network=Thing(name="Leeds City of Sanctuary"),
                             get_role_display="Panellist", is_panellist=panellist)})
        for panellist in (True, False)
    ],
]  # fmt: skip


def render(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def test_every_e_mail_template_is_covered():
    from pathlib import Path

    root = Path(settings.BASE_DIR) / "templates"
    found = {str(path.relative_to(root)) for path in root.glob("*/emails/*.txt")}
    assert found == {template for template, _context in EMAILS}


@pytest.mark.parametrize("language", OFFERED)
@pytest.mark.parametrize(("template", "context"), EMAILS, ids=[t for t, _c in EMAILS])
def test_e_mail_has_no_english_sentence_left(template, context, language):
    english = render(template, context, "en")
    translated = render(template, context, language)
    assert meaningful_words(english) > 5
    assert surviving_english(english, translated) == []


@pytest.mark.parametrize("language", OFFERED)
def test_e_mail_subjects_are_translated(language):
    for subject in [*APPLICANT_SUBJECTS.values(), *PANELLIST_SUBJECTS.values()]:
        with translation.override(language):
            translated = str(subject)
        assert translated != str(subject), (language, str(subject))


def certificate(language: str) -> str:
    award = Thing(
        scheme=AwardScheme(name="School of Sanctuary"),
        organisation=Thing(name="Parkside Primary"),
        network=Thing(name="Schools of Sanctuary"),
        awarded_on=datetime.date(2026, 5, 14),
        expires_on=datetime.date(2029, 5, 14),
        certificate_number="COS-2345-6789",
    )
    html = certificate_html(award, language)
    # Text between tags, one piece a line, as a reader meets it.
    return "\n".join(re.sub(r"<[^>]+>", "\n", html.split("<body>", 1)[1]).splitlines())


@pytest.mark.parametrize("language", OFFERED)
def test_certificate_has_no_english_sentence_left(language):
    english = certificate("en")
    translated = certificate(language)
    assert "This certificate recognises" in english
    assert surviving_english(english, translated) == []
    # Even the short labels are translated.
    for label in ("Awarded on", "Valid until", "Certificate number"):
        assert label not in translated


def test_the_check_finds_english_that_was_left():
    template, context = EMAILS[0]
    english = render(template, context, "en")
    assert len(surviving_english(english, english)) >= 2
