"""Machine translation, labelled: LibreTranslate's API against a fake server on 127.0.0.1, the
panel's pages with the fake provider, and nothing sent anywhere when no provider is set."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from members.models import User
from sanctuary import machine_translation
from sanctuary.machine_translation import LibreTranslate, TranslationFailed
from tests.conftest import clear_own_cache
from tests.factories import StreamFactory
from tests.factories.awards import (
    applicant,
    coordinator,
    fill_evidence,
    panel_in_review,
    scheme_with_criteria,
    started_application,
)
from tests.fakes import FakeTranslator
from tests.htmllang import languages_of


class FakeLibreTranslate:
    """LibreTranslate on 127.0.0.1: /translate answers "<target>: <q>", /languages lists what
    its Argos models cover of ours (en, ar, fa, uk); it keeps each request."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[dict] = []
        self.status = status
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fields = json.loads(body)
                fake.requests.append({"path": self.path, **fields})
                answer = json.dumps({"translatedText": f"{fields['target']}: {fields['q']}"})
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            def do_GET(self):
                fake.requests.append({"path": self.path})
                covered = ["en", "ar", "fa", "uk"]
                answer = json.dumps(
                    [
                        {"code": code, "name": code, "targets": [t for t in covered if t != code]}
                        for code in covered
                    ]
                )
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def libretranslate():
    server = FakeLibreTranslate()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_own_cache()
    FakeTranslator.calls.clear()


@pytest.fixture(autouse=True)
def page_language_reset():
    """Requests here activate other languages; the next test starts in the default again."""
    yield
    translation.deactivate()


def test_libretranslate_posts_text_languages_and_key(libretranslate):
    provider = LibreTranslate(libretranslate.url, api_key="k-123")
    assert provider.translate("Croeso", "cy", "en") == "en: Croeso"
    assert libretranslate.requests == [
        {
            "path": "/translate",
            "q": "Croeso",
            "source": "cy",
            "target": "en",
            "format": "text",
            "api_key": "k-123",
        }
    ]


def test_libretranslate_error_is_a_failure_not_a_translation():
    server = FakeLibreTranslate(status=500)
    try:
        with pytest.raises(TranslationFailed, match="500"):
            LibreTranslate(server.url).translate("Croeso", "cy", "en")
    finally:
        server.close()


def test_translations_are_cached(libretranslate, settings):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "libretranslate"
    settings.SANCTUARY_LIBRETRANSLATE_URL = libretranslate.url
    first = machine_translation.translate("Croeso", "cy", "ar")
    second = machine_translation.translate("Croeso", "cy", "ar")
    assert (first, second) == ("ar: Croeso", "ar: Croeso")
    assert len(libretranslate.requests) == 1


@pytest.fixture
def welsh_application(db):
    scheme = scheme_with_criteria(StreamFactory(slug="schools"), name="School of Sanctuary")
    organisation, contact = applicant(scheme)
    contact.preferred_language = "cy"
    contact.save(update_fields=["preferred_language"])
    application = started_application(scheme, organisation=organisation, contact=contact)
    fill_evidence(application)
    from awards.services.applications import submit_application

    submit_application(application, actor=contact)
    seats = panel_in_review(application, chair=coordinator(scheme.network, name="Chair"))
    panellist = seats[0].panellist
    panellist.preferred_language = "ar"
    panellist.save(update_fields=["preferred_language"])
    return application, panellist


def page(client, application, name="panel_application", query=""):
    url = reverse(f"awards:{name}", args=[application.network.slug, application.pk])
    return client.get(url + query).content.decode()


@pytest.mark.parametrize("name", ["panel_application", "review"])
def test_panellist_reads_the_evidence_machine_translated_and_labelled(
    welsh_application, client, settings, name
):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "tests.fakes.FakeTranslator"
    application, panellist = welsh_application
    client.force_login(panellist)
    if name == "review":
        client.post(reverse("awards:review_start", args=[application.network.slug, application.pk]))
    html = page(client, application, name)
    assert 'href="?translate=ar"' in html
    assert "(machine translation)" not in html  # the link is in Arabic
    assert FakeTranslator.calls == []
    html = page(client, application, name, "?translate=ar")
    translated = "[ar] What we did for Minimum criterion 1."
    assert languages_of(html, translated) == {"ar"}
    assert "ترجمة آلية من الويلزية: قد تحتوي على أخطاء" in html
    assert languages_of(html, "What we did for Minimum criterion 1.") == {"cy"}
    assert ("What we did for Minimum criterion 1.", "cy", "ar") in FakeTranslator.calls


def test_label_and_link_in_english(welsh_application, client, settings):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "tests.fakes.FakeTranslator"
    application, panellist = welsh_application
    panellist.preferred_language = "en"
    panellist.save(update_fields=["preferred_language"])
    client.force_login(panellist)
    assert "Read in English (machine translation)" in page(client, application)
    html = page(client, application, query="?translate=en")
    assert "Machine translation from Welsh: may contain mistakes" in html
    assert languages_of(html, "[en] What we did for Minimum criterion 1.") == {"en"}
    assert '<a href="?">Show the original only</a>' in html


def test_without_a_provider_nothing_is_sent_and_no_link_appears(
    welsh_application, client, settings, libretranslate
):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "none"
    settings.SANCTUARY_LIBRETRANSLATE_URL = libretranslate.url
    application, panellist = welsh_application
    client.force_login(panellist)
    assert "?translate=" not in page(client, application)
    html = page(client, application, query="?translate=ar")
    assert "[ar]" not in html and "ar: " not in html
    assert libretranslate.requests == []


