from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanctuary.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database and the files (private files and media) into a new folder: "
        "pg_dump's custom format (or the SQLite file), a tarball and a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="An empty or new folder for this backup.")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = back_up(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the {manifest['engine']} database and files to {folder}.")
