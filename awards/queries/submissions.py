"""Lookups of submissions: the latest and the one before, the snapshot kept with each, and
what changed from one to the next."""

from dataclasses import dataclass, field
from typing import Any

from awards.enums import SelfAssessment
from awards.models import Application, Submission
from awards.queries.applications import responses_with_evidence


def latest_submission(application: Application) -> Submission | None:
    return application.submissions.order_by("-number").first()


def previous_submission(submission: Submission) -> Submission | None:
    return (
        Submission.objects.filter(application_id=submission.application_id)
        .filter(number__lt=submission.number)
        .order_by("-number")
        .first()
    )


def snapshot_of(application: Application) -> dict[str, Any]:
    """What the applicant sends, as plain data: kept with each submission for comparison."""
    criteria = {}
    for response in responses_with_evidence(application):
        criteria[str(response.criterion_id)] = {
            "title": response.criterion.title,
            "self_assessment": response.self_assessment,
            "narrative": response.narrative,
            "carried_forward": response.carried_forward,
            "files": [
                {"id": f.pk, "name": f.original_name, "carried_forward": f.carried_forward}
                for f in response.active_files
            ],
            "links": [
                {"url": link.url, "title": link.title, "carried_forward": link.carried_forward}
                for link in response.active_links
            ],
        }
    return {"action_plan": application.action_plan, "criteria": criteria}


@dataclass
class CriterionChange:
    criterion_id: int
    title: str
    self_assessment: tuple[str, str] | None = None
    narrative: tuple[str, str] | None = None
    files_added: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    links_added: list[dict[str, Any]] = field(default_factory=list)
    links_removed: list[dict[str, Any]] = field(default_factory=list)


def _assessment_label(value: str | None) -> str:
    return str(SelfAssessment(value).label) if value in SelfAssessment.values else "—"


def compare_submissions(before: Submission, after: Submission) -> dict[str, Any]:
    """What changed from one submission to the next, criterion by criterion."""
    old, new = before.snapshot, after.snapshot
    changes = []
    for criterion_id, now in new["criteria"].items():
        was = old["criteria"].get(criterion_id, {})
        change = CriterionChange(int(criterion_id), now["title"])
        if was.get("self_assessment") != now["self_assessment"]:
            change.self_assessment = (
                _assessment_label(was.get("self_assessment")),
                _assessment_label(now["self_assessment"]),
            )
        if was.get("narrative", "") != now["narrative"]:
            change.narrative = (was.get("narrative", ""), now["narrative"])
        old_files = {f["id"]: f["name"] for f in was.get("files", [])}
        new_files = {f["id"]: f["name"] for f in now["files"]}
        change.files_added = [name for pk, name in new_files.items() if pk not in old_files]
        change.files_removed = [name for pk, name in old_files.items() if pk not in new_files]
        old_links = {link["url"]: link for link in was.get("links", [])}
        new_links = {link["url"]: link for link in now["links"]}
        change.links_added = [link for url, link in new_links.items() if url not in old_links]
        change.links_removed = [link for url, link in old_links.items() if url not in new_links]
        if any(
            (
                change.self_assessment,
                change.narrative,
                change.files_added,
                change.files_removed,
                change.links_added,
                change.links_removed,
            )
        ):
            changes.append(change)
    action_plan = None
    if old.get("action_plan", "") != new.get("action_plan", ""):
        action_plan = (old.get("action_plan", ""), new.get("action_plan", ""))
    return {"criteria": changes, "action_plan": action_plan}
