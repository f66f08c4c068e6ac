"""Walks every URL pattern of the project as an anonymous visitor, as a member of another
network and as a person with the role, with data of both networks present.

Every view must declare who may open it (`access`, see sanctuary.tenancy.Access). A new
URL keyword needs a value in KWARGS below, so a new page cannot skip the walk.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.services.partnerships import create_partnership_forum
from sanctuary.tenancy import Access, view_access
from tests.factories import StreamMembershipFactory
from tests.factories.adoption import (
    WAITING_LEAKS,
    contact_invitation_token,
    waiting_work,
)
from tests.factories.affiliation import AffiliationApplicationFactory
from tests.factories.api import api_token_of
from tests.factories.awards import award_walk, walk_question
from tests.factories.certificates import check_in_of, concern_about, held_award
from tests.factories.charter import (
    DocumentVersionFactory,
    SignatureFactory,
    pending_signature_token,
)
from tests.factories.estate import uploaded_file
from tests.factories.exports import ready_export
from tests.factories.invitations import invitation_token

# Third-party views outside the walk, each with the reason.
EXCLUDED_NAMESPACES = {
    "admin": "Django admin: staff only; test_accounts checks that it needs staff and MFA.",
}
EXCLUDED_MODULE_PREFIXES = {
    "allauth.": "Sign-in, sign-up and MFA pages of allauth: about the visitor's own account.",
    "django.views.static": "Media files in DEBUG only.",
}

KWARGS = {
    "network_slug": lambda w: w.network_a.slug,
    # The award workflow (awards): Alpha Primary's application in network A's award, with
    # Ada Coordinator as chair and panellist; Beta Primary's in network B is what must not leak.
    "award_application_id": lambda w: award_walk(w).application.pk,
    "criterion_id": lambda w: award_walk(w).criterion.pk,
    "file_id": lambda w: award_walk(w).file.pk,
    "evidence_id": lambda w: award_walk(w).link.pk,
    "collaborator_id": lambda w: award_walk(w).collaborator.pk,
    "assignment_id": lambda w: award_walk(w).assignment.pk,
    "window_id": lambda w: award_walk(w).window.pk,
    # Alpha Primary's award with its certificate (OBJECT), and its public verification.
    "award_id": lambda w: held_award(w).pk,
    # Its check-in a year in (the organisation's page, OBJECT; the coordinators', NETWORK).
    "check_in_id": lambda w: check_in_of(w).pk,
    "certificate_number": lambda w: held_award(w).certificate_number,
    # A concern about Alpha Primary's award, in review: its contact (OBJECT) and staff.
    "complaint_id": lambda w: concern_about(held_award(w)).pk,
    "membership_id": lambda w: w.membership_a.pk,
    "slug": lambda w: w.organisation_a.slug,
    # Charter and signatures (members): public documents, so any existing one will do.
    "number": lambda w: DocumentVersionFactory(is_current=True).number,
    "token": lambda w: pending_signature_token(),
    "version_id": lambda w: DocumentVersionFactory().pk,
    # An affiliation application is the applicant's (OBJECT) and staff's.
    "application_id": lambda w: AffiliationApplicationFactory(applicant=w.contact_a).pk,
    # Stream decisions are POST only; any stream membership id will do for the walk's GET.
    "stream_membership_id": lambda w: StreamMembershipFactory(network=w.stream).pk,
    # Ambassadors (staff, POST only) and partnership forums of network A.
    "ambassador_id": lambda w: 1,
    # Marking thanks paid is POST only: a GET answers 405 (staff) or 404 whatever the id.
    "contribution_id": lambda w: 1,
    "forum_id": lambda w: create_partnership_forum(w.network_a, actor=None, name="Forum A").pk,
    "forum_member_id": lambda w: 1,
    # Personal API tokens: the insider's own (revoking is POST only).
    "token_id": lambda w: api_token_of(w.member_a),
    # An invitation to a role: its link is the key, so the page is public.
    "membership_token": lambda w: invitation_token(w.network_a),
    # Undeliverable addresses (staff, clearing is POST only).
    "address_id": lambda w: 1,
    # An appraisal visit's time (confirming and noting it are POST only: 405 to a GET).
    "visit_id": lambda w: 1,
    # A question of network A's panel to Alpha Primary (the answer endpoint is POST only).
    "question_id": lambda w: walk_question(w).pk,
    # A kind of work on the staff's view of the movement (members.extensions).
    "source": lambda w: "streams.joining",
    # Evidence links in the API (the pages call them evidence_id).
    "link_id": lambda w: award_walk(w).link.pk,
    # Getting in: a working colleague's invitation link (a public page; the coordinator's
    # invitation page answers the same link with its "this link does not work"), a contact of
    # network A's school
    # (removing is POST only), network A itself for staff's settings page, and waiting work
    # in both networks for the coordinators' page (its decisions are POST only).
    "invitation_token": lambda w: contact_invitation_token(w),
    "contact_id": lambda w: w.organisation_a.contacts.order_by("pk").first().pk,
    "item_id": lambda w: waiting_work(w).organisation_a.pk,
    "network_id": lambda w: w.network_a.pk,
    # Importing the estate (staff): an uploaded file; reminding a signatory of network A.
    "import_id": lambda w: uploaded_file(w).pk,
    "signature_id": lambda w: SignatureFactory(network=w.network_a).pk,
    # Staff's public list of signatories, ready to download.
    "export_id": lambda w: ready_export(w.staff).pk,
}

# Insiders who rightly get another answer than 200 or 405, each with the reason.
INSIDER_STATUS = {
    # Rule 5: Ada chairs and also sits on the panel; she reads the other reviews only after
    # submitting her own, and the API says so with 403 where the page shows none.
    "awards_api:reviews": 403,
    # The old address of the signatories' download serves the latest ready list; the walk has
    # none, so it sends staff to the page that makes one.
    "members:staff_signatories_export": 302,
}

# Text of network B that must never appear on network A's private pages.
LEAKS = ["Zebedee Secretperson", "zebedee@example.org", "Beta Primary", *WAITING_LEAKS]


@dataclass
class Route:
    name: str
    route: str
    callback: object

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def keywords(self) -> list[str]:
        import re

        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)


def collect(patterns=None, prefix="", namespace=None) -> list[Route]:
    routes = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            child_ns = entry.namespace or namespace
            if child_ns in EXCLUDED_NAMESPACES:
                continue
            routes += collect(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "")
            if any(module.startswith(p) for p in EXCLUDED_MODULE_PREFIXES):
                continue
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            routes.append(Route(name, prefix + str(entry.pattern), entry.callback))
    return routes


ROUTES = collect()


def test_walk_covers_the_project_pages():
    names = {route.name for route in ROUTES}
    assert {"home", "members:network_profile", "members:network_members", "staff_overview"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=[r.name or r.route for r in ROUTES])
def test_every_view_declares_its_access(route):
    assert route.name, f"{route.route} has no URL name"
    assert view_access(route.callback) in set(Access), f"{route.name} declares no access level"


def url_for(route: Route, world) -> str:
    missing = [k for k in route.keywords if k not in KWARGS]
    assert not missing, f"Add a value for {missing} to KWARGS in tests/test_url_walk.py"
    return reverse(route.name, kwargs={k: KWARGS[k](world) for k in route.keywords})


def insider_for(level: str, world):
    return {
        Access.PUBLIC: None,
        Access.AUTHENTICATED: world.member_a,
        Access.NETWORK: world.coordinator_a,
        Access.OBJECT: world.contact_a,
        Access.STAFF: world.staff,
    }[level]


@pytest.mark.parametrize("route", ROUTES, ids=[r.name or r.route for r in ROUTES])
def test_anonymous_visitor_sees_only_public_pages(route, world, client):
    level = view_access(route.callback)
    response = client.get(url_for(route, world))
    if level == Access.PUBLIC:
        assert response.status_code in {200, 405}
    elif route.is_api:
        # The API asks for credentials instead of sending people to the login page.
        assert response.status_code == 401
        assert response.json()["detail"] == "Authentication credentials were not provided."
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("route", ROUTES, ids=[r.name or r.route for r in ROUTES])
def test_member_of_another_network_gets_404(route, world, client):
    level = view_access(route.callback)
    client.force_login(world.coordinator_b)
    response = client.get(url_for(route, world))
    if level in {Access.NETWORK, Access.OBJECT, Access.STAFF}:
        assert response.status_code == 404
    else:
        assert response.status_code in {200, 405}


@pytest.mark.parametrize("route", ROUTES, ids=[r.name or r.route for r in ROUTES])
def test_person_with_the_role_sees_the_page_without_other_networks_data(route, world, client):
    level = view_access(route.callback)
    insider = insider_for(level, world)
    if insider is not None:
        client.force_login(insider)
    response = client.get(url_for(route, world))
    assert response.status_code in (
        {INSIDER_STATUS[route.name]} if route.name in INSIDER_STATUS else {200, 405}
    )
    if level in {Access.NETWORK, Access.OBJECT} and response.status_code == 200:
        text = response.content.decode(errors="replace")  # binary files (PDFs) too
        for leak in LEAKS:
            assert leak not in text
    if response.streaming:  # a FileResponse (staff's stored lists): read to its end, and
        # the test client closes the file. Not response.close(): that would also close the
        # test's database connection (request_finished), mid-transaction on PostgreSQL.
        b"".join(response.streaming_content)


def test_missing_network_and_foreign_network_answer_alike(world, client):
    client.force_login(world.coordinator_b)
    foreign = client.get(reverse("members:network_manage", args=["alphaville"]))
    missing = client.get(reverse("members:network_manage", args=["no-such-network"]))
    assert (foreign.status_code, missing.status_code) == (404, 404)
