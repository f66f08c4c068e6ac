"""The API's permission matrix: every endpoint, with its method, for every persona, with the
data of both networks present (tests/factories/awards.py, award_walk).

Personas of network A: a plain member, the contact of Alpha Primary (lead contact of its
application), a panellist seated on that application, Ada Coordinator (who chairs and also
sits on its panel), staff; plus Bram, coordinator of network B and lead contact of Beta
Primary's application there, who must see nothing of A's; and anonymous. Everyone but
anonymous calls with a personal token.

Within a row the personas run in the order below, so the one write that succeeds comes after
every refusal, and a refusal never changes anything.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from awards.services.questions import ask_question
from tests.factories.api import token_client
from tests.factories.awards import award_walk, panellist, seat

PERSONAS = ["anonymous", "other", "member", "contact", "panellist", "staff", "coordinator"]
# Text of network B, and of its private people, that must never reach A's personas.
LEAKS = ["Zebedee Secretperson", "zebedee@example.org", "Beta Primary"]


@dataclass
class Row:
    """One endpoint and method, and the status each persona gets. `url` and `body` are
    built from the `matrix` fixture."""

    method: str
    url: object
    expected: dict
    body: object = None
    public: bool = False


def statuses(anonymous, other, member, contact, panellist, staff, coordinator) -> dict:
    answers = [anonymous, other, member, contact, panellist, staff, coordinator]
    return dict(zip(PERSONAS, answers, strict=True))


def everyone(status: int) -> dict:
    return dict.fromkeys(PERSONAS, status)


def signed_in(status: int, *, anonymous=401) -> dict:
    return {**dict.fromkeys(PERSONAS, status), "anonymous": anonymous}


A = "/api/v1/networks/alphaville"
B = "/api/v1/networks/betaburgh"
ME = "/api/v1/me/applications"

ROWS = [
    # Public: anyone, without credentials.
    Row("get", lambda m: "/api/v1/networks/", everyone(200), public=True),
    Row("get", lambda m: f"{A}/", everyone(200), public=True),
    Row("get", lambda m: "/api/v1/signatories/counts/", everyone(200), public=True),
    Row("get", lambda m: "/api/v1/awards/", everyone(200), public=True),
    Row("get", lambda m: "/api/v1/certificates/NO-SUCH-NUMBER/", everyone(404), public=True),
    # A person's own things.
    Row("get", lambda m: "/api/v1/me/organisations/", signed_in(200)),
    Row("get", lambda m: f"{ME}/", signed_in(200)),
    Row(
        "post",
        lambda m: f"{ME}/",
        # Only Alpha Primary's contact acts for it; its School of Sanctuary draft is open.
        statuses(401, 404, 404, 400, 404, 404, 404),
        body=lambda m: {"organisation": "alpha-primary", "scheme": m.walk.draft.scheme_id},
    ),
    # One application, for the people who work on it. Staff act through the network's pages.
    Row(
        "get",
        lambda m: f"{ME}/{m.walk.application.pk}/",
        statuses(401, 404, 404, 200, 404, 404, 404),
    ),
    Row("get", lambda m: f"{ME}/{m.beta.pk}/", statuses(401, 200, 404, 404, 404, 404, 404)),
    Row(
        "get",
        lambda m: f"{ME}/{m.walk.draft.pk}/criteria/{m.walk.draft_criterion.pk}/",
        statuses(401, 404, 404, 200, 404, 404, 404),
    ),
    Row(
        "patch",
        lambda m: f"{ME}/{m.walk.draft.pk}/criteria/{m.walk.draft_criterion.pk}/",
        statuses(401, 404, 404, 200, 404, 404, 404),
        body=lambda m: {"narrative": "We welcome families."},
    ),
    Row(
        "post",
        lambda m: f"{ME}/{m.walk.draft.pk}/criteria/{m.walk.draft_criterion.pk}/links/",
        statuses(401, 404, 404, 201, 404, 404, 404),
        body=lambda m: {"url": "https://example.org/our-week", "title": "Welcome week"},
    ),
    Row(
        "delete",
        # In review: the evidence cannot change now.
        lambda m: f"{ME}/{m.walk.application.pk}/links/{m.walk.link.pk}/",
        statuses(401, 404, 404, 400, 404, 404, 404),
    ),
    Row(
        "delete",
        lambda m: f"{ME}/{m.walk.application.pk}/files/{m.walk.file.pk}/",
        statuses(401, 404, 404, 400, 404, 404, 404),
    ),
    Row(
        "put",
        lambda m: f"{ME}/{m.walk.draft.pk}/action-plan/",
        statuses(401, 404, 404, 200, 404, 404, 404),
        body=lambda m: {"action_plan": "A welcome week every term."},
    ),
    Row(
        "post",
        # Rule 2: nothing is described yet, so it cannot be submitted.
        lambda m: f"{ME}/{m.walk.draft.pk}/submit/",
        statuses(401, 404, 404, 400, 404, 404, 404),
    ),
    Row(
        "post",
        lambda m: f"{ME}/{m.walk.draft.pk}/withdraw/",
        statuses(401, 404, 404, 200, 404, 404, 404),
    ),
    # The network's lists: a role in it, and the right one.
    Row("get", lambda m: f"{A}/members/", statuses(401, 404, 403, 404, 403, 200, 200)),
    Row("get", lambda m: f"{A}/organisations/", statuses(401, 404, 403, 404, 403, 200, 200)),
    Row("get", lambda m: f"{A}/applications/", statuses(401, 404, 403, 404, 403, 200, 200)),
    Row("get", lambda m: f"{A}/panel/", statuses(401, 404, 200, 404, 200, 200, 200)),
    Row("get", lambda m: f"{B}/applications/", statuses(401, 200, 404, 404, 404, 200, 404)),
    # One application, for its chairs and its panel.
    Row(
        "get",
        lambda m: f"{A}/applications/{m.walk.application.pk}/",
        statuses(401, 404, 404, 404, 200, 200, 200),
    ),
    Row(
        "get",
        # B's application under A's address: it is not A's.
        lambda m: f"{A}/applications/{m.beta.pk}/",
        statuses(401, 404, 404, 404, 404, 404, 404),
    ),
    Row(
        "get",
        lambda m: f"{B}/applications/{m.beta.pk}/",
        statuses(401, 200, 404, 404, 404, 200, 404),
    ),
    Row(
        "post",
        lambda m: f"{A}/applications/{m.walk.application.pk}/conflict/",
        statuses(401, 404, 404, 404, 200, 404, 200),
        body=lambda m: {"conflict": "none"},
    ),
    Row(
        "get",
        lambda m: f"{A}/applications/{m.walk.application.pk}/review/",
        statuses(401, 404, 404, 404, 200, 404, 200),
    ),
    Row(
        "put",
        lambda m: f"{A}/applications/{m.walk.application.pk}/review/",
        statuses(401, 404, 404, 404, 200, 404, 200),
        body=lambda m: {"strengths": "A warm welcome."},
    ),
    Row(
        "get",
        # Rule 5: the seated read the others' reviews only after submitting their own.
        lambda m: f"{A}/applications/{m.walk.application.pk}/reviews/",
        statuses(401, 404, 404, 404, 403, 200, 403),
    ),
    # Questions and answers: the panel lists, the chairs ask; the applicant lists and answers.
    Row(
        "get",
        lambda m: f"{A}/applications/{m.walk.application.pk}/questions/",
        statuses(401, 404, 404, 404, 200, 200, 200),
    ),
    Row(
        "post",
        lambda m: f"{A}/applications/{m.walk.application.pk}/questions/",
        statuses(401, 404, 404, 404, 403, 201, 201),
        body=lambda m: {"body": "How do families take part?"},
    ),
    Row(
        "get",
        lambda m: f"{ME}/{m.walk.application.pk}/questions/",
        statuses(401, 404, 404, 200, 404, 404, 404),
    ),
    Row(
        "post",
        lambda m: f"{ME}/{m.walk.application.pk}/questions/{m.question.pk}/answer/",
        statuses(401, 404, 404, 201, 404, 404, 404),
        body=lambda m: {"body": "Through the welcome café."},
    ),
    # Staff exports.
    Row("get", lambda m: "/api/v1/staff/signatories/", statuses(401, 404, 404, 404, 404, 200, 404)),
    Row("get", lambda m: "/api/v1/staff/networks/", statuses(401, 404, 404, 404, 404, 200, 404)),
    Row("get", lambda m: "/api/v1/staff/awards/", statuses(401, 404, 404, 404, 404, 200, 404)),
]


@dataclass
class Matrix:
    walk: object
    beta: object
    clients: dict
    question: object = None


@pytest.fixture
def matrix(world) -> Matrix:
    walk = award_walk(world)
    seated = panellist(world.network_a, name="Pat Panellist")
    seat(walk.application, seated, chair=world.coordinator_a)
    with scopes_disabled():
        beta = walk.application.__class__.objects.get(organisation=world.organisation_b)
    people = {
        "other": world.coordinator_b,
        "member": world.member_a,
        "contact": world.contact_a,
        "panellist": seated,
        "staff": world.staff,
        "coordinator": world.coordinator_a,
    }
    clients = {"anonymous": Client()}
    clients.update({name: token_client(person) for name, person in people.items()})
    question = ask_question(walk.application, actor=world.coordinator_a, body="Walk question")
    return Matrix(walk=walk, beta=beta, clients=clients, question=question)


class Placeholder:
    """Stands in for the matrix's objects, so a row's URL reads as a pattern in test ids."""

    def __getattr__(self, name):
        return self

    def __format__(self, spec):
        return "{id}"


def row_id(row: Row) -> str:
    return f"{row.method.upper()} {row.url(Placeholder())}"


@pytest.mark.parametrize("row", ROWS, ids=[row_id(row) for row in ROWS])
def test_permission_matrix(row, matrix):
    url = row.url(matrix)
    body = row.body(matrix) if row.body else None
    answered, leaked = {}, {}
    for persona in PERSONAS:
        client = matrix.clients[persona]
        call = getattr(client, row.method)
        response = call(url, body, content_type="application/json") if body else call(url)
        answered[persona] = response.status_code
        text = response.content.decode()
        if response.status_code != 204:
            assert response["Content-Type"] == "application/json", (persona, url)
        # Rule 6: no answer says whether anyone has lived experience.
        assert "lived" not in text.lower(), (persona, url)
        if persona not in {"other", "staff"} and not row.public:
            found = [leak for leak in LEAKS if leak in text]
            if found:
                leaked[persona] = found
    assert answered == row.expected, url
    assert leaked == {}, url
