"""Award templates ask the models (application.is_draft, seat.is_declared, ...) or enum
members in their context, never raw choice strings that no tool can check."""

import re
from pathlib import Path

import pytest

from awards.enums import ApplicationKind, ApplicationState, AwardState, ConflictDeclaration
from awards.models import Application, Award, PanelAssignment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "awards"
TAG = re.compile(r"\{%\s*(?:if|elif)\b(.*?)%\}")
RAW = re.compile(r"""(?:==|!=|\bin)\s*["'][a-z_]+["']|["'][a-z_]+["']\s*(?:==|!=)""")


def test_no_award_template_compares_a_raw_choice_string():
    found = [
        f"{path.relative_to(TEMPLATES)}: {condition.strip()}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for condition in TAG.findall(path.read_text(encoding="utf-8"))
        if RAW.search(condition)
    ]
    assert found == []


@pytest.mark.parametrize("state", list(ApplicationState))
def test_application_state_properties_say_what_the_state_is(state):
    application = Application(state=state)
    assert application.is_draft == (state == ApplicationState.DRAFT)
    assert application.is_in_review == (state == ApplicationState.IN_REVIEW)
    assert application.is_editable == (
        state in {ApplicationState.DRAFT, ApplicationState.MORE_EVIDENCE_REQUESTED}
    )
    assert application.is_decided == (
        state in {ApplicationState.AWARDED, ApplicationState.NOT_AWARDED}
    )
    assert application.is_closed == (
        state
        in {ApplicationState.AWARDED, ApplicationState.NOT_AWARDED, ApplicationState.WITHDRAWN}
    )


def test_kind_conflict_and_award_properties():
    assert Application(kind=ApplicationKind.RENEWAL).is_renewal
    assert not Application(kind=ApplicationKind.NEW).is_renewal
    assert not PanelAssignment(conflict=ConflictDeclaration.NOT_DECLARED).is_declared
    assert PanelAssignment(conflict=ConflictDeclaration.NONE).has_no_conflict
    assert not PanelAssignment(conflict=ConflictDeclaration.PERSONAL_LINK).has_no_conflict
    assert Award(state=AwardState.RENEWAL_DUE).is_current
    assert not Award(state=AwardState.RENEWAL_DUE).is_active
    assert not Award(state=AwardState.LAPSED).is_current


def test_a_status_written_out_in_a_list_is_the_include_s_markup():
    """Lists write the status tag out in their loop (an include per row cost more than the
    tag); the markup stays that of awards/includes/state.html."""
    from django.template import engines

    engine = engines["django"]
    include = engine.get_template("awards/includes/state.html").render(
        {"state": "in_review", "label": "In review"}
    )
    written_out = '<span class="tag state state-in_review">In review</span>'
    assert include.strip() == written_out
    for name in ("network_awards.html", "my_applications.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert 'class="tag state state-{{' in text
        assert "includes/state.html" not in text
