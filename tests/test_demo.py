"""The demo loads, twice, and shows the charter, affiliation and lived-experience parts."""

import io

from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from members.enums import AffiliationState, AmbassadorStatus, DocumentSlug
from members.models import (
    AdvisoryGroupMember,
    AffiliationApplication,
    Ambassador,
    DocumentVersion,
    Organisation,
    PartnershipForum,
    Signature,
    User,
)
from members.queries import waiting_counts_for
from members.queries.signatures import organisation_has_pledge, public_signatories
from sanctuary.models import Network
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership
from tests.factories import give_mfa


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "versions": DocumentVersion.objects.count(),
            "signatures": Signature.objects.count(),
            "applications": AffiliationApplication.objects.count(),
            "ambassadors": Ambassador.objects.count(),
            "advisers": AdvisoryGroupMember.objects.count(),
            "forums": PartnershipForum.objects.count(),
            "stream_memberships": StreamMembership.objects.count(),
        }


def test_the_demo_loads_twice_with_the_same_data(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert (
        DocumentVersion.objects.filter(is_current=True).count() == 3
    )  # charter, declaration, handbook
    assert organisation_has_pledge(Organisation.objects.get(slug="parkside-primary"))
    listed = {signature.display_name for signature in public_signatories(DocumentSlug.CHARTER)}
    assert {"Tom Bright", "Parkside Primary School (demo)", "Martin Okafor"} <= listed
    assert "Priya Anand" not in listed  # she chose not to be listed
    assert AffiliationApplication.objects.filter(state=AffiliationState.IN_REVIEW).count() == 1
    assert AffiliationApplication.objects.exclude(area_conflict="").count() == 1
    assert Ambassador.objects.get(user__email="ambassador@example.org").status == (
        AmbassadorStatus.APPROVED
    )
    assert AdvisoryGroupMember.objects.filter(
        ambassador__user__email="adviser@example.org"
    ).exists()
    with scopes_disabled():
        assert StreamMembership.objects.filter(status=StreamMembershipStatus.PENDING).count() == 1


def test_the_demo_gives_sheffields_coordinator_work_waiting(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    sheffield = Network.objects.get(slug="sheffield")
    with scope(network=sheffield):
        assert waiting_counts_for(sheffield) == {
            "organisations": 1,
            "contact_requests": 1,
            "join_requests": 1,
        }
    client.force_login(give_mfa(User.objects.get(email="coordinator@example.org")))
    page = client.get(reverse("members:network_waiting", args=["sheffield"]))
    text = page.content.decode()
    assert "Hollybank Nursery School (demo)" in text and "Marta Kowalska" in text
