"""Importing the existing movement (issue 10, item 4): files, mapping, dry runs, all-or-nothing
runs, running again, UK dates, Welsh and Arabic names, and imported awards in the renewal
engine and at /verify/."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from awards.enums import AwardState, ReminderKind
from awards.models import Award, Reminder
from awards.renewals import run_renewal_sweep
from members.models import EstateImport, Organisation, OrganisationContact, Signature, User
from members.services.estate import importer_for, read_estate_file, run_estate_import
from members.tabular import (
    DateError,
    TableError,
    guess_mapping,
    mapping_from_options,
    parse_uk_date,
    read_table,
)
from sanctuary.models import ActivityLog, Network
from tests.factories import OrganisationContactFactory, OrganisationFactory
from tests.factories.awards import scheme_with_criteria
from tests.factories.charter import DocumentVersionFactory

DATA = Path(__file__).parent / "data" / "estate"


@pytest.fixture(autouse=True)
def in_english():
    """The messages are compared in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def run(kind, name, *, actor, dry_run=False, choices=None, options=None):
    path = name if isinstance(name, Path) else DATA / name
    upload, table = read_estate_file(kind, actor=actor, name=path.name, data=path.read_bytes())
    mapping = mapping_from_options(table.headers, choices or {}, importer_for(kind).fields())
    return run_estate_import(
        upload, mapping, actor=actor, dry_run=dry_run, options=options, table=table
    )


def counts():
    with scopes_disabled():
        return (
            Network.objects.count(),
            Organisation.objects.count(),
            OrganisationContact.objects.count(),
            User.objects.count(),
            Signature.objects.count(),
            Award.objects.count(),
            ActivityLog.objects.count(),
            EstateImport.objects.count(),
        )


@pytest.fixture
def estate(world):
    """The groups and organisations files imported, and the Schools scheme with criteria."""
    scheme_with_criteria(world.stream, name="School of Sanctuary")
    for kind, name in [
        ("groups", "groups.csv"),
        ("organisations", "organisations-crm.csv"),
        ("organisations", "organisations-welsh-arabic.csv"),
    ]:
        report = run(kind, name, actor=world.staff)
        assert report.ok, (name, report.refused, report.problems)
    return world


# Dates and files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/01/2025", datetime.date(2025, 1, 31)),
        ("31/1/25", datetime.date(2025, 1, 31)),
        ("2025-01-31", datetime.date(2025, 1, 31)),
        ("31 Jan 2025", datetime.date(2025, 1, 31)),
        ("31 January 2025", datetime.date(2025, 1, 31)),
        ("01/02/2025", datetime.date(2025, 2, 1)),  # day first, never month first
        ("3.2.2024", datetime.date(2024, 2, 3)),
        ("12 Mehefin 2023", datetime.date(2023, 6, 12)),
    ],
)
def test_uk_dates_are_read_day_first(text, day):
    assert parse_uk_date(text) == day


@pytest.mark.parametrize("text", ["07/31/2022", "31/13/2025", "next Tuesday", "2025-02-30", ""])
def test_a_date_that_is_not_a_uk_date_is_refused(text):
    with pytest.raises(DateError, match=f"^{re.escape(text)}$"):
        parse_uk_date(text)


def test_utf8_with_bom_and_windows_1252_are_both_read():
    groups = read_table((DATA / "groups.csv").read_bytes(), "groups.csv")
    assert groups.headers[0] == "Group Name"  # no BOM left in the first header
    crm = read_table((DATA / "organisations-crm.csv").read_bytes(), "organisations-crm.csv")
    assert crm.rows[0][7] == "Head teacher (£ budget holder)"
    assert crm.rows[2][0] == "Café Croeso"


