"""Care for panellists: the support contact each network names for its panellists."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from awards.enums import Action
from awards.models import SupportContact
from awards.queries.panels import can_chair
from awards.services.errors import AwardError
from members.models import User
from sanctuary.activity import log_action
from sanctuary.models import Network


@transaction.atomic
def save_support_contact(
    network: Network, *, actor: User, name: str, email: str = "", phone: str = "", note: str = ""
) -> SupportContact:
    """A coordinator names who panellists can turn to: a name, an e-mail or a phone number,
    and a short note. Shown on every panellist's pages of the network."""
    with scope(network=network):
        if not can_chair(actor, network):
            raise AwardError(_("Only the network's coordinators and staff name the contact."))
        if not name.strip():
            raise AwardError(_("Give the contact's name."), field="name")
        if not (email.strip() or phone.strip()):
            raise AwardError(_("Give an e-mail address or a phone number."), field="email")
        contact, created = SupportContact.objects.update_or_create(
            network=network,
            defaults={
                "name": name.strip(),
                "email": email.strip(),
                "phone": phone.strip(),
                "note": note.strip(),
                "updated_by": actor,
            },
        )
        log_action(
            contact,
            Action.SUPPORT_CONTACT_SAVED,
            actor=actor,
            network=network,
            data={"created": created},
        )
    return contact
