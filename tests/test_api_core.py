"""The API's core: personal tokens and their page, authentication, errors as JSON, rate
limits, the schema, and the public endpoints."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from awards.enums import AwardState
from members.enums import DocumentSlug, PartyKind, Role
from members.models import ApiToken
from members.queries import hash_token
from sanctuary.activity import describe_action
from sanctuary.api import AnonThrottle, UserThrottle
from sanctuary.models import ActivityLog
from tests.factories import MembershipFactory, NetworkFactory, StreamFactory, UserFactory
from tests.factories.api import bearer, token_client, token_for
from tests.factories.awards import (
    award,
    coordinator,
    panel_in_review,
    scheme_with_criteria,
    submit_review,
    submitted_application,
)
from tests.factories.charter import DocumentVersionFactory, SignatureFactory

MY_ORGANISATIONS = "/api/v1/me/organisations/"


# The tokens page -----------------------------------------------------------------------------


def test_creating_a_token_shows_its_secret_once_and_stores_only_a_hash(world, client):
    client.force_login(world.member_a)
    response = client.post(reverse("members:api_tokens"), {"name": "Our group's website"})
    text = response.content.decode()
    token = ApiToken.objects.get(user=world.member_a)
    secret = response.context["secret"]
    assert secret.startswith("sanc_") and len(secret) > 40
    assert secret in text
    assert "no-store" in response["Cache-Control"]
    assert token.token_hash == hash_token(secret)
    assert token.prefix == secret[:12]
    assert secret not in {token.name, token.prefix, token.token_hash}
    again = client.get(reverse("members:api_tokens")).content.decode()
    assert secret not in again
    assert "Our group&#x27;s website" in again and token.prefix in again


def test_creating_a_token_is_logged_without_the_secret(world, client):
    client.force_login(world.member_a)
    client.post(reverse("members:api_tokens"), {"name": "Spreadsheet"})
    secret = ApiToken.objects.get()
    with scopes_disabled():
        entry = ActivityLog.objects.get(action="members.api_token.created")
    assert entry.actor == world.member_a
    assert entry.data == {"name": "Spreadsheet", "id": secret.pk}
    assert describe_action(entry.action) == "API token created"


def test_a_second_token_with_the_same_name_keeps_what_was_typed(world, client):
    client.force_login(world.member_a)
    client.post(reverse("members:api_tokens"), {"name": "Website"})
    response = client.post(reverse("members:api_tokens"), {"name": "Website"})
    assert response.status_code == 200
    assert "secret" not in response.context
    assert response.context["form"].errors["name"] == [
        "You already have a token called “Website”. Please choose another name."
    ]
    assert 'value="Website"' in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_token_page_needs_sign_in(world, client):
    response = client.get(reverse("members:api_tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_coordinator_without_two_step_sign_in_cannot_create_a_token(world, client):
    person = UserFactory()
    MembershipFactory(network=world.network_a, user=person, role=Role.COORDINATOR)
    client.force_login(person)
    response = client.post(reverse("members:api_tokens"), {"name": "Website"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert ApiToken.objects.count() == 0


def test_revoking_stops_the_token_at_once(world, client):
    secret = token_for(world.member_a, "Website")
    assert client.get(MY_ORGANISATIONS, **bearer(secret)).status_code == 200
    client.force_login(world.member_a)
    token = ApiToken.objects.get()
    response = client.post(reverse("members:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    client.logout()
    refused = client.get(MY_ORGANISATIONS, **bearer(secret))
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "This token is not valid: it may have been revoked.",
        "errors": {},
    }


def test_nobody_revokes_another_persons_token(world, client):
    token_for(world.member_a, "Website")
    token = ApiToken.objects.get()
    client.force_login(world.coordinator_b)
    response = client.post(reverse("members:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# Authentication -----------------------------------------------------------------------------


def test_a_token_acts_as_its_person(world):
    response = token_client(world.contact_a).get(MY_ORGANISATIONS)
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Alpha Primary"]
    assert ApiToken.objects.get().last_used_at is not None


def test_no_credentials_answer_401_with_the_scheme_to_use(world, client):
    response = client.get(MY_ORGANISATIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "errors": {},
    }


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer sanc_not-a-real-token", "Bearer two parts", "bearer sanc_x"],
)
def test_a_wrong_token_answers_401(world, client, header):
    response = client.get(MY_ORGANISATIONS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_token_of_a_deactivated_person_stops_working(world):
    api = token_client(world.member_a)
    world.member_a.is_active = False
    world.member_a.save(update_fields=["is_active"])
    assert api.get(MY_ORGANISATIONS).status_code == 401


def test_a_token_never_gets_round_two_step_sign_in(world):
    """A member makes a token, then becomes a coordinator without setting up MFA: the token
    cannot reach anything until they do, as the pages could not."""
    api = token_client(world.member_a)
    MembershipFactory(network=world.network_a, user=world.member_a, role=Role.COORDINATOR)
    response = api.get(MY_ORGANISATIONS)
    assert response.status_code == 403
    assert "two-step sign-in" in response.json()["detail"]


def test_the_session_works_for_the_pages_own_use(world, client):
    client.force_login(world.contact_a)
    response = client.get(MY_ORGANISATIONS)
    assert response.status_code == 200
    assert response.json()["count"] == 1


# Errors -------------------------------------------------------------------------------------


def test_bad_query_parameters_answer_400_naming_the_field(world, client):
    response = client.get("/api/v1/networks/?kind=castle")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Please check the fields named in “errors”.",
        "errors": {"kind": ['"castle" is not a valid choice.']},
    }


def test_an_unknown_network_answers_404_as_json(world, client):
    response = client.get("/api/v1/networks/no-such-network/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_an_unknown_api_address_answers_404_as_json_and_pages_keep_their_page(world, client):
    assert client.get("/api/v1/nothing-here/").json() == {"detail": "Not found.", "errors": {}}
    page = client.get("/no-such-network/manage/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_asking_for_html_or_sending_a_form_answers_in_json_as_declared(world):
    refused = Client().get("/api/v1/networks/", HTTP_ACCEPT="text/html")
    assert refused.status_code == 406
    assert refused.json()["detail"] == "Could not satisfy the request Accept header."
    form = token_client(world.contact_a).post(
        "/api/v1/me/applications/",
        "organisation=alpha-primary",
        "application/x-www-form-urlencoded",
    )
    assert form.status_code == 415
    assert form.json() == {
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
        "errors": {},
    }
    schema = Client().get("/api/schema/?format=json").json()
    start = schema["paths"]["/api/v1/me/applications/"]["post"]["responses"]
    assert {"406", "415"} <= set(start)


def test_a_server_error_answers_json_without_details(world, monkeypatch):
    from members.api import NetworkListView

    def fail(view):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(NetworkListView, "get_queryset", fail)
    response = Client(raise_request_exception=False).get("/api/v1/networks/")
    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred.", "errors": {}}


def test_public_endpoints_are_rate_limited(world, client, monkeypatch, throttle_clock):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    address = "203.0.113.77"
    answers = [client.get("/api/v1/networks/", REMOTE_ADDR=address) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1].json()["detail"].startswith("Request was throttled.")
    # Another address has its own count.
    assert client.get("/api/v1/networks/", REMOTE_ADDR="203.0.113.78").status_code == 200


def test_signed_in_callers_are_limited_per_person(world, monkeypatch, throttle_clock):
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    first, second = token_client(world.member_a), token_client(world.coordinator_b)
    codes = [first.get(MY_ORGANISATIONS).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert second.get(MY_ORGANISATIONS).status_code == 200


def test_the_limit_slides_over_the_minute_before(world, client, monkeypatch, throttle_clock):
    """Four requests at the end of one minute still count for most of the next one: a burst
    across the edge of a window is limited, and the count fades as the minute goes on."""
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "4/minute"})
    address = "203.0.113.79"

    def status() -> int:
        return client.get("/api/v1/networks/", REMOTE_ADDR=address).status_code

    throttle_clock.now += 59
    assert [status() for _ in range(4)] == [200] * 4
    throttle_clock.now += 2  # one second into the next minute: 4 x 59/60 + 1 > 4
    assert status() == 429
    throttle_clock.now += 40  # 41 s in: 4 x 19/60 + 2 (the refused one counts) <= 4
    assert status() == 200


def test_a_throttles_cost_does_not_grow_with_its_rate(world, client, monkeypatch, throttle_clock):
    """DRF's own throttles keep every request's time in one list, read and written whole:
    at a generous rate, thousands of entries per request. Here a window is one number."""
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "1000/minute"})
    address = "203.0.113.80"
    for _ in range(30):
        assert client.get("/api/v1/networks/", REMOTE_ADDR=address).status_code == 200
    window = int(throttle_clock.now // 60)
    assert cache.get(f"throttle_anon_{address}:{window}") == 30
    assert cache.get(f"throttle_anon_{address}") is None


# The schema ---------------------------------------------------------------------------------


def test_the_schema_validates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")
    text = (tmp_path / "api.yaml").read_text()
    assert "bearerAuth" in text and "/api/v1/awards/" in text


def test_the_schema_and_its_documentation_are_served(db, client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/docs/")
    text = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "<style" not in text and "<script>" not in text and "http" not in text
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


# Public endpoints --------------------------------------------------------------------------


def test_the_directory_lists_listed_networks_with_filters(world, client):
    NetworkFactory(name="Hidden Town of Sanctuary", is_listed=False)
    names = [row["name"] for row in client.get("/api/v1/networks/").json()["results"]]
    assert "Hidden Town of Sanctuary" not in names
    assert {"Alphaville City of Sanctuary", "Schools of Sanctuary"} <= set(names)
    streams = client.get("/api/v1/networks/?kind=stream").json()["results"]
    assert [row["slug"] for row in streams] == ["schools"]
    found = client.get("/api/v1/networks/?q=alpha&ordering=-name").json()["results"]
    assert [row["slug"] for row in found] == ["alphaville"]


def test_a_network_profile_shows_its_public_face(world, client):
    StreamFactory(slug="libraries")
    local = NetworkFactory(
        kind="local_stream",
        name="Alphaville Schools",
        slug="alphaville-schools",
        parent=world.stream,
        coordinating_group=world.network_a,
    )
    response = client.get("/api/v1/networks/alphaville/")
    data = response.json()
    assert data["name"] == "Alphaville City of Sanctuary"
    assert data["local_streams"] == [{"slug": local.slug, "name": "Alphaville Schools"}]
    assert "member" not in str(data)


def test_signatory_counts_respect_listing_consent(world, client):
    charter = DocumentVersionFactory(document=DocumentSlug.CHARTER, is_current=True)
    SignatureFactory.create_batch(2, version=charter, network=world.network_a)
    SignatureFactory(version=charter, network=world.network_a, listed_publicly=False)
    SignatureFactory(version=charter, network=None)
    SignatureFactory(version=charter, network=world.network_b, confirmed_at=None)
    SignatureFactory(
        version=charter,
        party_kind=PartyKind.ORGANISATION,
        party_key="organisation-name:beta cafe",
        party_name="Beta Cafe",
        network=world.network_b,
    )
    data = client.get("/api/v1/signatories/counts/").json()
    assert data == {
        "document": "charter",
        "total": 4,
        "networks": [
            {"network": {"slug": "alphaville", "name": "Alphaville City of Sanctuary"}, "count": 2},
            {"network": {"slug": "betaburgh", "name": "Betaburgh City of Sanctuary"}, "count": 1},
            {"network": None, "count": 1},
        ],
    }
    declaration = client.get("/api/v1/signatories/counts/?document=birmingham-declaration")
    assert declaration.json()["total"] == 0


@pytest.fixture
def awards_made(db):
    schools = StreamFactory(slug="schools", name="Schools of Sanctuary")
    scheme = scheme_with_criteria(schools, name="School of Sanctuary")
    chair = coordinator(schools)
    made = []
    for name in ["Alder School", "Birch School", "Cedar School"]:
        application = submitted_application(scheme, name=name)
        for seat in panel_in_review(application, chair=chair):
            submit_review(seat)
        award(application, chair=chair)
        made.append(application)
    return made


def test_awarded_organisations_with_filters(awards_made, client):
    with scopes_disabled():
        cedar = awards_made[2].award
        cedar.state = AwardState.WITHDRAWN
        cedar.save(update_fields=["state"])
        birch = awards_made[1].award
        birch.state = AwardState.RENEWAL_DUE
        birch.save(update_fields=["state"])
    rows = client.get("/api/v1/awards/").json()["results"]
    assert [row["organisation"]["name"] for row in rows] == ["Alder School", "Birch School"]
    assert rows[0]["award"] == "School of Sanctuary"
    assert rows[0]["network"] == {"slug": "schools", "name": "Schools of Sanctuary"}
    due = client.get("/api/v1/awards/?status=renewal_due&stream=schools").json()["results"]
    assert [row["organisation"]["name"] for row in due] == ["Birch School"]
    assert client.get("/api/v1/awards/?name=alder").json()["count"] == 1
    assert client.get("/api/v1/awards/?stream=no-such-stream").json()["count"] == 0
    assert client.get("/api/v1/awards/?status=withdrawn").status_code == 400
