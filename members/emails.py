"""E-mails to people, in their own language. Called from tasks, after the transaction commits."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_to_person(*, to: str, language: str, subject, template: str, context: dict) -> None:
    """Render the subject (a lazy translation) and the text template in `language`, and send."""
    available = dict(settings.LANGUAGES)
    with translation.override(language if language in available else settings.LANGUAGE_CODE):
        subject_text = " ".join(str(subject).split())
        body = render_to_string(template, context)
    EmailMessage(
        subject=subject_text, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    ).send()
