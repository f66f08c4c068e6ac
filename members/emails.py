"""E-mails to people, in their own language. Called from tasks, after the transaction commits.

Mail cannot block (DESIGN.md rule 10). Every failure to send is one of three kinds:

- *refused*: the server or the provider refused this address for good (an SMTP 5xx for the
  recipient, an invalid address, an anymail "rejected" or "invalid" status). The address is
  recorded as undeliverable (members.services.mail) and never tried again;
- *deferred*: a temporary refusal of this recipient (an SMTP 4xx). Only this e-mail waits;
  the others go on, and the task retries it later, with backoff, up to a limit;
- *server*: the mail server or provider cannot be reached at all. Nobody can be sent to, so
  the task stops and retries with backoff; what was sent stays marked sent.
"""

import datetime
import enum
import logging
import smtplib

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from members.enums import UndeliverableReason
from members.models import MailDelivery
from members.services.mail import is_undeliverable, normalise_address, record_undeliverable

logger = logging.getLogger(__name__)


class MailDeferred(Exception):
    """Some recipients were refused for now: the task retries them (and only them) later."""


# The mail server or provider is out of reach, or a recipient is deferred: worth another
# try, later, with backoff (the tasks' autoretry_for).
TRANSIENT_MAIL_ERRORS = (
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
    AnymailAPIError,
    MailDeferred,
)


class Failure(enum.Enum):
    REFUSED = "refused"
    DEFERRED = "deferred"
    SERVER = "server"


class Outcome(enum.Enum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"  # by an earlier run of the task, or another worker now
    UNDELIVERABLE = "undeliverable"  # recorded before: not tried
    REFUSED = "refused"  # refused now, for good: recorded
    DEFERRED = "deferred"  # refused for now: the task retries it
    GAVE_UP = "gave_up"  # deferred too many times


def classify_failure(error: BaseException) -> Failure | None:
    """What a failed send means for this recipient; None for an error that is not mail's
    (a bug, a time limit): the caller releases its claim and lets it rise."""
    if isinstance(error, AnymailRecipientsRefused | AnymailInvalidAddress):
        return Failure.REFUSED
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return Failure.REFUSED if codes and min(codes) >= 500 else Failure.DEFERRED
    if isinstance(error, smtplib.SMTPDataError):
        # Refused after the message was read: about this message and recipient.
        return Failure.REFUSED if error.smtp_code >= 500 else Failure.DEFERRED
    if isinstance(error, (*TRANSIENT_MAIL_ERRORS, OSError)):
        return Failure.SERVER
    if isinstance(error, ValueError):
        return Failure.REFUSED  # Django refuses an address it cannot put in a header
    return None


def failure_detail(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
            for code, message in error.recipients.values()
        )
    else:
        detail = f"{type(error).__name__}: {error}"
    return " ".join(detail.split())[:500]


def refusal_reason(error: BaseException) -> UndeliverableReason:
    if isinstance(error, AnymailInvalidAddress | ValueError):
        return UndeliverableReason.INVALID
    return UndeliverableReason.REFUSED


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_language(language: str) -> str:
    """The language an e-mail goes in: the person's own, if the platform has it."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# A file sent with an e-mail: its name, its content and its MIME type.
Attachment = tuple[str, str | bytes, str]


def send_to_person(
    *,
    to: str,
    language: str,
    subject,
    template: str,
    context: dict,
    attachments: list[Attachment] | None = None,
) -> None:
    """Render the subject (a lazy translation) and the text template in `language`, and send,
    with `attachments` if any. Raises what the mail backend raises; deliver() is the caller
    that sorts it out."""
    with translation.override(mail_language(language)):
        subject_text = " ".join(str(subject).split())
        body = render_to_string(template, context)
    message = EmailMessage(
        subject=subject_text, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    message.send()


def _takeable() -> Q:
    stale = timezone.now() - datetime.timedelta(seconds=settings.SANCTUARY_REMINDER_RETRY_SECONDS)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)


def already_delivered(key: str, to: str) -> bool:
    """Whether this notification's e-mail to this address is done (sent or given up)."""
    return (
        MailDelivery.objects.filter(key=key, email=normalise_address(to))
        .filter(Q(sent_at__isnull=False) | Q(given_up_at__isnull=False))
        .exists()
    )


def deliver(
    *,
    key: str,
    to: str,
    language: str,
    subject,
    template: str,
    context: dict,
    attachments: list[Attachment] | None = None,
) -> Outcome:
    """Send one e-mail of the notification `key` to one address, at most once, with
    `attachments` (filename, content, MIME type) if any.

    The (key, address) row is claimed before sending, so a task retried after sending to
    some recipients skips them. A refusal for good records the address; a deferral releases
    the claim for the retry, until SANCTUARY_MAIL_MAX_ATTEMPTS; a server failure releases
    the claim and rises, so the task retries with backoff.
    """
    address = normalise_address(to)
    if is_undeliverable(address):
        return Outcome.UNDELIVERABLE
    MailDelivery.objects.bulk_create([MailDelivery(key=key, email=address)], ignore_conflicts=True)
    rows = MailDelivery.objects.filter(
        key=key, email=address, sent_at__isnull=True, given_up_at__isnull=True
    )
    taken = rows.filter(_takeable()).update(claimed_at=timezone.now(), attempts=F("attempts") + 1)
    if not taken:
        return Outcome.ALREADY_SENT
    try:
        send_to_person(
            to=to,
            language=language,
            subject=subject,
            template=template,
            context=context,
            attachments=attachments,
        )
    except BaseException as error:
        failure = classify_failure(error)
        detail = failure_detail(error)
        if failure is Failure.REFUSED:
            rows.update(given_up_at=timezone.now(), failure=detail)
            record_undeliverable(address, reason=refusal_reason(error), detail=detail)
            logger.info("Mail for %s refused for good: %s", key, detail)
            return Outcome.REFUSED
        if failure is Failure.DEFERRED:
            attempts = rows.values_list("attempts", flat=True).first() or 0
            if attempts >= settings.SANCTUARY_MAIL_MAX_ATTEMPTS:
                rows.update(given_up_at=timezone.now(), failure=detail)
                logger.warning("Gave up on mail for %s after %s tries: %s", key, attempts, detail)
                return Outcome.GAVE_UP
            rows.update(claimed_at=None, failure=detail)
            return Outcome.DEFERRED
        rows.update(claimed_at=None, failure=detail)
        raise
    rows.update(sent_at=timezone.now(), failure="")
    return Outcome.SENT


def retry_deferred(outcomes: list[Outcome]) -> int:
    """After every recipient had their turn: raise MailDeferred for the task to retry the
    deferred ones. Returns how many were sent now."""
    deferred = sum(1 for outcome in outcomes if outcome is Outcome.DEFERRED)
    if deferred:
        raise MailDeferred(f"{deferred} recipient(s) deferred; retrying later")
    return sum(1 for outcome in outcomes if outcome is Outcome.SENT)
