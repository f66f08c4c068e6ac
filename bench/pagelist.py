"""Every page and API list the benchmark loads, in one place (issue 15).

A page is a name, the persona who opens it (None: an anonymous visitor) and a path, in
which {placeholders} are filled from fixtures(): ids found in the seeded database, so the
same list works on the quarter and on the full dataset. To add a page (a dashboard, a
report), add a line here; if it needs an id, add it to fixtures().

The personas are seed_large's: coordinator (of the first stream and the first group),
applicant (the lead contact of the first organisation), panellist (seated on every tenth
panel of the first stream) and staff.
"""

from dataclasses import dataclass

# The estate import (bench/estate.py) is measured in rows per second, not as a page: bench/run.py
# runs it after the pages, with ESTATE_ROWS[mode] organisations.
ESTATE_ROWS = {"full": 20_000, "quick": 1_000}

TRIVIAL = "/health/"


@dataclass(frozen=True)
class Page:
    name: str
    persona: str | None
    path: str

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


STREAM = "bench-stream-0"
GROUP = "bench-group-0"
PANEL = f"/{STREAM}/awards/applications/{{in_review}}"

PAGES = [
    # Anyone.
    Page("home", None, "/"),
    Page("directory", None, "/groups/"),
    Page("directory search", None, "/groups/?q=City&nation=england"),
    Page("supporters", None, "/groups/supporters/"),
    Page("partnership forums", None, "/groups/partnerships/"),
    Page("group profile", None, f"/{GROUP}/"),
    Page("stream profile", None, f"/{STREAM}/"),
    Page("charter", None, "/charter/"),
    Page("charter sign", None, "/charter/sign/"),
    Page("charter signatories", None, "/charter/signatories/"),
    Page("declaration", None, "/charter/declaration/"),
    Page("declaration endorsers", None, "/charter/declaration/endorsers/"),
    Page("awarded list", None, "/awards/"),
    Page("certificate verification", None, "/verify/{certificate}/"),
    Page("badge", None, "/verify/{certificate}/badge.svg"),
    Page("api networks", None, "/api/v1/networks/"),
    Page("api network", None, f"/api/v1/networks/{GROUP}/"),
    Page("api awards", None, "/api/v1/awards/"),
    Page("api signatory counts", None, "/api/v1/signatories/counts/"),
    Page("api certificate", None, "/api/v1/certificates/{certificate}/"),
    # A coordinator of the first stream (its award) and of the first group.
    Page("coordinator dashboard", "coordinator", "/dashboard/"),
    Page("coordinator work", "coordinator", "/dashboard/work/"),
    Page("award applications", "coordinator", f"/{STREAM}/awards/"),
    Page("scheme settings", "coordinator", f"/{STREAM}/awards/scheme/"),
    Page("criteria", "coordinator", f"/{STREAM}/awards/scheme/criteria/"),
    Page("panel application", "coordinator", f"{PANEL}/"),
    Page("panel assignment", "coordinator", f"{PANEL}/panel/"),
    Page("reviews", "coordinator", f"/{STREAM}/awards/applications/{{decided}}/reviews/"),
    Page("decision", "coordinator", f"{PANEL}/decision/"),
    Page("resubmission changes", "coordinator", f"/{STREAM}/awards/applications/{{resubmitted}}/"),
    Page("stream manage", "coordinator", f"/{STREAM}/manage/"),
    Page("stream organisations", "coordinator", f"/{STREAM}/manage/organisations/"),
    Page("stream activity", "coordinator", f"/{STREAM}/manage/activity/"),
    Page("group members", "coordinator", f"/{GROUP}/manage/members/"),
    Page("group forums", "coordinator", f"/{GROUP}/manage/partnerships/"),
    Page("stream waiting", "coordinator", f"/{STREAM}/manage/waiting/"),
    Page("api network applications", "coordinator", f"/api/v1/networks/{STREAM}/applications/"),
    Page(
        "api panel application",
        "coordinator",
        f"/api/v1/networks/{STREAM}/applications/{{in_review}}/",
    ),
    Page("api panel seats", "coordinator", f"/api/v1/networks/{STREAM}/panel/"),
    Page("api network members", "coordinator", f"/api/v1/networks/{GROUP}/members/"),
    Page("api stream organisations", "coordinator", f"/api/v1/networks/{STREAM}/organisations/"),
    # The lead contact of an organisation with an award and a draft.
    Page("applicant dashboard", "applicant", "/dashboard/"),
    Page("my applications", "applicant", "/awards/applications/"),
    Page("application (draft)", "applicant", "/awards/applications/{draft}/"),
    Page("application (awarded)", "applicant", "/awards/applications/{awarded}/"),
    Page("criterion evidence", "applicant", "/awards/applications/{draft}/criteria/{criterion}/"),
    Page("held award", "applicant", "/awards/held/{award}/"),
    Page("organisation", "applicant", "/organisations/bench-org-0/"),
    Page("my reminders", "applicant", "/dashboard/reminders/"),
    Page("api my applications", "applicant", "/api/v1/me/applications/"),
    Page("api my application", "applicant", "/api/v1/me/applications/{draft}/"),
    Page("api my organisations", "applicant", "/api/v1/me/organisations/"),
    # A panellist of the first stream.
    Page("panellist dashboard", "panellist", "/dashboard/"),
    Page("panellist seats", "panellist", f"/{STREAM}/awards/"),
    Page("review", "panellist", f"/{STREAM}/awards/applications/{{seat}}/review/"),
    Page("panellist application", "panellist", f"/{STREAM}/awards/applications/{{seat}}/"),
    Page("api review", "panellist", f"/api/v1/networks/{STREAM}/applications/{{seat}}/review/"),
    # Movement staff.
    Page("staff overview", "staff", "/staff/"),
    # The operations issue's staff view of the movement and the lists behind its figures.
    Page("staff movement", "staff", "/staff/movement/"),
    Page("movement applications", "staff", "/staff/movement/applications/?state=backlog"),
    Page("movement awards", "staff", "/staff/movement/awards/?state=current"),
    Page(
        "movement waiting to join",
        "staff",
        "/staff/movement/waiting/streams.joining/",
    ),
    Page("staff reports", "staff", "/staff/reports/"),
    Page("staff networks", "staff", "/staff/networks/"),
    Page("staff undeliverable", "staff", "/staff/undeliverable/"),
    Page("staff thanks", "staff", "/staff/thanks/"),
    Page("staff import", "staff", "/staff/import/"),
    Page("staff concerns", "staff", "/staff/concerns/"),
    Page("staff activity", "staff", "/staff/activity/"),
    Page("staff affiliations", "staff", "/staff/affiliations/"),
    Page("staff documents", "staff", "/staff/documents/"),
    Page("staff ambassadors", "staff", "/staff/ambassadors/"),
    Page("staff advisory group", "staff", "/staff/advisory-group/"),
    # The public list's CSV is made by a worker (members/services/exports.py); the page lists
    # the ready files. The download itself is a file of about 12 MB, not a page.
    Page("staff signatory exports", "staff", "/staff/exports/signatories/"),
    Page("api staff signatories", "staff", "/api/v1/staff/signatories/"),
    Page("api staff networks", "staff", "/api/v1/staff/networks/"),
    Page("api staff awards", "staff", "/api/v1/staff/awards/"),
]


