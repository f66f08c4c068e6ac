"""The Django admin never shows whether a person has lived experience (DESIGN.md rule 6):
staff see the flag only on the platform's own pages, where each showing is logged. So the
admin's user pages have no column, filter, search or field for it, and the admin has no page
for the ambassadors or the Advisory Group, whose rows say the same thing."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from members.models import AdvisoryGroupMember, Ambassador, Contribution, User
from tests.factories import UserFactory

FLAG = "has_lived_experience"


@pytest.fixture
def superuser(world):
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    return world.staff


@pytest.fixture
def person(db):
    return UserFactory(full_name="Lina Lived", email="lina@example.org", has_lived_experience=True)


def _named_fields(model_admin) -> set[str]:
    """Every field name a model admin mentions anywhere on its pages."""
    names: set[str] = set()
    for _, options in [
        *(model_admin.fieldsets or []),
        *(getattr(model_admin, "add_fieldsets", None) or []),
    ]:
        names.update(options["fields"])
    for attribute in (
        "list_display",
        "list_filter",
        "search_fields",
        "readonly_fields",
        "list_editable",
        "sortable_by",
    ):
        for entry in getattr(model_admin, attribute, None) or ():
            names.add(entry if isinstance(entry, str) else repr(entry))
    return {name.lstrip("^=@").split("__")[-1] for name in names}


def test_no_admin_page_names_the_lived_experience_flag():
    mentioned = {
        model._meta.label: _named_fields(model_admin)
        for model, model_admin in admin.site._registry.items()
    }
    assert [label for label, names in mentioned.items() if FLAG in names] == []
    registered = set(admin.site._registry)
    assert {Ambassador, AdvisoryGroupMember, Contribution} & registered == set()
    assert User in registered


def test_user_changelist_shows_no_flag_and_refuses_to_filter_or_search_by_it(
    client, superuser, person
):
    client.force_login(superuser)
    changelist = reverse("admin:members_user_changelist")
    page = client.get(changelist)
    html = page.content.decode()
    assert "lina@example.org" in html
    assert "lived experience" not in html.lower()
    assert FLAG not in html
    # A hand-made filter on the flag is refused (400), so staff cannot list who has it.
    answering = Client(raise_request_exception=False)
    answering.force_login(superuser)
    for query in ({f"{FLAG}__exact": "1"}, {FLAG: "True"}, {f"{FLAG}__in": "1"}):
        assert answering.get(changelist, query).status_code == 400, query
    # Search reads the name and address only.
    found = client.get(changelist, {"q": "True"}).content.decode()
    assert "lina@example.org" not in found


def test_user_change_form_has_no_flag_and_saving_keeps_it(client, superuser, person):
    client.force_login(superuser)
    url = reverse("admin:members_user_change", args=[person.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "Lina Lived" in html
    assert "lived experience" not in html.lower()
    assert FLAG not in page.context["adminform"].form.fields
    saved = client.post(
        url,
        {
            "email": person.email,
            "full_name": "Lina Renamed",
            "preferred_language": "en",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "10:00:00",
            "anonymised_at_0": "",
            "anonymised_at_1": "",
            FLAG: "",  # a forged field is ignored, not applied
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    person.refresh_from_db()
    assert (person.full_name, person.has_lived_experience) == ("Lina Renamed", True)


def test_admin_has_no_ambassador_or_advisory_group_pages(client, superuser):
    for name in ("ambassador", "advisorygroupmember", "contribution"):
        with pytest.raises(NoReverseMatch, match=name):
            reverse(f"admin:members_{name}_changelist")
    client.force_login(superuser)
    assert client.get("/admin/members/ambassador/").status_code == 404
    index = client.get(reverse("admin:index")).content.decode()
    assert "Ambassador" not in index
