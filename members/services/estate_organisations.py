"""Importing local groups, and organisations with their contacts (see members/services/estate.py
for how a run works)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.enums import Action, OrganisationKind
from members.models import Organisation, OrganisationContact, User
from members.places import resolve
from members.queries import ORGANISATIONS
from members.services.estate import (
    BATCH,
    Row,
    RowRefused,
    apply_rows,
    changes_of,
    clean_email,
    clean_nation,
    clean_url,
    fallback_slug,
    key,
    model_has,
    register_importer,
    unique_slug,
)
from members.services.organisations import names_changed
from members.tabular import ImportField, ImportReport
from sanctuary.activity import log_actions_in_bulk
from sanctuary.caching import invalidate
from sanctuary.enums import Action as CoreAction
from sanctuary.enums import AreaType, NetworkKind
from sanctuary.models import RESERVED_SLUGS, Network

# Local groups -------------------------------------------------------------------------------

AREA_WORDS = {
    "city": AreaType.CITY,
    "town": AreaType.TOWN,
    "village": AreaType.VILLAGE,
    "region": AreaType.REGION,
    "county": AreaType.REGION,
    "nation": AreaType.NATION,
    "dinas": AreaType.CITY,
    "tref": AreaType.TOWN,
}


class GroupImporter:
    kind = "groups"
    label = gettext_lazy("Local groups")

    def fields(self) -> list[ImportField]:
        return [
            ImportField(
                "name", _("Name of the group"), True, ("group", "group name", "network", "name")
            ),
            ImportField("slug", _("Web address"), False, ("slug", "url slug", "web address")),
            ImportField("area_type", _("Type of area"), False, ("area type", "type", "covers")),
            ImportField("place_name", _("Town or city"), False, ("town", "city", "place", "area")),
            ImportField("nation", _("Nation"), False, ("country", "nation")),
            ImportField("region", _("Region"), False, ("region", "county")),
            ImportField("website", _("Website"), False, ("website", "web site", "url")),
            ImportField(
                "contact_email",
                _("Public contact e-mail"),
                False,
                ("email", "e-mail", "contact email", "email address"),
            ),
            ImportField("summary", _("Summary"), False, ("summary", "about", "description")),
        ]

    def apply(
        self, rows: list[Row], report: ImportReport, *, actor: User | None, options: dict[str, str]
    ) -> None:
        existing = list(Network.objects.filter(kind=NetworkKind.LOCAL_GROUP))
        by_slug = {n.slug: n for n in existing}
        by_name = {key(n.name): n for n in existing}
        taken = set(Network.objects.values_list("slug", flat=True))
        seen: dict[str, int] = {}
        creates: list[Network] = []
        updates: dict[int, tuple[Network, dict[str, Any]]] = {}

        def check(number: int, values: dict[str, str]) -> None:
            name = " ".join(values.get("name", "").split())[:200]
            if not name:
                raise RowRefused(_("The group's name is empty."))
            slug = slugify(values.get("slug", ""))[:60]
            if slug in RESERVED_SLUGS:
                raise RowRefused(_("“%(slug)s” is used by the platform itself.") % {"slug": slug})
            group = by_slug.get(slug) if slug else by_name.get(key(name))
            ident = slug or key(name)
            if ident in seen:
                raise RowRefused(
                    _("This group is also in row %(row)s of the file.") % {"row": seen[ident]}
                )
            seen[ident] = number
            area_text = key(values.get("area_type", ""))
            area = AREA_WORDS.get(area_text)
            if area_text and area is None:
                raise RowRefused(
                    _(
                        "“%(value)s” is not a type of area: write city, town, village, region "
                        "or nation."
                    )
                    % {"value": values["area_type"]}
                )
            place_name = values.get("place_name", "")[:100]
            place = resolve(place_name) if place_name else None
            fields: dict[str, Any] = {
                "name": name,
                "nation": clean_nation(values.get("nation", "")),
                "region": values.get("region", "")[:100],
                "website": clean_url(values.get("website", "")),
                "contact_email": clean_email(values.get("contact_email", "")),
                "summary": values.get("summary", "")[:300],
                "place_name": place_name,
                "area_type": str(area) if area else "",
            }
            if place is not None:
                fields["latitude"], fields["longitude"] = place.latitude, place.longitude
                fields["nation"] = fields["nation"] or place.nation
            if group is None:
                words = key(name).split()
                guessed = next((AREA_WORDS[w] for w in words if w in AREA_WORDS), AreaType.TOWN)
                fields["area_type"] = fields["area_type"] or str(guessed)
                fields["slug"] = slug or unique_slug(name, taken, 60, fallback_slug("group", name))
                taken.add(fields["slug"])
                creates.append(Network(kind=NetworkKind.LOCAL_GROUP, **fields))
                report.created += 1
                if len(report.examples) < 5:
                    report.examples.append(name)
            else:
                changes = changes_of(group, fields)
                if changes:
                    updates[group.pk] = (group, {f: fields[f] for f in changes})
                    report.updated += 1
                else:
                    report.unchanged += 1

        apply_rows(rows, report, check)
        if not report.ok:
            return
        created = Network.objects.bulk_create(creates, batch_size=BATCH)
        for group, values in updates.values():
            for name, value in values.items():
                setattr(group, name, value)
        changed = [g for g, _ in updates.values()]
        if changed:
            names = sorted({f for _, values in updates.values() for f in values})
            Network.objects.bulk_update(changed, names, batch_size=BATCH)
        log_actions_in_bulk(
            Network,
            CoreAction.NETWORK_CREATED,
            [(n.pk, n.pk, {"imported": True, "slug": n.slug}) for n in created],
            actor=actor,
        )
        log_actions_in_bulk(
            Network,
            CoreAction.NETWORK_PROFILE_CHANGED,
            [(g.pk, g.pk, {"imported": True, "fields": sorted(v)}) for g, v in updates.values()],
            actor=actor,
        )


# Organisations with their contacts ----------------------------------------------------------

KIND_WORDS: dict[str, OrganisationKind] = {
    **{key(str(k.label)): k for k in OrganisationKind},
    **{key(k.value): k for k in OrganisationKind},
    "primary school": OrganisationKind.SCHOOL,
    "secondary school": OrganisationKind.SCHOOL,
    "academy": OrganisationKind.SCHOOL,
    "nursery": OrganisationKind.SCHOOL,
    "ysgol": OrganisationKind.SCHOOL,
    "council": OrganisationKind.LOCAL_AUTHORITY,
    "local authority": OrganisationKind.LOCAL_AUTHORITY,
    "college": OrganisationKind.FE_COLLEGE,
    "fe college": OrganisationKind.FE_COLLEGE,
    "nhs": OrganisationKind.HEALTH,
    "hospital": OrganisationKind.HEALTH,
    "gp surgery": OrganisationKind.HEALTH,
    "church": OrganisationKind.FAITH,
    "mosque": OrganisationKind.FAITH,
    "theatre": OrganisationKind.ARTS,
    "museum": OrganisationKind.ARTS,
    "charity": OrganisationKind.VOLUNTARY,
}
NAME_HINTS = (
    ("university", OrganisationKind.UNIVERSITY),
    ("prifysgol", OrganisationKind.UNIVERSITY),
    ("college", OrganisationKind.FE_COLLEGE),
    ("school", OrganisationKind.SCHOOL),
    ("academy", OrganisationKind.SCHOOL),
    ("ysgol", OrganisationKind.SCHOOL),
    ("council", OrganisationKind.LOCAL_AUTHORITY),
    ("cyngor", OrganisationKind.LOCAL_AUTHORITY),
    ("library", OrganisationKind.LIBRARY),
    ("llyfrgell", OrganisationKind.LIBRARY),
    ("theatre", OrganisationKind.ARTS),
    ("maternity", OrganisationKind.MATERNITY),
)


def guess_kind(text: str, name: str) -> str:
    if text and (found := KIND_WORDS.get(key(text))):
        return str(found)
    words = key(name)
    for hint, kind in NAME_HINTS:
        if hint in words.split():
            return str(kind)
    return str(OrganisationKind.OTHER)


@dataclass
class _OrgPlan:
    organisation: Organisation
    is_new: bool
    changes: dict[str, Any] = field(default_factory=dict)


class OrganisationImporter:
    kind = "organisations"
    label = gettext_lazy("Organisations with their contacts")

    # The table of importable fields: (field, label, required, headers that mean it, the
    # model field it fills or ""). A column is offered only when the model has its field, so
    # a new Organisation field (postcode, address) is one line here.
    TABLE: Sequence[tuple[str, Any, bool, tuple[str, ...], str]] = (
        (
            "name",
            gettext_lazy("Name"),
            True,
            (
                "organisation",
                "organisation name",
                "organization",
                "school",
                "school name",
                "establishment name",
                "account name",
            ),
            "name",
        ),
        (
            "official_number",
            gettext_lazy("Official number (URN or charity number)"),
            False,
            ("urn", "charity number", "registered charity number", "ukprn", "official number"),
            "official_number",
        ),
        (
            "slug",
            gettext_lazy("Web address"),
            False,
            ("slug", "web address", "platform slug"),
            "slug",
        ),
        (
            "kind",
            gettext_lazy("Kind of organisation"),
            False,
            ("type", "category", "sector", "organisation type", "establishment type"),
            "",
        ),
        (
            "address",
            gettext_lazy("Address"),
            False,
            ("address", "street", "address line 1"),
            "address",
        ),
        ("postcode", gettext_lazy("Postcode"), False, ("postcode", "post code", "zip"), "postcode"),
        (
            "town",
            gettext_lazy("Town or city"),
            False,
            ("town", "city", "locality", "billing city", "address city"),
            "town",
        ),
        ("nation", gettext_lazy("Nation"), False, ("country", "nation"), ""),
        ("website", gettext_lazy("Website"), False, ("website", "web site", "url", "homepage"), ""),
        (
            "local_group",
            gettext_lazy("Local group"),
            False,
            ("group", "local group", "city of sanctuary group", "network"),
            "",
        ),
        (
            "contact_name",
            gettext_lazy("Contact's name"),
            False,
            ("contact", "contact name", "main contact", "full name", "first name last name"),
            "",
        ),
        (
            "contact_email",
            gettext_lazy("Contact's e-mail"),
            False,
            ("email", "e-mail", "email address", "contact email", "contact e-mail"),
            "",
        ),
        (
            "contact_role",
            gettext_lazy("Contact's role"),
            False,
            ("role", "job title", "position", "contact role"),
            "",
        ),
    )

    def fields(self) -> list[ImportField]:
        return [
            ImportField(name, str(label), required, synonyms)
            for name, label, required, synonyms, target in self.TABLE
            if not target or model_has(Organisation, target)
        ]

    def apply(
        self, rows: list[Row], report: ImportReport, *, actor: User | None, options: dict[str, str]
    ) -> None:
        targets = {
            name: target
            for name, _label, _r, _s, target in self.TABLE
            if target and target not in {"slug"} and model_has(Organisation, target)
        }
        has_number = "official_number" in targets
        existing = list(Organisation.objects.all())
        by_slug = {o.slug: o for o in existing}
        by_number = (
            {
                str(getattr(o, "official_number", "")): o
                for o in existing
                if getattr(o, "official_number", "")
            }
            if has_number
            else {}
        )
        by_name_town = {(key(o.name), key(o.town)): o for o in existing}
        names_taken = {key(o.name) for o in existing}
        taken = set(by_slug)
        groups = {n.slug: n for n in Network.objects.filter(kind=NetworkKind.LOCAL_GROUP)}
        groups_by_name = {key(n.name): n for n in groups.values()}
        users = {u.email: u for u in User.objects.only("pk", "email", "full_name")}
        contacts = set(OrganisationContact.objects.values_list("organisation_id", "user_id"))
        with_contacts = {org_id for org_id, _u in contacts}
        plans: dict[str, _OrgPlan] = {}
        seen_rows: dict[tuple[str, str], int] = {}
        email_names: dict[str, tuple[str, int]] = {}
        new_users: dict[str, User] = {}
        new_contacts: list[tuple[str, str, str]] = []  # (plan key, email, role)
        unusable = make_password(None)

        def check(number: int, values: dict[str, str]) -> None:
            name = " ".join(values.get("name", "").split())[:200]
            if not name:
                raise RowRefused(_("The organisation's name is empty."))
            town = values.get("town", "")[:100]
            official = values.get("official_number", "").strip() if has_number else ""
            slug = slugify(values.get("slug", ""))[:80]
            organisation = (
                (by_number.get(official) if official else None)
                or (by_slug.get(slug) if slug else None)
                or by_name_town.get((key(name), key(town)))
            )
            ident = (
                f"org:{organisation.pk}"
                if organisation
                else f"new:{official or slug or key(name) + '|' + key(town)}"
            )
            email = clean_email(values.get("contact_email", ""))
            contact_name = " ".join(values.get("contact_name", "").split())[:200]
            if (ident, email) in seen_rows:
                raise RowRefused(
                    _("This organisation (and contact) is also in row %(row)s of the file.")
                    % {"row": seen_rows[ident, email]}
                )
            seen_rows[ident, email] = number
            group_text = values.get("local_group", "")
            group = None
            if group_text:
                group = groups.get(slugify(group_text)) or groups_by_name.get(key(group_text))
                if group is None:
                    raise RowRefused(
                        _("There is no local group “%(group)s”: import the groups first.")
                        % {"group": group_text}
                    )
            fields: dict[str, Any] = {
                "name": name,
                "town": town,
                "nation": clean_nation(values.get("nation", "")),
                "website": clean_url(values.get("website", "")),
                "local_group": group,
            }
            for column, target in targets.items():
                if column not in {"name", "town"}:
                    fields[target] = values.get(column, "").strip()
            if email:
                previous = email_names.get(email)
                if (
                    previous
                    and contact_name
                    and previous[0]
                    and key(previous[0]) != key(contact_name)
                ):
                    raise RowRefused(
                        _(
                            "The e-mail address %(email)s is given for %(other)s in row %(row)s: "
                            "one address belongs to one person."
                        )
                        % {"email": email, "other": previous[0], "row": previous[1]}
                    )
                user = users.get(email)
                if (
                    user is not None
                    and contact_name
                    and user.full_name
                    and key(user.full_name) != key(contact_name)
                ):
                    raise RowRefused(
                        _(
                            "The e-mail address %(email)s already belongs to someone else on "
                            "the platform (%(name)s), not to %(contact)s."
                        )
                        % {"email": email, "name": user.full_name, "contact": contact_name}
                    )
                email_names.setdefault(email, (contact_name, number))
            elif contact_name:
                raise RowRefused(
                    _("%(name)s has no e-mail address: a contact needs one to sign in.")
                    % {"name": contact_name}
                )
            plan = plans.get(ident)
            if plan is None:
                if organisation is None:
                    kind = guess_kind(values.get("kind", ""), name)
                    # A second "St Mary's Primary" takes its town into its web address.
                    base = f"{name} {town}" if key(name) in names_taken else name
                    new_slug = slug or unique_slug(
                        base, taken, 80, fallback_slug("organisation", name + town)
                    )
                    taken.add(new_slug)
                    names_taken.add(key(name))
                    organisation = Organisation(slug=new_slug, kind=kind, **fields)
                    plan = plans[ident] = _OrgPlan(organisation, is_new=True)
                    if len(report.examples) < 5:
                        report.examples.append(name)
                    outcome = "created"
                else:
                    plan = plans[ident] = _OrgPlan(organisation, is_new=False)
                    if values.get("kind"):
                        fields["kind"] = guess_kind(values["kind"], name)
                    plan.changes = changes_of(
                        organisation, {k: v for k, v in fields.items() if k != "local_group"}
                    )
                    for changed_name in plan.changes:
                        setattr(organisation, changed_name, fields[changed_name])
                    if group is not None and organisation.local_group_id != group.pk:
                        plan.changes["local_group"] = {
                            "old": str(organisation.local_group_id),
                            "new": str(group.pk),
                        }
                        organisation.local_group = group
                    outcome = "updated" if plan.changes else "unchanged"
            else:
                organisation = plan.organisation
                outcome = "created" if plan.is_new else "unchanged"
            if email:
                user = users.get(email) or new_users.get(email)
                if user is None:
                    user = User(email=email, full_name=contact_name, password=unusable)
                    new_users[email] = user
                if plan.is_new or user.pk is None or (organisation.pk, user.pk) not in contacts:
                    new_contacts.append((ident, email, values.get("contact_role", "")[:120]))
                    if outcome == "unchanged":
                        outcome = "updated"
            if outcome == "created":
                report.created += 1
            elif outcome == "updated":
                report.updated += 1
            else:
                report.unchanged += 1

        apply_rows(rows, report, check)
        if not report.ok:
            return
        fresh = [p.organisation for p in plans.values() if p.is_new]
        Organisation.objects.bulk_create(fresh, batch_size=BATCH)
        changed = [p for p in plans.values() if not p.is_new and p.changes]
        if changed:
            names = sorted({f for p in changed for f in p.changes})
            Organisation.objects.bulk_update(
                [p.organisation for p in changed], names, batch_size=BATCH
            )
            invalidate(ORGANISATIONS)  # a bulk update sends no signal
            names_changed([p.organisation for p in changed if "name" in p.changes])
        User.objects.bulk_create(list(new_users.values()), batch_size=BATCH)
        users.update({u.email: u for u in new_users.values()})
        first_contact: set[int] = set()
        rows_to_add = []
        for ident, email, role in new_contacts:
            organisation = plans[ident].organisation
            is_lead = organisation.pk not in with_contacts and organisation.pk not in first_contact
            first_contact.add(organisation.pk)
            rows_to_add.append(
                OrganisationContact(
                    organisation=organisation, user=users[email], role_title=role, is_lead=is_lead
                )
            )
        OrganisationContact.objects.bulk_create(
            rows_to_add, batch_size=BATCH, ignore_conflicts=True
        )
        log_actions_in_bulk(
            Organisation,
            Action.ORGANISATION_CREATED,
            [(o.pk, None, {"name": o.name, "slug": o.slug, "imported": True}) for o in fresh],
            actor=actor,
        )
        log_actions_in_bulk(
            Organisation,
            Action.ORGANISATION_UPDATED,
            [(p.organisation.pk, None, {**p.changes, "imported": True}) for p in changed],
            actor=actor,
        )
        log_actions_in_bulk(
            User,
            Action.USER_REGISTERED,
            [(u.pk, None, {"email": u.email, "imported": True}) for u in new_users.values()],
            actor=actor,
        )
        log_actions_in_bulk(
            OrganisationContact,
            Action.ORGANISATION_CONTACT_ADDED,
            [
                (
                    c.pk,
                    None,
                    {"organisation": c.organisation.pk, "user": c.user.pk, "imported": True},
                )
                for c in rows_to_add
                if c.pk is not None
            ],
            actor=actor,
        )


register_importer(GroupImporter())
register_importer(OrganisationImporter())
