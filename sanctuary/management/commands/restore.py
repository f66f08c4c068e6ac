from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanctuary.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the files with a backup made by `manage.py backup`. "
        "Everything written since that backup is lost; stop the web and the workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the database and files may be replaced.",
        )

    def handle(self, *args, folder: Path, yes: bool, **options):
        if not yes:
            raise CommandError(
                "Restoring replaces the whole database and every file. Run again with --yes."
            )
        try:
            manifest = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {manifest['engine']} database and files of {manifest['created']}."
        )
