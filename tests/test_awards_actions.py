"""Log actions are names the tools can check: each state machine has an Action for every state
it can lead to, and no awards code logs a string it made up."""

import ast
from pathlib import Path

import pytest

from awards.enums import (
    ALLOWED_AWARD_TRANSITIONS,
    ALLOWED_TRANSITIONS,
    APPLICATION_STATE_ACTIONS,
    AWARD_STATE_ACTIONS,
    Action,
)

AWARDS = Path(__file__).resolve().parent.parent / "awards"


@pytest.mark.parametrize(
    ("transitions", "actions", "prefix"),
    [
        (ALLOWED_TRANSITIONS, APPLICATION_STATE_ACTIONS, "awards.application."),
        (ALLOWED_AWARD_TRANSITIONS, AWARD_STATE_ACTIONS, "awards.award."),
    ],
    ids=["application", "award"],
)
def test_every_state_a_transition_reaches_has_its_action(transitions, actions, prefix):
    reachable = set().union(*transitions.values())
    assert reachable - set(actions) == set()
    assert set(actions) <= reachable
    for state, action in actions.items():
        assert isinstance(action, Action)
        # The dotted names the log has always used, so older entries read the same.
        assert action.value == f"{prefix}{state}"


def test_awards_code_logs_only_action_members():
    offending = []
    for path in AWARDS.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in {"log_action", "log_actions_in_bulk"} or len(node.args) < 2:
                continue
            action = node.args[1]
            if isinstance(action, ast.Constant | ast.JoinedStr):
                offending.append(f"{path.relative_to(AWARDS.parent)}:{node.lineno}")
    assert offending == []
