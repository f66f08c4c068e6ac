"""manage.py import_estate KIND FILE [--dry-run] [--map COLUMN=FIELD ...]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.models import User
from members.services.estate import importer_for, read_estate_file, run_estate_import
from members.tabular import TableError, mapping_from_options


class Command(BaseCommand):
    help = (
        "Import the movement's existing records from a CSV (UTF-8 or Windows-1252) or XLSX "
        "file: groups, organisations (with contacts), signatures or awards. Columns are "
        "matched by their headers; --map COLUMN=FIELD changes a guess (FIELD - leaves a "
        "column out). A file with any refused row stores nothing; --dry-run only reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="groups, organisations, signatures or awards")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD")
        parser.add_argument(
            "--actor", help="The staff e-mail address the import is recorded under."
        )
        parser.add_argument(
            "--document",
            choices=["charter", "birmingham-declaration"],
            help="For signatures: the document of rows that do not name one (default charter).",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        actor = self._actor(options["actor"])
        choices = {}
        for item in options["map"]:
            column, sep, field = item.partition("=")
            if not sep:
                raise CommandError(f"--map takes COLUMN=FIELD, not {item!r}")
            choices[column] = field
        try:
            importer = importer_for(options["kind"])
            upload, table = read_estate_file(
                options["kind"], actor=actor, name=path.name, data=path.read_bytes()
            )
            mapping = mapping_from_options(table.headers, choices, importer.fields())
        except TableError as error:
            raise CommandError(str(error)) from None
        for index, header in enumerate(table.headers):
            self.stdout.write(f"  column “{header}” → {mapping.get(index, '(not imported)')}")
        extra = {"document": options["document"]} if options["document"] else {}
        report = run_estate_import(
            upload, mapping, actor=actor, dry_run=options["dry_run"], options=extra, table=table
        )
        for problem in report.problems:
            self.stderr.write(problem)
        for refused in report.refused:
            self.stderr.write(f"row {refused.row}: {refused.reason}")
        verb = "would be" if report.dry_run or not report.stored else "were"
        self.stdout.write(
            f"{len(table.rows)} rows: {report.created} {verb} created, {report.updated} "
            f"updated, {report.unchanged} unchanged, {len(report.refused)} refused."
        )
        if not report.ok:
            raise CommandError("Nothing was stored: correct the rows above and run it again.")
        self.stdout.write(
            "Dry run: nothing was stored." if report.dry_run else "Imported: everything stored."
        )

    def _actor(self, email: str | None) -> User | None:
        if email:
            actor = User.objects.filter(email=email.lower(), is_staff=True).first()
            if actor is None:
                raise CommandError(f"No staff account {email}")
            return actor
        return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first() or (
            User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
        )