def fixtures() -> dict[str, object]:
    """The ids the paths need, read from the seeded database (Django set up, any scale)."""
    from django_scopes import scopes_disabled

    from awards.enums import ApplicationState
    from awards.management.commands.seed_large import BENCH_PERSONAS
    from awards.models import Application, Award, PanelAssignment

    with scopes_disabled():
        stream_apps = Application.objects.filter(network__slug=STREAM).order_by("pk")
        seats = PanelAssignment.objects.filter(
            panellist__email=BENCH_PERSONAS["panellist"]
        ).order_by("application_id")
        # A seat on an application in review (the review form open), else any seat.
        seat = seats.filter(application__state=ApplicationState.IN_REVIEW).first() or seats.first()

        def one_in(*states):
            found = stream_apps.filter(state__in=states)
            return (found.filter(panel=seat).first() if seat else None) or found.first()

        own = Application.objects.filter(lead_contact__email=BENCH_PERSONAS["applicant"])
        draft = own.filter(state=ApplicationState.DRAFT).get()
        award = Award.objects.filter(organisation__slug="bench-org-0").get()
        return {
            "in_review": one_in(ApplicationState.IN_REVIEW).pk,
            "decided": one_in(ApplicationState.AWARDED).pk,
            "resubmitted": one_in(ApplicationState.RESUBMITTED, ApplicationState.IN_REVIEW).pk,
            "seat": seat.application_id,
            "draft": draft.pk,
            "criterion": draft.criteria_version.criteria.order_by("pk").first().pk,
            "awarded": award.application_id,
            "award": award.pk,
            "certificate": award.certificate_number,
        }


def select(pages: list[Page], names: str | None) -> list[Page]:
    """The pages whose name contains one of the comma-separated `names` (any case); every
    page when there are none. A name that matches nothing is an error, not an empty run."""
    if not names:
        return list(pages)
    wanted = [name.strip().lower() for name in names.split(",") if name.strip()]
    missing = [w for w in wanted if not any(w in page.name.lower() for page in pages)]
    if missing:
        raise SystemExit(f"no page matches {', '.join(missing)} (see bench/pagelist.py)")
    return [page for page in pages if any(w in page.name.lower() for w in wanted)]
