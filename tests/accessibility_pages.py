"""The pages tests/test_accessibility.py walks with axe: one of each kind, each with the
user who sees it and the form errors to show. Each is walked in every offered language."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from members.enums import ContributionKind, ThanksKind
from members.services.thanks import record_contribution
from tests.factories.adoption import contact_invitation_token, waiting_work
from tests.factories.affiliation import application_needing_changes, published_handbook
from tests.factories.api import api_token_of
from tests.factories.awards import award_walk, walk_question
from tests.factories.certificates import check_in_of, concern_about, held_award, sent_reminder
from tests.factories.charter import pending_signature_token, published_charter
from tests.factories.estate import uploaded_file
from tests.factories.exports import exports_in_every_state
from tests.factories.invitations import invitation_token
from tests.factories.lived_experience import (
    ambassadors_and_advisers,
    forum_with_members,
    supporters,
)
from tests.factories.streams import organisations_waiting


def undeliverable(world) -> str:
    from members.models import UndeliverableAddress

    UndeliverableAddress.objects.get_or_create(
        email="gone@example.org", defaults={"reason": "refused", "detail": "550 No such mailbox"}
    )
    return reverse("staff_undeliverable")


@dataclass
class Page:
    name: str
    url: callable
    user: str | None = None  # attribute of the `world` fixture
    fill: dict | None = None  # fields to fill, then submit, to show the form's errors


def thanked(world):
    """Time Mo Member gave to a panel, with his agreement, and a voucher owed for it."""
    world.member_a.has_lived_experience = True
    world.member_a.save(update_fields=["has_lived_experience"])
    return record_contribution(
        actor=world.staff,
        person=world.member_a,
        kind=ContributionKind.PANEL,
        date=datetime.date(2026, 10, 5),
        hours=Decimal("3"),
        thanks_kind=ThanksKind.VOUCHER,
        amount=Decimal("40"),
        consent_given=True,
    )


# One of each kind of page. A new kind of page adds a line here.
PAGES = [
    Page("home", lambda w: reverse("home")),
    Page("directory", lambda w: reverse("members:network_directory") + "?q=a"),
    Page("network profile", lambda w: reverse("members:network_profile", args=[w.network_a.slug])),
    Page("sign in", lambda w: reverse("account_login")),
    Page(
        "sign in with errors",
        lambda w: reverse("account_login"),
        fill={"#id_login": "nobody@example.org", "#id_password": "not-the-password"},
    ),
    Page("sign up", lambda w: reverse("account_signup")),
    Page("password reset", lambda w: reverse("account_reset_password")),
    Page("dashboard", lambda w: reverse("members:dashboard"), "coordinator_a"),
    Page("own profile", lambda w: reverse("members:profile"), "member_a"),
    Page(
        "sign up with errors",
        lambda w: reverse("account_signup"),
        fill={
            "#id_email": "new@example.org",
            "#id_password1": "a long passphrase here",
            "#id_password2": "different",
        },
    ),
    Page("two-step sign-in", lambda w: reverse("mfa_index"), "member_a"),
    Page(
        "API tokens",
        lambda w: api_token_of(w.member_a) and reverse("members:api_tokens"),
        "member_a",
    ),
    Page(
        "API token with errors",
        lambda w: api_token_of(w.member_a) and reverse("members:api_tokens"),
        "member_a",
        fill={"#id_name": "For the walk"},
    ),
    Page("set up an authenticator", lambda w: reverse("mfa_activate_totp"), "member_a"),
    Page(
        "network manage",
        lambda w: reverse("members:network_manage", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "network members",
        lambda w: reverse("members:network_members", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "add member with errors",
        lambda w: reverse("members:network_members", args=[w.network_a.slug]),
        "coordinator_a",
        fill={"#id_email": "not an address"},
    ),
    Page(
        "network profile edit",
        lambda w: reverse("members:network_profile_edit", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "network activity",
        lambda w: reverse("members:network_activity", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "stream organisations",
        lambda w: reverse("streams:network_organisations", args=[w.stream.slug]),
        "coordinator_a",
    ),
    Page(
        "organisation",
        lambda w: reverse("members:organisation_detail", args=[w.organisation_a.slug]),
        "contact_a",
    ),
    Page("staff overview", lambda w: reverse("staff_overview"), "staff"),
    Page("staff activity", lambda w: reverse("staff_activity"), "staff"),
    Page("undeliverable addresses", lambda w: undeliverable(w), "staff"),
    # Staff's public lists of signatories: ready, being made and failed.
    Page("staff signatory exports", lambda w: exports_in_every_state(w), "staff"),
    Page("privacy notice", lambda w: reverse("members:privacy_notice")),
    Page("your data", lambda w: reverse("members:my_data"), "coordinator_a"),
    Page(
        "an invitation to a role",
        lambda w: reverse(
            "members:invitation",
            args=[invitation_token(w.network_a, role="panellist")],
        ),
    ),
    # The staff's view of the movement and the lists behind it, with award data present.
    Page(
        "movement",
        lambda w: (award_walk(w), held_award(w), reverse("awards:movement"))[-1],
        "staff",
    ),
    Page(
        "movement applications",
        lambda w: (award_walk(w), reverse("awards:movement_applications") + "?state=in_review")[-1],
        "staff",
    ),
    Page(
        "movement awards",
        lambda w: (held_award(w), reverse("awards:movement_awards") + "?state=current")[-1],
        "staff",
    ),
    Page(
        "movement waiting",
        lambda w: reverse("awards:movement_waiting", args=["streams.joining"]),
        "staff",
    ),
    # Pathway to Change reports, for staff and for a network's coordinators, with award data.
    Page(
        "staff reports",
        lambda w: (award_walk(w), held_award(w), reverse("awards:staff_reports"))[-1],
        "staff",
    ),
    Page(
        "network reports",
        lambda w: (
            held_award(w),
            reverse("awards:network_reports", args=[w.stream.slug]),
        )[-1],
        "coordinator_a",
    ),
    # Thanks for lived experience: staff's list and form, and the person's own record.
    Page("staff thanks", lambda w: (thanked(w), reverse("members:staff_thanks"))[-1], "staff"),
    Page(
        "staff thanks, with errors",
        lambda w: reverse("members:staff_thanks"),
        "staff",
        {"#id_email": "nobody@example.org"},
    ),
    Page("my thanks", lambda w: (thanked(w), reverse("members:my_thanks"))[-1], "member_a"),
    Page(
        "withdraw an award",
        lambda w: reverse("awards:award_withdraw", args=[held_award(w).pk]),
        "staff",
    ),
    Page(
        "coordinator's work queue",
        lambda w: (award_walk(w), reverse("members:dashboard"))[-1],
        "coordinator_a",
    ),
    Page(
        "coordinator's whole work list",
        lambda w: (award_walk(w), reverse("members:my_work"))[-1],
        "coordinator_a",
    ),
    # The award workflow (tests/factories/awards.py builds its data).
    Page("awarded organisations", lambda w: reverse("awards:awarded_list")),
    Page(
        "award applications",
        lambda w: award_walk(w) and reverse("awards:my_applications"),
        "contact_a",
    ),
    Page("start an award application", lambda w: reverse("awards:application_start"), "contact_a"),
    Page(
        "award application draft",
        lambda w: reverse("awards:application_detail", args=[award_walk(w).draft.pk]),
        "contact_a",
    ),
    Page(
        "award application in review",
        lambda w: reverse("awards:application_detail", args=[award_walk(w).application.pk]),
        "contact_a",
    ),
    Page(
        "award criterion evidence",
        lambda w: reverse(
            "awards:criterion_edit",
            args=[award_walk(w).draft.pk, award_walk(w).draft_criterion.pk],
        ),
        "contact_a",
    ),
    Page(
        "award criterion evidence with errors",
        lambda w: reverse(
            "awards:criterion_edit",
            args=[award_walk(w).draft.pk, award_walk(w).draft_criterion.pk],
        ),
        "contact_a",
        fill={"#id_link_url": "not a web address"},
    ),
    Page(
        "award action plan",
        lambda w: reverse("awards:action_plan", args=[award_walk(w).draft.pk]),
        "contact_a",
    ),
    Page(
        "award collaborators",
        lambda w: reverse("awards:collaborators", args=[award_walk(w).application.pk]),
        "contact_a",
    ),
    Page(
        "award submit with missing evidence",
        lambda w: reverse("awards:application_submit", args=[award_walk(w).draft.pk]),
        "contact_a",
    ),
    Page(
        "award withdraw",
        lambda w: reverse("awards:application_withdraw", args=[award_walk(w).draft.pk]),
        "contact_a",
    ),
    Page(
        "network awards",
        lambda w: award_walk(w) and reverse("awards:network_awards", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "award settings",
        lambda w: award_walk(w) and reverse("awards:scheme_settings", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "award criteria",
        lambda w: award_walk(w) and reverse("awards:criteria", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "award criterion, published",
        lambda w: reverse(
            "awards:criterion_manage", args=[w.network_a.slug, award_walk(w).criterion.pk]
        ),
        "coordinator_a",
    ),
    *[
        Page(
            f"award {name.replace('_', ' ')}",
            lambda w, name=name: reverse(
                f"awards:{name}", args=[w.network_a.slug, award_walk(w).application.pk]
            ),
            "coordinator_a",
        )
        for name in ["panel_application", "panel_assign", "review", "reviews", "decision"]
    ],
    Page("not found", lambda w: "/no-such-network/manage/"),
    Page(
        "not your role",
        lambda w: reverse("members:network_activity", args=[w.network_a.slug]),
        "member_a",
    ),
    # Charter and signatures.
    Page("charter", lambda w: published_charter(w) and reverse("members:charter")),
    Page(
        "sign the charter with errors",
        lambda w: published_charter(w) and reverse("members:charter_sign"),
        fill={"#id_name": "Pat", "#id_email": "not-an-email"},
    ),
    Page(
        "sign for an organisation",
        lambda w: published_charter(w) and reverse("members:charter_sign"),
        "contact_a",
    ),
    Page(
        "signatories",
        lambda w: published_charter(w) and reverse("members:charter_signatories"),
    ),
    Page(
        "confirm a signature",
        lambda w: reverse(
            "members:signature_confirm", args=[pending_signature_token(published_charter(w))]
        ),
    ),
    Page(
        "staff documents",
        lambda w: published_charter(w) and reverse("members:staff_documents"),
        "staff",
    ),
    Page(
        "staff new version with errors",
        lambda w: reverse("members:staff_version_new"),
        "staff",
        fill={"#id_title": "Half done"},
    ),
    Page(
        "staff translation",
        lambda w: reverse("members:staff_version_translate", args=[published_charter(w).pk]),
        "staff",
    ),
    # Group affiliation.
    Page(
        "apply to affiliate with errors",
        lambda w: published_handbook() and reverse("members:affiliation_apply"),
        "member_a",
        fill={"#id_group_name": "Riverford Town of Sanctuary", "#id_contact_email": "not-an-email"},
    ),
    Page(
        "affiliation changes requested",
        lambda w: application_needing_changes(w).get_absolute_url(),
        "contact_a",
    ),
    Page(
        "staff affiliations",
        lambda w: application_needing_changes(w) and reverse("members:staff_affiliations"),
        "staff",
    ),
    Page(
        "staff affiliation",
        lambda w: reverse("members:staff_affiliation", args=[application_needing_changes(w).pk]),
        "staff",
    ),
    # Stream membership.
    Page(
        "stream organisations to decide",
        lambda w: (
            organisations_waiting(w)
            and reverse("streams:network_organisations", args=[w.stream.slug])
        ),
        "coordinator_a",
    ),
    Page(
        "join a stream, pledge first",
        lambda w: reverse("streams:join", args=[w.organisation_a.slug]),
        "contact_a",
    ),
    Page(
        "join a stream",
        lambda w: (
            organisations_waiting(w) and reverse("streams:join", args=[w.organisation_a.slug])
        ),
        "contact_a",
    ),
    # Sanctuary Ambassadors, the Advisory Group, forums and supporters.
    Page(
        "ambassador registration with errors",
        lambda w: reverse("members:ambassador"),
        "member_a",
        fill={"#id_availability": "Weekends"},
    ),
    Page(
        "staff ambassadors",
        lambda w: ambassadors_and_advisers(w) or reverse("members:staff_ambassadors"),
        "staff",
    ),
    Page(
        "staff advisory group",
        lambda w: ambassadors_and_advisers(w) or reverse("members:staff_advisory_group"),
        "staff",
    ),
    Page(
        "partnership forums of a group",
        lambda w: forum_with_members(w) and reverse("members:network_forums", args=["alphaville"]),
        "coordinator_a",
    ),
    Page(
        "partnership forum with errors",
        lambda w: reverse("members:network_forum", args=["alphaville", forum_with_members(w).pk]),
        "coordinator_a",
        fill={"#id_role_title": "Treasurer"},
    ),
    Page(
        "partnership forums",
        lambda w: forum_with_members(w) and reverse("members:partnership_forums"),
    ),
    Page("supporters", lambda w: supporters(w) or reverse("streams:supporters")),
    # Getting in: organisations register themselves, people join, staff set networks up.
    Page(
        "register an organisation", lambda w: reverse("members:organisation_register"), "member_a"
    ),
    Page(
        "register an organisation with errors",
        lambda w: reverse("members:organisation_register"),
        "member_a",
        fill={"#id_name": "Alpha Primary", "#id_postcode": "AL1 2AB"},
    ),
    Page(
        "find an organisation",
        lambda w: reverse("members:organisation_find") + "?q=Alpha",
        "member_a",
    ),
    Page(
        "ask to act for an organisation",
        lambda w: reverse("members:contact_request", args=[w.organisation_a.slug]),
        "member_a",
    ),
    Page(
        "organisation contacts",
        lambda w: reverse("members:organisation_contacts", args=[w.organisation_a.slug]),
        "contact_a",
    ),
    Page(
        "invitation",
        lambda w: reverse("members:contact_invitation", args=[contact_invitation_token(w)]),
    ),
    Page(
        "waiting for the coordinator",
        lambda w: waiting_work(w) and reverse("members:network_waiting", args=[w.network_a.slug]),
        "coordinator_a",
    ),
    Page(
        "network profile, signed in",
        lambda w: reverse("members:network_profile", args=[w.network_a.slug]),
        "contact_a",
    ),
    Page("staff networks", lambda w: reverse("members:staff_networks"), "staff"),
    Page("staff add a network", lambda w: reverse("members:staff_network_new"), "staff"),
    Page(
        "staff add a network with errors",
        lambda w: reverse("members:staff_network_new"),
        "staff",
        fill={"#id_name": "Nowhere"},
    ),
    Page(
        "staff network settings",
        lambda w: reverse("members:staff_network", args=[w.network_a.pk]),
        "staff",
    ),
    # Certificates, verification and reminders.
    Page(
        "award held, with certificate and badge",
        lambda w: check_in_of(w) and reverse("awards:award_detail", args=[held_award(w).pk]),
        "contact_a",
    ),
    # Check-ins between awards: the organisation's form, and the coordinators' page.
    Page(
        "award check-in",
        lambda w: reverse("awards:check_in", args=[held_award(w).pk, check_in_of(w).pk]),
        "contact_a",
    ),
    Page(
        "network check-in",
        lambda w: reverse("awards:network_check_in", args=[w.network_a.slug, check_in_of(w).pk]),
        "coordinator_a",
    ),
    Page(
        "verify a certificate",
        lambda w: reverse("awards:verify", args=[held_award(w).certificate_number]),
    ),
    Page("verify an unknown certificate", lambda w: reverse("awards:verify", args=["COS-NONE"])),
    # Around the review: questions, visits, concerns, care for panellists.
    Page(
        "questions from the panel",
        lambda w: (
            walk_question(w)
            and reverse("awards:application_questions", args=[award_walk(w).application.pk])
        ),
        "contact_a",
    ),
    Page(
        "panel questions and notes",
        lambda w: (
            walk_question(w)
            and reverse("awards:panel_questions", args=["alphaville", award_walk(w).application.pk])
        ),
        "coordinator_a",
    ),
    Page(
        "offer visit dates with errors",
        lambda w: reverse("awards:application_visit", args=[award_walk(w).application.pk]),
        "contact_a",
        fill={"#id_day_2": "2031-01-01"},
    ),
    Page(
        "panel visit",
        lambda w: reverse("awards:panel_visit", args=["alphaville", award_walk(w).application.pk]),
        "coordinator_a",
    ),
    Page(
        "step back from an application",
        lambda w: reverse("awards:step_back", args=["alphaville", award_walk(w).application.pk]),
        "coordinator_a",
    ),
    Page(
        "support contact for panellists with errors",
        lambda w: reverse("awards:support_contact", args=["alphaville"]),
        "coordinator_a",
        fill={"#id_name": "Ama Support"},
    ),
    Page(
        "raise a concern with errors",
        lambda w: reverse("awards:complaint_raise", args=[held_award(w).certificate_number]),
        fill={"#id_name": "Sam Visitor"},
    ),
    Page(
        "a concern about your award",
        lambda w: reverse(
            "awards:award_complaint", args=[held_award(w).pk, concern_about(held_award(w)).pk]
        ),
        "contact_a",
    ),
    Page(
        "staff concerns",
        lambda w: concern_about(held_award(w)) and reverse("awards:staff_complaints"),
        "staff",
    ),
    Page(
        "staff concern",
        lambda w: reverse("awards:staff_complaint", args=[concern_about(held_award(w)).pk]),
        "staff",
    ),
    # Rule 9 and importing the estate.
    Page(
        "network signatories",
        lambda w: (
            published_charter(w) and reverse("members:network_signatories", args=[w.network_a.slug])
        ),
        "coordinator_a",
    ),
    Page("staff handbook terms", lambda w: reverse("members:staff_handbook_terms"), "staff"),
    Page("staff import", lambda w: uploaded_file(w) and reverse("members:staff_import"), "staff"),
    Page(
        "staff import mapping",
        lambda w: reverse("members:staff_import_mapping", args=[uploaded_file(w).pk]),
        "staff",
    ),
    Page(
        "your reminders",
        lambda w: sent_reminder(w) and reverse("awards:my_reminders"),
        "contact_a",
    ),
]