def test_headers_are_guessed_from_their_synonyms():
    crm = read_table((DATA / "organisations-crm.csv").read_bytes(), "x.csv")
    mapping = guess_mapping(crm.headers, importer_for("organisations").fields())
    assert {crm.headers[i]: f for i, f in mapping.items()} == {
        "Account Name": "name",
        "Type": "kind",
        "Billing City": "town",
        "Country": "nation",
        "Web Site": "website",
        "Main Contact": "contact_name",
        "Email Address": "contact_email",
        "Job Title": "contact_role",
        "Local Group": "local_group",
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("picture-renamed.csv", r"This is not a CSV file \(it looks like a PNG image\)"),
        ("empty.csv", "The file is empty."),
        ("corrupt.xlsx", "The Excel workbook is damaged"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_and_nothing_is_stored(world, name, message):
    before = counts()
    with pytest.raises(TableError, match=message):
        run("organisations", name, actor=world.staff)
    assert counts() == before


def test_the_command_says_why_a_file_is_refused(world):
    with pytest.raises(CommandError, match="This is not a CSV file"):
        call_command(
            "import_estate", "organisations", str(DATA / "picture-renamed.csv"), stdout=StringIO()
        )


def test_a_missing_required_column_is_named_and_nothing_is_stored(world):
    before = counts()
    report = run("organisations", "missing-column.csv", actor=world.staff)
    assert report.problems == ["No column is matched to “Name”, which every row needs."]
    assert report.stored is False
    assert counts() == before


# Groups and organisations ---------------------------------------------------------------------


def test_dry_run_shows_what_would_happen_and_stores_nothing(world):
    before = counts()
    report = run("groups", "groups.csv", actor=world.staff, dry_run=True)
    # Alphaville exists (the world's network A): it would be updated, the others created.
    assert (report.created, report.updated, report.unchanged, report.refused) == (3, 1, 0, [])
    assert report.stored is False
    assert counts() == before


def test_groups_import_once_and_again_changes_nothing(world):
    first = run("groups", "groups.csv", actor=world.staff)
    assert (first.created, first.updated, first.stored) == (3, 1, True)
    swansea = Network.objects.get(name="Dinas Noddfa Abertawe")
    assert (swansea.nation, swansea.area_type, swansea.website) == (
        "wales",
        "city",
        "https://abertawe.example.org",
    )
    assert swansea.has_location  # Swansea found in the place tables
    before = counts()
    again = run("groups", "groups.csv", actor=world.staff)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    # Only the run's own record and its log entry are new.
    assert [a - b for a, b in zip(counts(), before, strict=True)] == [0, 0, 0, 0, 0, 0, 1, 1]


def test_organisations_with_contacts_welsh_and_arabic_names_survive(estate):
    parkwood = Organisation.objects.get(name="Parkwood Primary School")
    assert (parkwood.kind, parkwood.town, parkwood.local_group.slug) == (
        "school",
        "Sheffield",
        "alphaville",
    )
    contacts = list(parkwood.contacts.order_by("pk").values_list("user__email", "is_lead"))
    assert contacts == [
        ("j.oakes@parkwood.example.sch.uk", True),
        ("t.bright@parkwood.example.sch.uk", False),
    ]
    assert OrganisationContact.objects.get(
        user__email="j.oakes@parkwood.example.sch.uk"
    ).role_title == ("Head teacher (£ budget holder)")
    assert Organisation.objects.filter(name="Café Croeso", nation="wales").exists()
    assert User.objects.get(email="dafydd@brodwr.example.ac.uk").full_name == "Dafydd Ŷr Hen"
    assert Organisation.objects.get(name="Prifysgol Bro Dŵr").kind == "university"
    fatima = User.objects.get(email="fatima@alnoor.example.org")
    assert fatima.full_name == "فاطمة الزهراء"
    assert not fatima.has_usable_password()  # they set one through "forgotten password"
    assert Organisation.objects.get(name="Hillside Academy").local_group.slug == "alphaville"


def test_organisations_import_again_duplicates_nothing(estate):
    before = counts()
    report = run("organisations", "organisations-crm.csv", actor=estate.staff)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert counts()[:6] == before[:6]


def test_an_import_run_is_logged_once_with_counts_and_per_object(estate):
    with scopes_disabled():
        runs = ActivityLog.objects.filter(action="members.estate.imported").order_by("pk")
        assert [r.data["created"] for r in runs] == [3, 5, 3]  # rows
        assert runs[1].data["kind"] == "organisations"
        assert runs[1].actor == estate.staff
        created = ActivityLog.objects.filter(action="members.organisation.created")
        assert created.count() == Organisation.objects.count() - 2  # the world's own two


def test_xlsx_is_read_with_its_numbers_and_welsh_names(estate):
    report = run("organisations", "organisations.xlsx", actor=estate.staff)
    assert (report.created, report.refused) == (2, [])
    assert User.objects.get(email="elin@ysgolymor.example.cymru").full_name == "Elin Ŵen"
    assert Organisation.objects.get(name="Ysgol y Môr").kind == "school"


def test_duplicates_inside_one_file_are_refused_and_nothing_is_stored(world):
    before = counts()
    report = run("organisations", "duplicates.csv", actor=world.staff)
    assert [(r.row, r.reason) for r in report.refused] == [
        (3, "This organisation (and contact) is also in row 2 of the file.")
    ]
    assert report.stored is False
    assert counts() == before


def test_an_email_of_someone_else_is_refused_and_nothing_is_stored(world):
    before = counts()
    report = run("organisations", "email-taken.csv", actor=world.staff)
    assert [(r.row, r.reason) for r in report.refused] == [
        (
            2,
            "The e-mail address ada@example.org already belongs to someone else on the "
            "platform (Ada Coordinator), not to Olive Hart.",
        )
    ]
    assert counts() == before


def test_map_option_changes_a_guess(world, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("Network,Where\nKendal Town of Sanctuary,Kendal\n", encoding="utf-8")
    out = StringIO()
    call_command("import_estate", "groups", str(path), "--map", "Where=place_name", stdout=out)
    assert "1 were created" in out.getvalue()
    assert Network.objects.get(name="Kendal Town of Sanctuary").place_name == "Kendal"


def test_command_dry_run_reports_and_stores_nothing(world):
    before = counts()
    out = StringIO()
    call_command("import_estate", "groups", str(DATA / "groups.csv"), "--dry-run", stdout=out)
    assert "3 would be created, 1 updated, 0 unchanged, 0 refused" in out.getvalue()
    assert counts() == before


# Signatures -----------------------------------------------------------------------------------


def test_signatures_import_with_their_versions_and_again_changes_nothing(estate):
    DocumentVersionFactory(
        document="charter", is_current=True, published_on=datetime.date(2020, 1, 1)
    )
    DocumentVersionFactory(
        document="birmingham-declaration",
        is_current=True,
        published_on=datetime.date(2021, 1, 1),
    )
    report = run("signatures", "signatures.csv", actor=estate.staff)
    assert (report.created, report.refused) == (5, [])
    glan = Signature.objects.get(party_name="Ysgol Gynradd Glan-yr-Afon")
    assert glan.organisation.name == "Ysgol Gynradd Glan-yr-Afon"
    assert glan.confirmed_at.date() == datetime.date(2025, 1, 31)
    assert Signature.objects.get(name="Siôn Ŵyn").email == ""
    assert Signature.objects.get(name="فاطمة الزهراء").listed_publicly is False
    assert Signature.objects.get(name="Megan Lloyd").version.document == "birmingham-declaration"
    from members.queries.signatures import organisation_has_pledge

    assert organisation_has_pledge(glan.organisation) is True
    again = run("signatures", "signatures.csv", actor=estate.staff)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


# Awards ---------------------------------------------------------------------------------------


def test_awards_import_keeps_numbers_and_join_the_renewal_engine(estate, client):
    report = run("awards", "awards.csv", actor=estate.staff)
    assert (report.created, report.refused) == (3, [])
    with scopes_disabled():
        parkwood = Award.objects.get(certificate_number="SoS-2022-0143")
        assert (parkwood.awarded_on, parkwood.expires_on) == (
            datetime.date(2022, 7, 14),
            datetime.date(2025, 7, 14),
        )
        hillside = Award.objects.get(organisation__name="Hillside Academy")
        assert hillside.expires_on == datetime.date(2026, 10, 2)  # three years, by default
        generated = Award.objects.get(organisation__name="Ysgol Gynradd Glan-yr-Afon")
        assert generated.certificate_number.startswith("COS-")
    for number in ["SoS-2022-0143", "sos-2022-0143", "sos/2023/0077"]:
        page = client.get(reverse("awards:verify", args=[number]))
        assert page.status_code == 200
        assert page.context["award"] is not None, number
    again = run("awards", "awards.csv", actor=estate.staff)
    assert (again.created, again.unchanged) == (0, 3)


def test_an_imported_award_gets_only_the_next_reminder_not_the_missed_ones(
    estate, mailoutbox, tmp_path
):
    today = timezone.localdate()
    awarded = today - datetime.timedelta(days=3 * 365 - 50)  # expires in about 50 days
    path = tmp_path / "tmp-awards.csv"
    organisation = OrganisationFactory(name="Brookside Infant School")
    OrganisationContactFactory(organisation=organisation)
    try:
        path.write_text(
            "School,Award,Date Awarded\n"
            f"Brookside Infant School,Schools of Sanctuary,{awarded:%d/%m/%Y}\n",
            encoding="utf-8",
        )
        report = run("awards", path, actor=estate.staff)
    finally:
        path.unlink()
    assert report.ok
    with scopes_disabled():
        award = Award.objects.get(organisation=organisation)
        assert award.state == AwardState.RENEWAL_DUE
        skipped = Reminder.objects.filter(award=award, skipped=True)
        assert sorted(set(skipped.values_list("milestone", flat=True))) == [90]
    run_renewal_sweep(today=today)
    assert mailoutbox == []  # the 90-day reminder was missed before the import: not sent late
    days_to_30 = (award.expires_on - datetime.timedelta(days=30) - today).days
    run_renewal_sweep(today=today + datetime.timedelta(days=days_to_30))
    with scopes_disabled():
        sent = Reminder.objects.filter(award=award, skipped=False, sent_at__isnull=False)
        assert sorted(set(sent.values_list("milestone", flat=True))) == [30]
        assert sent.filter(kind=ReminderKind.AWARD_EXPIRY).count() == 1
    # A skipped milestone is nobody's reminder on their page.
    from awards.queries.reminders import reminders_for_user

    with scopes_disabled():
        assert all(not r.skipped for r in reminders_for_user(estate.staff))


def test_a_long_expired_award_is_imported_as_lapsed(estate, tmp_path):
    path = tmp_path / "tmp-old.csv"
    try:
        path.write_text(
            "School,Award,Date Awarded,Certificate\n"
            "Hillside Academy,Schools of Sanctuary,1/9/2015,OLD-2015-1\n",
            encoding="utf-8",
        )
        assert run("awards", path, actor=estate.staff).ok
    finally:
        path.unlink()
    with scopes_disabled():
        assert Award.objects.get(certificate_number="OLD-2015-1").state == AwardState.LAPSED


def test_an_unknown_scheme_and_a_bad_date_are_refused_with_row_numbers(estate):
    before = counts()
    report = run("awards", "unknown-scheme.csv", actor=estate.staff)
    assert report.refused[0].row == 2
    assert report.refused[0].reason.startswith("There is no award scheme “Gardens of Sanctuary”.")
    report = run("awards", "bad-date.csv", actor=estate.staff)
    assert [(r.row, r.reason) for r in report.refused] == [
        (
            2,
            "“07/31/2022” in “Decision date” is not a date we can read: write it day first, "
            "such as 31/01/2025, 2025-01-31 or 31 Jan 2025.",
        )
    ]
    assert counts() == before


def test_awards_from_a_workbook(estate):
    assert run("organisations", "organisations.xlsx", actor=estate.staff).ok
    report = run("awards", "awards.xlsx", actor=estate.staff)
    assert (report.created, report.refused) == (1, [])
    with scopes_disabled():
        award = Award.objects.get(certificate_number="SOS-LDS-0042")
    assert award.awarded_on == datetime.date(2023, 5, 9)


def test_an_imported_number_differing_only_in_case_is_refused(estate, tmp_path):
    assert run("awards", "awards.csv", actor=estate.staff).ok
    path = tmp_path / "tmp-case.csv"
    try:
        path.write_text(
            "School,Award,Date Awarded,Certificate\n"
            "Café Croeso,Schools of Sanctuary,1/9/2024,SOS-2022-0143\n",
            encoding="utf-8",
        )
        report = run("awards", path, actor=estate.staff)
    finally:
        path.unlink()
    assert [r.reason for r in report.refused] == [
        "The certificate number SOS-2022-0143 belongs to another award."
    ]
