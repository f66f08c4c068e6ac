"""The public lists of who signed, at the movement's size (issue 15): each party's latest
confirmed signature is marked by the services that confirm, import or re-address
signatures; the counts by local group are cached and renewed at once when a signature
changes them; the list pages by keyset; the staff export lists the same rows."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.enums import DocumentSlug
from members.models import Signature
from members.queries.signatures import (
    latest_confirmed_signatures,
    listed_signatory_counts_by_network,
    signature_counts_by_network,
)
from members.services.charter import confirm_signature, sign_document
from members.services.networks import set_signature_listing
from members.services.privacy import delete_account
from members.services.signature_lists import refresh_latest_signatures
from sanctuary.caching import cached, invalidate
from tests.factories import NetworkFactory, UserFactory, give_mfa
from tests.factories.api import token_client
from tests.factories.charter import DocumentVersionFactory, SignatureFactory
from tests.factories.exports import ready_export
from tests.factories.queries import count_queries

SIGNATORIES = "/charter/signatories/"


@pytest.fixture
def versions(db):
    """An earlier charter and the current one."""
    earlier = DocumentVersionFactory(document=DocumentSlug.CHARTER, number=1)
    current = DocumentVersionFactory(document=DocumentSlug.CHARTER, number=2, is_current=True)
    return earlier, current


def latest_names(document=DocumentSlug.CHARTER) -> list[str]:
    return sorted(s.name for s in latest_confirmed_signatures(document))


def test_a_party_that_signed_again_is_listed_once_with_the_later_version(versions):
    earlier, current = versions
    old = SignatureFactory(version=earlier, name="Ada", email="ada@example.org")
    new = SignatureFactory(version=current, name="Ada again", email="ada@example.org")
    SignatureFactory(version=earlier, name="Bo", email="bo@example.org")

    assert latest_names() == ["Ada again", "Bo"]
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.latest_of, new.latest_of) == ("", DocumentSlug.CHARTER)


def test_an_unconfirmed_later_signature_leaves_the_earlier_one_listed(versions):
    earlier, current = versions
    SignatureFactory(version=earlier, name="Cy", email="cy@example.org")
    pending = SignatureFactory(
        version=current, name="Cy pending", email="cy@example.org", confirmed_at=None
    )
    assert latest_names() == ["Cy"]

    confirm_signature(pending, actor=None)

    assert latest_names() == ["Cy pending"]


def test_signing_for_oneself_and_for_an_organisation_are_two_parties(versions):
    _earlier, current = versions
    SignatureFactory(version=current, name="Di", email="di@example.org")
    SignatureFactory(
        version=current,
        name="Di for the school",
        email="di@example.org",
        party_kind="organisation",
        party_key="organisation-name:parkside",
        party_name="Parkside",
    )
    assert latest_names() == ["Di", "Di for the school"]


def test_a_full_refresh_repairs_marks_and_changes_nothing_when_right(versions):
    earlier, current = versions
    SignatureFactory(version=earlier, name="Ed", email="ed@example.org")
    SignatureFactory(version=current, name="Ed again", email="ed@example.org")
    Signature.objects.update(latest_of="")  # as if written around the services

    refresh_latest_signatures(DocumentSlug.CHARTER)
    refresh_latest_signatures(DocumentSlug.CHARTER)

    assert latest_names() == ["Ed again"]


def test_deleting_an_account_unlists_its_signatures_in_the_counts_at_once(versions, world):
    _earlier, current = versions
    person = UserFactory(email="fay@example.org")
    SignatureFactory(version=current, email="fay@example.org", user=person, network=world.network_a)
    assert listed_signatory_counts_by_network(DocumentSlug.CHARTER)[0]["count"] == 1

    delete_account(person, actor=person)

    assert listed_signatory_counts_by_network(DocumentSlug.CHARTER) == []
    # Still counted, unlisted: a signature is never lost.
    assert signature_counts_by_network(DocumentSlug.CHARTER)[0]["count"] == 1


def test_the_counts_show_a_new_signature_at_once(versions, world, client):
    _earlier, current = versions
    SignatureFactory(version=current, network=world.network_a)
    first = client.get(SIGNATORIES)
    assert [(r["network__name"], r["count"]) for r in first.context["counts"]] == [
        (world.network_a.name, 1)
    ]
    signer = UserFactory(email="gus@example.org")  # the factory confirms the address

    sign_document(
        current,
        actor=signer,
        name="Gus",
        email="gus@example.org",
        network=world.network_a,
        listed_publicly=False,
    )

    again = client.get(SIGNATORIES)
    assert [(r["network__name"], r["count"]) for r in again.context["counts"]] == [
        (world.network_a.name, 2)
    ]


def test_the_counts_show_a_confirmation_at_once(versions, world):
    _earlier, current = versions
    pending = SignatureFactory(version=current, network=world.network_b, confirmed_at=None)
    assert signature_counts_by_network(DocumentSlug.CHARTER) == []

    confirm_signature(pending, actor=None)

    assert signature_counts_by_network(DocumentSlug.CHARTER) == [
        {
            "network__name": world.network_b.name,
            "network__slug": world.network_b.slug,
            "count": 1,
        }
    ]


def test_a_renamed_group_shows_its_new_name_in_the_cached_counts(versions, world):
    _earlier, current = versions
    SignatureFactory(version=current, network=world.network_a)
    signature_counts_by_network(DocumentSlug.CHARTER)
    world.network_a.name = "Renamed City of Sanctuary"
    world.network_a.save(update_fields=["name"])

    rows = signature_counts_by_network(DocumentSlug.CHARTER)

    assert rows[0]["network__name"] == "Renamed City of Sanctuary"


def test_unlisting_ones_signature_leaves_the_listed_counts_at_once(versions, world):
    _earlier, current = versions
    signer = UserFactory(email="jo@example.org")
    signature = SignatureFactory(
        version=current, email="jo@example.org", user=signer, network=world.network_a
    )
    assert listed_signatory_counts_by_network(DocumentSlug.CHARTER)[0]["count"] == 1

    set_signature_listing(signature, actor=signer, listed=False)

    assert listed_signatory_counts_by_network(DocumentSlug.CHARTER) == []
    assert client_counts() == {"total": 0, "networks": []}


def client_counts() -> dict:
    body = Client().get("/api/v1/signatories/counts/").json()
    return {"total": body["total"], "networks": body["networks"]}


def test_counts_are_most_first_then_by_name_with_no_group_last(versions):
    _earlier, current = versions
    alpha, beta = NetworkFactory(name="Alpha"), NetworkFactory(name="Beta")
    SignatureFactory.create_batch(2, version=current, network=beta)
    SignatureFactory(version=current, network=alpha)
    SignatureFactory(version=current, network=None)
    SignatureFactory.create_batch(2, version=current, network=None, listed_publicly=False)

    rows = signature_counts_by_network(DocumentSlug.CHARTER)

    assert [(r["network__name"], r["count"]) for r in rows] == [
        (None, 3),
        ("Beta", 2),
        ("Alpha", 1),
    ]
    listed = listed_signatory_counts_by_network(DocumentSlug.CHARTER)
    assert [(r["network__name"], r["count"]) for r in listed] == [
        ("Beta", 2),
        ("Alpha", 1),
        (None, 1),
    ]


def test_a_value_read_while_a_change_commits_is_not_kept(db, django_capture_on_commit_callbacks):
    """A request that computed its value from the old rows stores it under the old
    generation; the one after the commit reads afresh."""
    with django_capture_on_commit_callbacks(execute=True):
        invalidate("test-group")
        stale = cached("test-group", "answer", lambda: "old rows")
    assert stale == "old rows"

    assert cached("test-group", "answer", lambda: "new rows") == "new rows"


def test_a_lost_generation_never_serves_an_old_value(db):
    assert cached("test-group", "answer", lambda: "first") == "first"
    cache.delete("generation:test-group")

    assert cached("test-group", "answer", lambda: "second") == "second"


def test_the_signatories_page_makes_the_same_queries_for_few_and_many(versions, world):
    earlier, current = versions
    SignatureFactory.create_batch(2, version=current, network=world.network_a)
    few = count_queries(Client(), SIGNATORIES, warm_up=True)
    cold = count_queries(Client(), SIGNATORIES + "?kind=individual")
    SignatureFactory.create_batch(60, version=current, network=world.network_b)
    SignatureFactory.create_batch(3, version=earlier, network=NetworkFactory())

    assert count_queries(Client(), SIGNATORIES, warm_up=True) == few
    assert count_queries(Client(), SIGNATORIES + "?kind=individual&q=a") == cold


def test_the_list_pages_by_keyset_newest_first_without_gaps(versions, client):
    _earlier, current = versions
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(120):
        # Two at each moment: the primary key breaks the tie.
        SignatureFactory(
            version=current,
            name=f"Signer {n:03}",
            confirmed_at=start + datetime.timedelta(minutes=n // 2),
        )
    seen = []
    response = client.get(SIGNATORIES)
    pages = 0
    while True:
        pages += 1
        seen += [s.name for s in response.context["signatures"]]
        next_url = response.context["page"].next_url
        if not next_url:
            break
        assert "after=" in next_url
        response = client.get(SIGNATORIES + next_url)
        assert response.context["page"].previous_url is not None

    assert pages == 3
    assert seen == [f"Signer {n:03}" for n in reversed(range(120))]


def test_an_unreadable_cursor_shows_the_first_page(versions, client):
    _earlier, current = versions
    SignatureFactory(version=current, name="Only One")
    for cursor in ["nonsense", "2026-01-01_x", "2026-01-01T00:00:00_5", "_"]:
        response = client.get(SIGNATORIES, {"after": cursor})
        assert [s.name for s in response.context["signatures"]] == ["Only One"]
        assert response.context["page"].previous_url is None


def test_the_staff_export_lists_every_listed_latest_signature(versions, world):
    earlier, current = versions
    SignatureFactory(version=earlier, name="Earlier Only", email="e@example.org")
    SignatureFactory(version=earlier, name="Old Name", email="h@example.org")
    SignatureFactory(version=current, name="Signed Again", email="h@example.org")
    SignatureFactory(version=current, name="+SUM(A1)", email="i@example.org")
    SignatureFactory(version=current, name="Private", listed_publicly=False)

    export = ready_export(world.staff)  # as the worker makes it

    with export.file.open("rb") as stored:
        rows = list(csv.reader(io.StringIO(stored.read().decode())))
    assert sorted((row[0], row[6]) for row in rows[1:]) == [
        ("'+SUM(A1)", "no"),
        ("Earlier Only", "yes"),
        ("Signed Again", "no"),
    ]


def test_the_staff_api_list_counts_from_the_cache_and_shows_changes_at_once(versions, world):
    """The staff's API list gives its total from the cached count, not a COUNT per page:
    a new signature and an unlisting change it at once, and a second page is right."""
    _earlier, current = versions
    staff = token_client(give_mfa(UserFactory(is_staff=True)))
    url = "/api/v1/staff/signatories/?page_size=2"
    SignatureFactory.create_batch(2, version=current, network=world.network_a)
    assert staff.get(url).json()["count"] == 2

    signer = UserFactory(email="sam@example.org")
    signature = SignatureFactory(
        version=current, email="sam@example.org", user=signer, network=world.network_b
    )
    first = staff.get(url).json()
    assert first["count"] == 3
    second = staff.get(first["next"]).json()
    assert len(first["results"]) + len(second["results"]) == 3
    assert second["next"] is None

    set_signature_listing(signature, actor=signer, listed=False)
    assert staff.get(url).json()["count"] == 2

    def counts() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            staff.get(url)
        return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]

    counts()  # the first read after the change counts once
    assert counts() == []
