"""Certificate numbers and the rendering of award certificates."""

from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.certificates import (
    certificate_html,
    language_or_default,
    new_certificate_number,
    render_pdf,
)
from awards.enums import Action
from awards.models import Award
from awards.services.common import is_contact
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action

NUMBER_ATTEMPTS = 5


def assign_certificate_number(award: Award) -> str:
    """The award's certificate number: the one it has, or, for an award issued before
    certificates existed, a new one. A conditional UPDATE (only while it has none), so two
    workers racing can never give one award two numbers."""
    with scope(network=award.network_id):
        for _attempt in range(NUMBER_ATTEMPTS):
            if award.certificate_number:
                return award.certificate_number
            try:
                with transaction.atomic():
                    Award.objects.filter(pk=award.pk, certificate_number__isnull=True).update(
                        certificate_number=new_certificate_number()
                    )
            except IntegrityError:
                continue  # the number belongs to another award: draw again
            award.certificate_number = (
                Award.objects.filter(pk=award.pk).values_list("certificate_number", flat=True).get()
            )
    raise AwardError(_("No free certificate number was found. Please try again."))


def default_certificate_language(award: Award) -> str:
    """The lead contact's language: the person who will print and frame it."""
    return language_or_default(award.application.lead_contact.preferred_language)


def render_certificate(award: Award, *, actor: User | None, language: str | None = None) -> Award:
    """Render the award's certificate as a PDF and store it privately, in place of any earlier
    one. Safe to run again (a retried or repeated task): the number never changes.

    WeasyPrint runs outside any transaction; only storing the result takes the row lock."""
    number = assign_certificate_number(award)
    with scope(network=award.network_id):
        award = Award.objects.select_related(
            "organisation", "scheme", "network", "application__lead_contact"
        ).get(pk=award.pk)
        language = language_or_default(language or default_certificate_language(award))
        pdf = render_pdf(certificate_html(award, language))
        with transaction.atomic():
            locked = Award.objects.select_for_update().get(pk=award.pk)
            old_name = locked.certificate_file.name
            locked.certificate_file.save(f"{number}.pdf", ContentFile(pdf), save=False)
            locked.certificate_language = language
            locked.certificate_rendered_at = timezone.now()
            locked.save(
                update_fields=[
                    "certificate_file",
                    "certificate_language",
                    "certificate_rendered_at",
                ]
            )
            log_action(
                locked,
                Action.CERTIFICATE_RENDERED,
                actor=actor,
                network=award.network,
                data={"certificate_number": number, "language": language},
            )
            if old_name:
                storage = locked.certificate_file.storage
                transaction.on_commit(partial(storage.delete, old_name))
    return locked


def request_certificate(award: Award, *, actor: User, language: str) -> None:
    """A contact of the organisation, or staff, asks for the certificate again (in another
    language, say). A worker renders it after commit, with the same number."""
    if not (actor.is_staff or is_contact(actor, award.organisation)):
        raise AwardError(_("Only the organisation's contacts and staff ask for its certificate."))
    if language not in dict(settings.LANGUAGES):
        raise AwardError(_("Choose one of the platform's languages."))
    from awards.tasks import task_render_certificate  # tasks import this module

    transaction.on_commit(
        partial(
            task_render_certificate.delay,
            award_id=award.pk,
            language=language,
            actor_id=actor.pk,
        )
    )
