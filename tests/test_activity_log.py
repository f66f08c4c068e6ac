"""Rule 8: every state change writes one activity-log entry with its network and actor.
Each test calls a service and checks exactly the entry it must write."""

import datetime

from django_scopes import scope, scopes_disabled

from awards.enums import ConflictDeclaration, CriterionArea, WindowStatus
from awards.models import PanelAssignment
from awards.services.panels import assign_panellist, declare_conflict
from awards.services.schemes import (
    add_window,
    remove_criterion,
    save_criterion,
    set_window_status,
    start_criteria_draft,
)
from awards.services.state import withdraw_award
from members.enums import Role
from members.services.people import add_membership, remove_membership
from sanctuary.models import ActivityLog
from tests.factories import UserFactory, give_mfa
from tests.factories.awards import (
    panellist,
    submitted_application,
)
from tests.factories.certificates import issued_award


def entries(action: str) -> list[ActivityLog]:
    with scopes_disabled():
        return list(ActivityLog.objects.filter(action=action).select_related("network", "actor"))


def only_entry(action: str) -> ActivityLog:
    found = entries(action)
    assert len(found) == 1, f"{action}: {len(found)} entries"
    return found[0]


def test_criteria_changes_are_logged(scheme, chair):
    version = start_criteria_draft(scheme, actor=chair)
    criterion = save_criterion(
        version, actor=chair, area=CriterionArea.LEARN, title="Staff learn together"
    )
    save_criterion(
        version,
        actor=chair,
        criterion=criterion,
        area=CriterionArea.LEARN,
        title="Staff learn together each term",
    )
    remove_criterion(criterion, actor=chair)
    started = only_entry("awards.criteria.draft_started")
    saved = entries("awards.criteria.criterion_saved")
    removed = only_entry("awards.criteria.criterion_removed")
    assert (started.network, started.actor) == (scheme.network, chair)
    assert [e.data["new"] for e in sorted(saved, key=lambda e: e.pk)] == [True, False]
    assert (removed.network, removed.actor, removed.data["title"]) == (
        scheme.network,
        chair,
        "Staff learn together each term",
    )


def test_window_changes_are_logged(scheme, chair):
    window = add_window(scheme, actor=chair, name="Spring", status=WindowStatus.OPEN)
    set_window_status(window, WindowStatus.CLOSED, actor=chair)
    created = only_entry("awards.window.created")
    changed = only_entry("awards.window.status_changed")
    assert (created.network, created.actor) == (scheme.network, chair)
    assert changed.data == {"status": {"old": "open", "new": "closed"}}


def test_panel_changes_are_logged(scheme, chair):
    application = submitted_application(scheme)
    member = panellist(scheme.network, name="Pat Panel")
    assign_panellist(application, member, actor=chair)
    with scope(network=scheme.network):
        seat = PanelAssignment.objects.get(application=application, panellist=member)
    declare_conflict(seat, actor=member, conflict=ConflictDeclaration.NONE)
    assigned = only_entry("awards.panel.assigned")
    declared = only_entry("awards.panel.conflict_declared")
    assert (assigned.network, assigned.actor) == (scheme.network, chair)
    assert (declared.network, declared.actor) == (scheme.network, member)


def test_withdrawing_an_award_is_logged_with_the_reason(scheme):
    award = issued_award(scheme, awarded_on=datetime.date(2026, 5, 14), name="Log Primary")
    staff = give_mfa(UserFactory(is_staff=True))
    withdraw_award(award, actor=staff, reason="A complaint was upheld")
    entry = only_entry("awards.award.withdrawn")
    assert (entry.network, entry.actor) == (award.network, staff)
    assert "A complaint was upheld" in str(entry.data)


def test_membership_changes_are_logged(world):
    newcomer = UserFactory()
    membership = add_membership(world.network_a, newcomer, Role.MEMBER, actor=world.coordinator_a)
    remove_membership(membership, actor=world.coordinator_a)
    removed = only_entry("members.membership.removed")
    assert (removed.network, removed.actor, removed.data) == (
        world.network_a,
        world.coordinator_a,
        {"user": newcomer.pk, "role": "member"},
    )
