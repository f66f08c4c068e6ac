"""Importing signatures of the charter and endorsements of the Birmingham Declaration (see
members/services/estate.py for how a run works)."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.enums import Action, DocumentSlug, PartyKind
from members.models import DocumentVersion, Organisation, Signature, User
from members.services.charter import party_name_key
from members.services.estate import (
    BATCH,
    Row,
    RowRefused,
    apply_rows,
    changes_of,
    clean_date,
    clean_email,
    key,
    register_importer,
)
from members.services.signature_lists import refresh_latest_signatures
from members.tabular import ImportField, ImportReport, parse_yes_no
from sanctuary.activity import log_actions_in_bulk
from sanctuary.enums import NetworkKind
from sanctuary.models import Network

# Signatures of the charter and endorsements of the declaration -----------------------------

DOCUMENT_WORDS = {
    "charter": DocumentSlug.CHARTER,
    "city of sanctuary charter": DocumentSlug.CHARTER,
    "pledge": DocumentSlug.CHARTER,
    "siarter": DocumentSlug.CHARTER,
    "declaration": DocumentSlug.DECLARATION,
    "birmingham declaration": DocumentSlug.DECLARATION,
    "the birmingham declaration": DocumentSlug.DECLARATION,
    "endorsement": DocumentSlug.DECLARATION,
}
PARTY_WORDS = {
    "": None,
    "individual": PartyKind.INDIVIDUAL,
    "myself": PartyKind.INDIVIDUAL,
    "self": PartyKind.INDIVIDUAL,
    "personal": PartyKind.INDIVIDUAL,
    "person": PartyKind.INDIVIDUAL,
    "organisation": PartyKind.ORGANISATION,
    "organization": PartyKind.ORGANISATION,
    "an organisation": PartyKind.ORGANISATION,
    "school": PartyKind.ORGANISATION,
    "business": PartyKind.ORGANISATION,
    "group": PartyKind.GROUP,
    "local group": PartyKind.GROUP,
}


class SignatureImporter:
    kind = "signatures"
    label = gettext_lazy("Charter pledges and declaration endorsements")

    def fields(self) -> list[ImportField]:
        return [
            ImportField("name", _("Name"), True, ("full name", "signatory", "name", "signed by")),
            ImportField("email", _("E-mail"), False, ("email", "e-mail", "email address")),
            ImportField(
                "party", _("On whose behalf"), False, ("on behalf of", "signing as", "signed as")
            ),
            ImportField(
                "party_name",
                _("Organisation or group"),
                False,
                ("organisation", "organisation name", "organization", "group", "on behalf of name"),
            ),
            ImportField("role_title", _("Role there"), False, ("role", "job title", "position")),
            ImportField(
                "signed_on",
                _("Date"),
                True,
                ("date", "signed", "date signed", "signed on", "endorsed on"),
            ),
            ImportField(
                "listed",
                _("Listed publicly"),
                False,
                ("listed", "public", "show publicly", "display"),
            ),
            ImportField(
                "document", _("Document"), False, ("document", "charter or declaration", "signed")
            ),
            ImportField(
                "network", _("Local group nearby"), False, ("local group", "nearest group", "city")
            ),
        ]

    def apply(
        self, rows: list[Row], report: ImportReport, *, actor: User | None, options: dict[str, str]
    ) -> None:
        default_document = options.get("document") or DocumentSlug.CHARTER
        versions: dict[str, list[DocumentVersion]] = {}
        for version in DocumentVersion.objects.defer("body", "translations").order_by("number"):
            versions.setdefault(version.document, []).append(version)
        organisations = {
            key(o.name): o for o in Organisation.objects.only("pk", "name", "local_group_id")
        }
        groups = list(Network.objects.filter(kind=NetworkKind.LOCAL_GROUP))
        groups_by = {**{key(g.name): g for g in groups}, **{g.slug: g for g in groups}}
        users = dict(User.objects.values_list("email", "pk"))
        existing = {
            (s.version_id, s.email, s.party_key): s
            for s in Signature.objects.filter(version__document__in=sorted(SIGNABLE))
        }
        seen: dict[tuple[int, str, str], int] = {}
        creates: list[Signature] = []
        updates: list[tuple[Signature, dict[str, Any]]] = []

        def check(number: int, values: dict[str, str]) -> None:
            name = " ".join(values.get("name", "").split())[:200]
            if not name:
                raise RowRefused(_("The signatory's name is empty."))
            email = clean_email(values.get("email", ""))
            signed_on = clean_date(values.get("signed_on", ""), _("Date"))
            if signed_on > timezone.localdate():
                raise RowRefused(_("The date %(date)s is in the future.") % {"date": signed_on})
            document_text = values.get("document", "")
            document = DOCUMENT_WORDS.get(key(document_text)) if document_text else default_document
            if document is None:
                raise RowRefused(
                    _("“%(value)s” is neither the charter nor the Birmingham Declaration.")
                    % {"value": document_text}
                )
            chain = versions.get(str(document))
            if not chain:
                raise RowRefused(
                    _("No version of %(document)s is loaded yet: import its text first.")
                    % {"document": DocumentSlug(document).label}
                )
            version = chain[0]
            for candidate in chain:
                started = candidate.current_since or candidate.published_on
                if started is not None and started <= signed_on:
                    version = candidate
            party_text = key(values.get("party", ""))
            if party_text not in PARTY_WORDS:
                raise RowRefused(
                    _(
                        "“%(value)s” is not someone to sign for: write individual, "
                        "organisation or group."
                    )
                    % {"value": values["party"]}
                )
            party_name = " ".join(values.get("party_name", "").split())[:200]
            party = PARTY_WORDS[party_text] or (
                PartyKind.ORGANISATION if party_name else PartyKind.INDIVIDUAL
            )
            network_text = values.get("network", "")
            network = groups_by.get(key(network_text)) or groups_by.get(slugify(network_text))
            if network_text and network is None:
                raise RowRefused(
                    _("There is no local group “%(group)s”: import the groups first.")
                    % {"group": network_text}
                )
            organisation = group = None
            if party == PartyKind.INDIVIDUAL:
                party_name = ""
                party_key = "individual" if email else f"individual-name:{party_name_key(name)}"
            elif not party_name:
                raise RowRefused(
                    _("The row signs on behalf of someone but gives no name for them.")
                )
            elif party == PartyKind.ORGANISATION:
                organisation = organisations.get(key(party_name))
                if organisation is not None:
                    party_name = organisation.name
                    party_key = f"organisation:{organisation.pk}"
                else:
                    party_key = f"organisation-name:{party_name_key(party_name)}"
            else:
                group = groups_by.get(key(party_name))
                party_key = (
                    f"group:{group.pk}" if group else f"group-name:{party_name_key(party_name)}"
                )
                network = network or group
            try:
                listed = parse_yes_no(values.get("listed", ""))
            except ValueError:
                raise RowRefused(
                    _("“%(value)s” in “Listed publicly” is neither yes nor no.")
                    % {"value": values["listed"]}
                ) from None
            natural = (version.pk, email, party_key)
            if natural in seen:
                raise RowRefused(
                    _("This signature is also in row %(row)s of the file.") % {"row": seen[natural]}
                )
            seen[natural] = number
            at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
            found = existing.get(natural)
            if found is not None:
                changes = changes_of(
                    found, {"name": name, "role_title": values.get("role_title", "")[:120]}
                )
                if found.listed_publicly != listed and values.get("listed", ""):
                    changes["listed_publicly"] = {"old": found.listed_publicly, "new": listed}
                if changes:
                    updates.append((found, changes))
                    report.updated += 1
                else:
                    report.unchanged += 1
                return
            creates.append(
                Signature(
                    version=version,
                    party_kind=party,
                    party_key=party_key,
                    name=name,
                    email=email,
                    user_id=users.get(email) if email else None,
                    organisation=organisation,
                    group=group,
                    party_name=party_name,
                    role_title=values.get("role_title", "")[:120]
                    if party != PartyKind.INDIVIDUAL
                    else "",
                    network=network or (organisation.local_group if organisation else None),
                    listed_publicly=listed,
                    signed_at=at,
                    confirmed_at=at,
                )
            )
            report.created += 1
            if len(report.examples) < 5:
                report.examples.append(party_name or name)

        apply_rows(rows, report, check)
        if not report.ok:
            return
        Signature.objects.bulk_create(creates, batch_size=BATCH)
        for signature, changes in updates:
            for name, change in changes.items():
                setattr(signature, name, change["new"])
            signature.save(update_fields=sorted(changes))
        log_actions_in_bulk(
            Signature,
            Action.SIGNATURE_SIGNED,
            [
                (
                    s.pk,
                    None,
                    {
                        "document": s.version.document,
                        "number": s.version.number,
                        "party_kind": str(s.party_kind),
                        "listed_publicly": s.listed_publicly,
                        "imported": True,
                    },
                )
                for s in creates
            ],
            actor=actor,
        )
        log_actions_in_bulk(
            Signature,
            Action.SIGNATURE_UPDATED,
            [(s.pk, None, {**c, "imported": True}) for s, c in updates],
            actor=actor,
        )
        # Imported signatures are confirmed: some become their party's latest, and a
        # change of "listed" changes the public counts.
        touched = [*creates, *(signature for signature, _changes in updates)]
        for document in sorted({signature.version.document for signature in touched}):
            refresh_latest_signatures(
                document,
                emails={s.email for s in touched if s.version.document == document},
            )


SIGNABLE = {DocumentSlug.CHARTER, DocumentSlug.DECLARATION}


register_importer(SignatureImporter())
