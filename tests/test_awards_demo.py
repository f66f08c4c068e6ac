"""The award demo data: a scheme for every stream, in the published shape, loaded twice."""

from django.core.management import call_command
from django_scopes import scopes_disabled

from awards.enums import AwardState
from awards.models import Application, AwardScheme, Criterion
from sanctuary.enums import NetworkKind
from sanctuary.models import Network


def minimum_criteria(scheme_name: str) -> list[Criterion]:
    return list(
        Criterion.objects.filter(version__scheme__name=scheme_name, is_minimum=True).order_by(
            "position"
        )
    )


def test_demo_has_a_scheme_for_every_stream_and_loads_twice_the_same(db):
    call_command("seed_demo")
    with scopes_disabled():
        first = (
            AwardScheme.objects.count(),
            Criterion.objects.count(),
            Application.objects.count(),
        )
    call_command("seed_demo")
    with scopes_disabled():
        again = (
            AwardScheme.objects.count(),
            Criterion.objects.count(),
            Application.objects.count(),
        )
        streams_without = list(
            Network.objects.filter(kind=NetworkKind.STREAM, award_schemes__isnull=True)
        )
        school = minimum_criteria("School of Sanctuary")
        university = minimum_criteria("University of Sanctuary")
        shop = minimum_criteria("Charity Shop of Sanctuary")
        hillcrest = Application.objects.get(organisation__slug="hillcrest-academy")
        award_state = hillcrest.award.state
    assert first == again
    assert streams_without == []
    assert (len(school), sum(c.is_pledge for c in school)) == (8, 1)
    assert len(university) == 10
    assert len(shop) == 3
    assert award_state == AwardState.ACTIVE


def test_a_panellist_signing_in_to_the_demo_has_a_review_waiting_in_her_language(db):
    """Eastbrook's application waits for the Schools panel, with a question answered, and the
    School of Sanctuary reads in Farsi and Arabic as its coordinator translated it."""
    call_command("seed_demo")
    with scopes_disabled():
        eastbrook = Application.objects.get(organisation__slug="eastbrook-high")
        seated = set(eastbrook.panel.values_list("panellist__email", flat=True))
        criteria = list(eastbrook.criteria_version.criteria.all())
        kinds = list(eastbrook.thread.order_by("pk").values_list("kind", flat=True))
        scheme = eastbrook.scheme
    assert eastbrook.is_in_review
    assert "panellist@example.org" in seated
    assert kinds == ["question", "answer"]
    assert set(scheme.translations) == {"fa", "ar"}
    assert all({"fa", "ar"} <= set(criterion.translations) for criterion in criteria)
