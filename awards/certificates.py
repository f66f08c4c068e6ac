"""Award certificates: the number, the page the PDF is made from, the verification address
and the badge. The services (awards/services/certificates.py) store what these make.

WeasyPrint is slow to import, so it is imported inside render_pdf() only (STYLE.md rule 3).

What every render would otherwise build again is made once per thread of a worker process
(weasyprint_setup()): WeasyPrint's FontConfiguration, which loads the system's fonts (a
fresh one per render cost about three quarters of a render, and its font maps were what
made a worker's memory grow with every certificate), and the parsed stylesheet. Both are
bounded: the fonts installed, and one stylesheet.
"""

import functools
import secrets
import ssl
import threading

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from awards.models import Award

# No 0/O, 1/I/L or U: a number read aloud over the phone or typed from paper stays itself.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CSS = settings.BASE_DIR / "templates" / "awards" / "certificate.css"


def new_certificate_number() -> str:
    """A random number such as COS-7K3M-Q9TX. Random, so the public addresses cannot be
    counted through; the database's unique constraint settles the rare collision."""
    body = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"COS-{body[:4]}-{body[4:]}"


def normalise_number(text: str) -> str:
    """What someone typed or scanned, as it is stored: upper case, no spaces."""
    return "".join(text.split()).upper()


def verification_url(number: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("awards:verify", args=[number])


def short_address(number: str) -> str:
    """The verification address without its scheme, short enough to type from paper."""
    return verification_url(number).split("://", 1)[-1]


@functools.lru_cache(maxsize=64)
def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI. A URL never fits a Micro QR code, so segno
    is told not to try one first (a third of the time); the same certificate rendered
    again (in another language) reuses its code."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def language_or_default(language: str | None) -> str:
    available = dict(settings.LANGUAGES)
    return language if language in available else settings.LANGUAGE_CODE


def certificate_html(award: Award, language: str) -> str:
    """The certificate as HTML, in `language`. Expects the award's organisation, scheme and
    network loaded, and its certificate number assigned."""
    number = award.certificate_number
    if number is None:
        raise ValueError("Assign the award's certificate number before rendering it.")
    url = verification_url(number)
    with translation.override(language):
        return render_to_string(
            "awards/certificate.html",
            {
                "award": award,
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "verification_url": url,
                "short_address": short_address(number),
                "qr": qr_data_uri(url),
            },
        )


@functools.cache
def _no_tls() -> ssl.SSLContext:
    # The fetcher below never opens HTTPS; a bare context spares reading the system's
    # certificate store (a tenth of a second) on every render.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def data_only_fetcher():
    """WeasyPrint's fetcher, allowed data: URIs only (the QR code): the certificate loads
    nothing from the network or the disk, whatever an organisation's name says."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, ssl_context=_no_tls())


_per_thread = threading.local()


def weasyprint_setup():
    """(FontConfiguration, parsed certificate stylesheet), made once per thread: WeasyPrint's
    font configuration is not for sharing between threads, and is costly to make."""
    setup = getattr(_per_thread, "weasyprint", None)
    if setup is None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(
            filename=str(CERTIFICATE_CSS), url_fetcher=data_only_fetcher(), font_config=font_config
        )
        setup = _per_thread.weasyprint = (font_config, stylesheet)
    return setup


def certificate_stylesheet():
    """Parsed once per thread (weasyprint_setup())."""
    return weasyprint_setup()[1]


def render_pdf(html: str) -> bytes:
    """A4 landscape, tagged PDF/UA: headings, reading order, language and title for people
    who read with a screen reader. Fonts come from the system (fonts-noto-core)."""
    import weasyprint

    font_config, stylesheet = weasyprint_setup()
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=data_only_fetcher()
    )
    return document.write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1"
    )