def test_libretranslate_knows_its_languages_from_the_server(libretranslate):
    provider = LibreTranslate(libretranslate.url)
    assert (provider.supports("en", "fa"), provider.supports("fa", "ar")) == (True, True)
    assert provider.supports("cy", "en") is False
    assert provider.supports("en", "ti") is False
    assert provider.supports("ckb", "ar") is False
    assert [r["path"] for r in libretranslate.requests] == ["/languages"]  # asked once


def test_an_unreachable_libretranslate_offers_nothing(settings):
    server = FakeLibreTranslate()
    url = server.url
    server.close()
    settings.SANCTUARY_TRANSLATION_PROVIDER = "libretranslate"
    settings.SANCTUARY_LIBRETRANSLATE_URL = url
    assert machine_translation.offer_for("en", "fa") == machine_translation.Offer.UNAVAILABLE


def test_no_provider_offers_nothing_and_asks_nobody(settings, libretranslate):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "none"
    settings.SANCTUARY_LIBRETRANSLATE_URL = libretranslate.url
    reading = machine_translation.reading_for("Croeso", "cy", "ar", requested=True)
    assert reading == machine_translation.Reading(machine_translation.Offer.NONE, None)
    assert libretranslate.requests == []


def ask_and_answer(application):
    """The chair (English) asks; the applicant answers in the application's Welsh."""
    from awards.services.questions import answer_question, ask_question

    with scopes_disabled():
        chair = User.objects.get(full_name="Chair")
        contact = application.lead_contact
    question = ask_question(application, actor=chair, body="What does welcome look like here?")
    answer_question(question, actor=contact, body="Croeso i bawb, bob dydd.")
    return question


def test_panellist_reads_questions_and_answers_machine_translated(
    welsh_application, client, settings
):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "tests.fakes.FakeTranslator"
    application, panellist = welsh_application
    ask_and_answer(application)
    client.force_login(panellist)
    html = page(client, application, "panel_questions")
    assert html.count('href="?translate=ar"') == 2
    assert FakeTranslator.calls == []
    # Each writer's own words keep their own language.
    assert languages_of(html, "What does welcome look like here?") == {"en"}
    assert languages_of(html, "Croeso i bawb, bob dydd.") == {"cy"}
    html = page(client, application, "panel_questions", "?translate=ar")
    assert languages_of(html, "[ar] What does welcome look like here?") == {"ar"}
    assert languages_of(html, "[ar] Croeso i bawb, bob dydd.") == {"ar"}
    assert "ترجمة آلية من الإنجليزية: قد تحتوي على أخطاء" in html
    assert "ترجمة آلية من الويلزية: قد تحتوي على أخطاء" in html
    assert languages_of(html, "What does welcome look like here?") == {"en"}
    assert languages_of(html, "Croeso i bawb, bob dydd.") == {"cy"}
    assert sorted(FakeTranslator.calls) == [
        ("Croeso i bawb, bob dydd.", "cy", "ar"),
        ("What does welcome look like here?", "en", "ar"),
    ]


def test_the_thread_remembers_the_language_each_entry_is_written_in(welsh_application):
    application, _panellist = welsh_application
    question = ask_and_answer(application)
    with scopes_disabled():
        answer = question.replies.get()
    assert (question.language, answer.language) == ("en", "cy")


def test_without_a_provider_the_thread_sends_nothing(
    welsh_application, client, settings, libretranslate
):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "none"
    settings.SANCTUARY_LIBRETRANSLATE_URL = libretranslate.url
    application, panellist = welsh_application
    ask_and_answer(application)
    client.force_login(panellist)
    html = page(client, application, "panel_questions", "?translate=ar")
    assert 'href="?translate=' not in html and "[ar]" not in html
    assert languages_of(html, "Croeso i bawb, bob dydd.") == {"cy"}
    assert libretranslate.requests == []


def test_a_language_the_provider_does_not_cover_is_said_not_offered(
    welsh_application, client, settings
):
    """LibreTranslate has no Welsh model: an Arabic reader of Welsh evidence is told so, in
    Arabic, and gets no link that would fail; English questions still translate."""
    settings.SANCTUARY_TRANSLATION_PROVIDER = "tests.fakes.FakeArgosTranslator"
    application, panellist = welsh_application
    ask_and_answer(application)
    client.force_login(panellist)
    unavailable = "الترجمة الآلية من الويلزية إلى العربية غير متاحة هنا."
    html = page(client, application, "panel_application", "?translate=ar")
    assert unavailable in html
    assert 'href="?translate=' not in html
    html = page(client, application, "panel_questions", "?translate=ar")
    assert html.count(unavailable) == 1  # the Welsh answer
    assert languages_of(html, "[ar] What does welcome look like here?") == {"ar"}
    assert FakeTranslator.calls == [("What does welcome look like here?", "en", "ar")]


def test_a_tigrinya_reader_is_told_in_tigrinya(welsh_application, client, settings):
    settings.SANCTUARY_TRANSLATION_PROVIDER = "tests.fakes.FakeArgosTranslator"
    application, panellist = welsh_application
    panellist.preferred_language = "ti"
    panellist.save(update_fields=["preferred_language"])
    client.force_login(panellist)
    html = page(client, application, query="?translate=ti")
    assert "ማሽናዊ ትርጉም ካብ ዌልሽ ናብ ትግርኛ ኣብዚ የለን።" in html
    assert 'href="?translate=' not in html
    assert FakeTranslator.calls == []
