"""Machine translation of what people wrote, through a provider the deployment chooses.

A panellist or coordinator may read an applicant's text in their own language, clearly marked
as a machine translation beside the original. Nothing is sent anywhere unless the deployment
sets SANCTUARY_TRANSLATION_PROVIDER: "none" (the default) offers no translation at all;
"libretranslate" uses a self-hosted LibreTranslate (docker-compose.yml, profile "translate");
a dotted path names any class with the same `translate` method (the tests' fake provider).
Results are cached, keyed by a hash of the provider, the languages and the text.
"""

import hashlib
import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CACHE_SECONDS = 30 * 24 * 3600


class TranslationFailed(Exception):
    """The provider did not answer, or answered something that is not a translation."""


class Provider(Protocol):
    name: str

    def translate(self, text: str, source: str, target: str) -> str: ...


class LibreTranslate:
    """LibreTranslate's HTTP API: POST /translate with q, source, target and format."""

    name = "libretranslate"

    def __init__(self, url: str, api_key: str = "", timeout: float = 20.0) -> None:
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

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
