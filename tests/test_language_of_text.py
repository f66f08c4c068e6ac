"""Truthful language of page (WCAG 3.1.1, 3.1.2): text shown in a language other than the page's
carries its own `lang`, and translated text is marked with the language it is in."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from sanctuary.i18n import InLanguage, best_translation
from tests.factories import StreamFactory
from tests.factories.awards import (
    coordinator,
    criteria_of,
    panel_in_review,
    scheme_with_criteria,
    submitted_application,
)
from tests.htmllang import languages_of


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
