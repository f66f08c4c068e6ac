"""Machine translation of what people wrote, through a provider the deployment chooses.

A panellist or coordinator may read an applicant's text in their own language, clearly marked
as a machine translation beside the original. Nothing is sent anywhere unless the deployment
sets SANCTUARY_TRANSLATION_PROVIDER: "none" (the default) offers no translation at all;
"libretranslate" uses a self-hosted LibreTranslate (docker-compose.yml, profile "translate");
a dotted path names any class with the same `translate` method (the tests' fake provider).
Results are cached, keyed by a hash of the provider, the languages and the text.

A provider says which languages it covers (`supports`): LibreTranslate's Argos models cover
Arabic, Farsi and Ukrainian (to and from English, and between each other through English) but
not Welsh, Sorani or Tigrinya, so for those a page says that machine translation is not
available instead of offering a link that would fail (README, "Languages").
"""

import hashlib
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CACHE_SECONDS = 30 * 24 * 3600
# How long a provider's list of languages is trusted: a deployment may add models.
LANGUAGES_CACHE_SECONDS = 3600


class TranslationFailed(Exception):
    """The provider did not answer, or answered something that is not a translation."""


class Provider(Protocol):
    name: str

    def translate(self, text: str, source: str, target: str) -> str: ...

    def supports(self, source: str, target: str) -> bool:
        """Whether text in `source` can be translated into `target` at all."""
        ...


def _base(code: str) -> str:
    return code.split("-")[0].lower()


class LibreTranslate:
    """LibreTranslate's HTTP API: POST /translate with q, source, target and format."""

    name = "libretranslate"

    def __init__(self, url: str, api_key: str = "", timeout: float = 20.0) -> None:
        self.base_url = url.rstrip("/")
        self.url = self.base_url + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def languages(self) -> dict[str, set[str]]:
        """GET /languages: each source code with the codes it translates into. The server
        answers with the models it has installed, so this is the truth for this deployment."""
        key = f"machine-translation-languages:{hashlib.sha256(self.base_url.encode()).hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        request = urllib.request.Request(
            self.base_url + "/languages", headers={"Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise TranslationFailed(str(error)) from error
        if not isinstance(answer, list):
            raise TranslationFailed("The list of languages is not a list")
        covered = {
            _base(str(entry["code"])): {_base(str(code)) for code in entry.get("targets", [])}
            for entry in answer
            if isinstance(entry, dict) and "code" in entry
        }
        cache.set(key, covered, LANGUAGES_CACHE_SECONDS)
        return covered

    def supports(self, source: str, target: str) -> bool:
        try:
            covered = self.languages()
        except TranslationFailed as error:
            logger.warning("Machine translation languages unknown (%s): %s", self.name, error)
            return False
        return _base(target) in covered.get(_base(source), set())

    def translate(self, text: str, source: str, target: str) -> str:
        fields = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            fields["api_key"] = self.api_key
        request = urllib.request.Request(
            self.url,
            data=json.dumps(fields).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise TranslationFailed(str(error)) from error
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise TranslationFailed("No translatedText in the answer")
        return translated


def get_provider() -> Provider | None:
    """The configured provider, or None when the deployment configured none."""
    chosen = (settings.SANCTUARY_TRANSLATION_PROVIDER or "none").strip()
    if chosen == "none":
        return None
    if chosen == "libretranslate":
        if not settings.SANCTUARY_LIBRETRANSLATE_URL:
            return None
        return LibreTranslate(
            settings.SANCTUARY_LIBRETRANSLATE_URL, settings.SANCTUARY_LIBRETRANSLATE_API_KEY
        )
    return import_string(chosen)()


def is_available() -> bool:
    return get_provider() is not None


def _cache_key(provider: Provider, text: str, source: str, target: str) -> str:
    digest = hashlib.sha256(f"{provider.name}\0{source}\0{target}\0{text}".encode()).hexdigest()
    return f"machine-translation:{digest}"


class Offer(StrEnum):
    """What a page offers a reader for one text."""

    NONE = "none"  # no provider configured, the text is in the reader's language, or unknown
    UNAVAILABLE = "unavailable"  # a provider is configured but cannot translate this pair
    OFFERED = "offered"


def offer_for(source: str, target: str) -> Offer:
    """Whether text in `source` can be read machine-translated into `target`. Asks nothing of
    any provider when none is configured."""
    if not source or not target or _base(source) == _base(target):
        return Offer.NONE
    provider = get_provider()
    if provider is None:
        return Offer.NONE
    if not provider.supports(source, target):
        return Offer.UNAVAILABLE
    return Offer.OFFERED


@dataclass
class Reading:
    """One text as a reader of another language reads it: what is offered, and the
    translation when the reader asked for it and the provider answered."""

    offer: Offer = Offer.NONE
    translation: str | None = None

    @property
    def is_offered(self) -> bool:
        return self.offer == Offer.OFFERED

    @property
    def is_unavailable(self) -> bool:
        return self.offer == Offer.UNAVAILABLE


def reading_for(text: str, source: str, target: str, *, requested: bool) -> Reading:
    """The `Reading` of `text` (written in `source`) for a reader of `target`, translated only
    when `requested` (the page's ?translate=<target>)."""
    if not (text or "").strip():
        return Reading()
    offer = offer_for(source, target)
    translated = translate(text, source, target) if requested and offer == Offer.OFFERED else None
    return Reading(offer=offer, translation=translated)


def translate(text: str, source: str, target: str) -> str | None:
    """`text` from `source` into `target`, or None when there is no provider, nothing to
    translate, or the provider failed (the page then shows the original only)."""
    provider = get_provider()
    if provider is None or not text.strip() or source == target:
        return None
    key = _cache_key(provider, text, source, target)
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        translated = provider.translate(text, source, target)
    except TranslationFailed as error:
        logger.warning("Machine translation failed (%s): %s", provider.name, error)
        return None
    cache.set(key, translated, CACHE_SECONDS)
    return translated
