"""Shared fixtures: two networks with data in both, the personas of every permission test, and
the Schools of Sanctuary scheme, its chair and the current charter that many modules use."""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import translation
from django_scopes import scopes_disabled

from members.enums import Action, DocumentSlug, Role
from members.models import DocumentVersion
from members.services.charter import create_document_version
from sanctuary.activity import log_action
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    StreamFactory,
    StreamMembershipFactory,
    UserFactory,
    give_mfa,
)
from tests.factories.awards import coordinator, scheme_with_criteria

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def skip_or_fail(reason: str):
    """Outside CI a missing service skips; in CI it fails, so nothing skips silently there."""
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright (never a browser a tool downloads)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@dataclass
class World:
    """Network A (ours) and network B (theirs), each with private data that must not leak."""

    network_a: object
    network_b: object
    stream: object
    coordinator_a: object
    coordinator_b: object
    member_a: object
    staff: object
    contact_a: object
    organisation_a: object
    organisation_b: object
    membership_a: object
    membership_b: object


@pytest.fixture
def world(db) -> World:
    network_a = NetworkFactory(name="Alphaville City of Sanctuary", slug="alphaville")
    network_b = NetworkFactory(name="Betaburgh City of Sanctuary", slug="betaburgh")
    stream = StreamFactory(name="Schools of Sanctuary", slug="schools")
    coordinator_a = give_mfa(UserFactory(full_name="Ada Coordinator", email="ada@example.org"))
    coordinator_b = give_mfa(UserFactory(full_name="Bram Outsider", email="bram@example.org"))
    member_a = UserFactory(full_name="Mo Member", email="mo@example.org")
    staff = give_mfa(UserFactory(full_name="Sia Staff", email="sia@example.org", is_staff=True))
    membership_a = MembershipFactory(network=network_a, user=coordinator_a, role=Role.COORDINATOR)
    MembershipFactory(network=network_a, user=member_a, role=Role.MEMBER)
    MembershipFactory(network=stream, user=coordinator_a, role=Role.COORDINATOR)
    membership_b = MembershipFactory(network=network_b, user=coordinator_b, role=Role.COORDINATOR)
    # Private people of network B whose names must never appear on network A's pages.
    secret_b = UserFactory(full_name="Zebedee Secretperson", email="zebedee@example.org")
    MembershipFactory(network=network_b, user=secret_b, role=Role.STEERING_MEMBER)
    organisation_a = OrganisationFactory(
        name="Alpha Primary", slug="alpha-primary", local_group=network_a
    )
    organisation_b = OrganisationFactory(
        name="Beta Primary", slug="beta-primary", local_group=network_b
    )
    contact_a = UserFactory(full_name="Cleo Contact", email="cleo@example.org")
    OrganisationContactFactory(organisation=organisation_a, user=contact_a)
    OrganisationContactFactory(organisation=organisation_b, user=coordinator_b)
    StreamMembershipFactory(network=stream, organisation=organisation_a)
    with scopes_disabled():
        log_action(membership_b, Action.MEMBERSHIP_ADDED, actor=coordinator_b, network=network_b)
        log_action(membership_a, Action.MEMBERSHIP_ADDED, actor=coordinator_a, network=network_a)
    return World(
        network_a=network_a,
        network_b=network_b,
        stream=stream,
        coordinator_a=coordinator_a,
        coordinator_b=coordinator_b,
        member_a=member_a,
        staff=staff,
        contact_a=contact_a,
        organisation_a=organisation_a,
        organisation_b=organisation_b,
        membership_a=membership_a,
        membership_b=membership_b,
    )


@pytest.fixture
def scheme(db):
    """The School of Sanctuary award (two minimum criteria, one further) of the Schools of
    Sanctuary stream, at /networks/schools/. Not for a test that also uses `world`, whose stream
    has the same slug."""
    return scheme_with_criteria(
        StreamFactory(name="Schools of Sanctuary", slug="schools"), name="School of Sanctuary"
    )


@pytest.fixture
def chair(scheme):
    """A coordinator of the scheme's stream, who chairs its panels."""
    return coordinator(scheme.network, name="Chair Person")


@pytest.fixture
def charter(db) -> DocumentVersion:
    """An invented charter, the current version."""
    return create_document_version(
        DocumentSlug.CHARTER,
        actor=None,
        title="Test Charter",
        period="2030-2035",
        body="# Welcome\n\nAn invented text.",
        make_current=True,
    )


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """A request leaves its language active in the thread (the locale middleware and the
    person's own language activate one per request), and a test that follows, in any order
    or worker, would read another language: every test starts and ends in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def clear_own_cache() -> None:
    """Empty this test process's cache. On Redis only its own keys go (its own prefix):
    clear() would empty the database under the other workers' running tests, a sign-in or
    concern limit among them. Tests call this, never cache.clear()."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        backend.clear()


@pytest.fixture(autouse=True)
def each_test_starts_with_an_empty_cache():
    """Cached answers (sanctuary.caching) outlive the database rows a test rolls back; a
    test that follows must compute its own."""
    clear_own_cache()


def pytest_collection_modifyitems(config, items):
    """Under pytest 9.2 schemathesis gives every operation's test one node id
    (`...::test_api_answers_as_its_schema_says`), and pytest-xdist's `--dist loadgroup` runs one
    test per id: 29 of the 30 operations went unchecked. Put the operation in the id."""
    for item in items:
        label = getattr(item, "operation_label", None)
        node_id = getattr(item, "_id", None)
        if label and node_id is not None and node_id.params is None:
            item._id = node_id.with_params(label)


def pytest_sessionfinish(session, exitstatus):
    """Each test process (each xdist worker) keeps its uploads in folders of its own
    (sanctuary/settings_test.py); remove them at the end."""

    from django.conf import settings

    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def rendered_afresh(settings):
    """Signed-in pages rendered by their views for the whole test, not answered from the
    personal page cache: for a test that reads `response.context` or spies on a view."""
    settings.SANCTUARY_PERSONAL_PAGE_CACHE = False


@pytest.fixture
def throttle_clock(monkeypatch):
    """The API throttles' clock, held still at the start of a minute that no other test
    uses, so the requests a test counts are its own: `.now` moves it."""
    import secrets
    from types import SimpleNamespace

    from sanctuary.api import WindowThrottle

    clock = SimpleNamespace(now=float((10**7 + secrets.randbelow(10**7)) * 3600))
    monkeypatch.setattr(WindowThrottle, "timer", lambda self: clock.now)
    return clock
