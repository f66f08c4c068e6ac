"""Truthful language of page (WCAG 3.1.1, 3.1.2): text shown in a language other than the page's
carries its own `lang`, and translated text is marked with the language it is in."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from awards.certificates import certificate_html
from awards.services.applications import submit_application
from sanctuary.i18n import InLanguage, best_translation
from sanctuary.models import ActivityLog
from tests.factories import NetworkFactory, StreamFactory
from tests.factories.awards import (
    applicant,
    coordinator,
    criteria_of,
    fill_evidence,
    panel_in_review,
    scheme_with_criteria,
    started_application,
    submitted_application,
)
from tests.htmllang import languages_of


@pytest.fixture(autouse=True)
def page_language_reset():
    """Requests here activate other languages; the next test starts in the default again."""
    yield
    translation.deactivate()


def test_best_translation_marks_each_field_with_its_language():
    text = best_translation(
        {"title": "Learn", "guidance": "Read"},
        {"cy": {"title": "Dysgu"}},
        language="cy",
    )
    assert (str(text["title"]), text["title"].language) == ("Dysgu", "cy")
    assert (str(text["guidance"]), text["guidance"].language) == ("Read", "en")


def test_fields_that_travel_together_fall_back_together():
    text = best_translation(
        {"title": "Charter", "body": "Text"},
        {"cy": {"title": "Siarter"}},
        language="cy",
        whole=("body",),
    )
    assert (text["title"].language, text["body"].language) == ("en", "en")


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load sanctuary_i18n %}" + source).render(Context(context))


def test_lang_attrs_mark_only_text_in_another_language():
    english = InLanguage("Share", "en")
    assert render("<p{{ t|lang_attrs }}>", "ar", t=english) == '<p lang="en" dir="ltr">'
    assert render("<p{{ t|lang_attrs }}>", "en", t=english) == "<p>"
    assert render("<p{{ 'ar'|lang_attrs }}>", "cy") == '<p lang="ar" dir="rtl">'
    assert render('<p{{ "cy"|lang_attrs:"auto" }}>', "ar") == '<p lang="cy" dir="auto">'
    assert render('<p{{ "ar"|lang_attrs:"auto" }}>', "ar") == '<p dir="auto">'
    assert render("{{ t|in_lang }}", "ar", t=english) == '<span lang="en" dir="ltr">Share</span>'
    assert render("{{ t|in_lang }}", "en", t=english) == "Share"


@pytest.fixture
def in_review(db):
    scheme = scheme_with_criteria(StreamFactory(slug="schools"), name="School of Sanctuary")
    application = submitted_application(scheme)
    chair = coordinator(scheme.network, name="Chair Person")
    seats = panel_in_review(application, chair=chair)
    criteria = criteria_of(application)
    # One criterion has an Arabic translation; the others are English only.
    with scopes_disabled():
        criteria[1].translations = {"ar": {"title": "المعيار الأدنى الثاني"}}
        criteria[1].save(update_fields=["translations"])
    return application, seats[0].panellist


def reads_arabic(user):
    user.preferred_language = "ar"
    user.save(update_fields=["preferred_language"])
    return user


def test_english_criteria_on_arabic_pages_carry_lang_en(in_review, client):
    application, panellist = in_review
    client.force_login(reads_arabic(panellist))
    for name in ("panel_application", "review"):
        url = reverse(f"awards:{name}", args=[application.network.slug, application.pk])
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert languages_of(html, "Minimum criterion 1") == {"en"}, name
        assert languages_of(html, "المعيار الأدنى الثاني") == {"ar"}, name


def test_english_criteria_on_the_applicants_arabic_page_carry_lang_en(in_review, client):
    application, _panellist = in_review
    client.force_login(reads_arabic(application.lead_contact))
    url = reverse("awards:application_detail", args=[application.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert languages_of(html, "Minimum criterion 1") == {"en"}


# Content people write, in several languages ---------------------------------------------------


def certificate_award(**translations):
    from awards.models import AwardScheme

    return SimpleNamespace(
        scheme=AwardScheme(name="School of Sanctuary", translations=translations),
        organisation=SimpleNamespace(name="Parkside Primary"),
        network=SimpleNamespace(name="Schools of Sanctuary"),
        awarded_on=datetime.date(2026, 5, 14),
        expires_on=datetime.date(2029, 5, 14),
        certificate_number="COS-2345-6789",
    )


def test_certificate_prints_the_scheme_name_in_its_language():
    made = certificate_award(cy={"name": "Ysgol Noddfa", "summary": ""})
    welsh = certificate_html(made, "cy")
    assert languages_of(welsh, "Ysgol Noddfa") == {"cy"}
    arabic = certificate_html(made, "ar")
    # No Arabic name: the English one says it is English.
    assert languages_of(arabic, "School of Sanctuary") == {"en"}


def test_scheme_name_is_translated_through_the_settings_page(in_review, client):
    application, _panellist = in_review
    scheme = application.scheme
    chair = coordinator(scheme.network, name="Second Chair")
    client.force_login(chair)
    url = reverse("awards:scheme_settings", args=[scheme.network.slug])
    response = client.post(
        url,
        {"translate": "", "translation-language": "cy", "translation-name": "Ysgol Noddfa"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        scheme.refresh_from_db()
        assert scheme.translations == {"cy": {"name": "Ysgol Noddfa", "summary": ""}}
        assert ActivityLog.objects.filter(action="awards.scheme.translation_saved").count() == 1
    with translation.override("cy"):
        assert (str(scheme.display_name), scheme.display_name.language) == ("Ysgol Noddfa", "cy")
    with translation.override("ar"):
        assert scheme.display_name.language == "en"


def test_network_profile_is_translated_and_shown_in_the_readers_language(db, client):
    network = NetworkFactory(slug="llanfair", summary="A welcoming town.", language="en")
    client.force_login(coordinator(network, name="Gwen Coordinator"))
    edit = reverse("members:network_profile_edit", args=[network.slug])
    client.post(
        edit,
        {
            "translate": "",
            "translation-language": "cy",
            "translation-summary": "Tref groesawgar.",
            "translation-description": "",
        },
    )
    network.refresh_from_db()
    assert network.translations == {"cy": {"summary": "Tref groesawgar.", "description": ""}}
    profile = reverse("members:network_profile", args=[network.slug])
    client.logout()
    welsh = client.get(profile, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert languages_of(welsh, "Tref groesawgar.") == {"cy"}
    arabic = client.get(profile, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert languages_of(arabic, "A welcoming town.") == {"en"}


def test_application_is_written_in_the_applicants_language_and_the_panel_is_told(db, client):
    scheme = scheme_with_criteria(StreamFactory(slug="schools"), name="School of Sanctuary")
    organisation, contact = applicant(scheme)
    contact.preferred_language = "cy"
    contact.save(update_fields=["preferred_language"])
    application = started_application(scheme, organisation=organisation, contact=contact)
    assert application.language == "cy"
    fill_evidence(application)
    submit_application(application, actor=contact)
    chair = coordinator(scheme.network, name="Chair Person")
    seats = panel_in_review(application, chair=chair)
    client.force_login(seats[0].panellist)
    url = reverse("awards:panel_application", args=[scheme.network.slug, application.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Written in Welsh" in html
    assert languages_of(html, "What we did for Minimum criterion 1.") == {"cy"}


def test_applicant_changes_the_language_of_a_draft(db, client):
    scheme = scheme_with_criteria(StreamFactory(slug="schools"), name="School of Sanctuary")
    application = started_application(scheme)
    client.force_login(application.lead_contact)
    url = reverse("awards:application_detail", args=[application.pk])
    assert client.post(url, {"language": "uk"}).status_code == 302
    with scopes_disabled():
        application.refresh_from_db()
        assert application.language == "uk"
        assert ActivityLog.objects.filter(action="awards.application.language_changed").count() == 1
