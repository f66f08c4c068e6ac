import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.enums import DocumentSlug
from members.queries import current_version
from members.services.charter import create_document_version
from members.texts import plain_text_to_markdown


class Command(BaseCommand):
    help = (
        "Load a charter (or declaration, or handbook terms) from a text file as its next "
        "version. Plain text is turned into Markdown; the first version becomes current."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A UTF-8 text or Markdown file.")
        parser.add_argument("--title", required=True)
        parser.add_argument("--period", default="", help="For example 2026-2031.")
        parser.add_argument("--document", default=DocumentSlug.CHARTER, choices=DocumentSlug.values)
        parser.add_argument("--language", default="en")
        parser.add_argument("--published", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument(
            "--make-current", action="store_true", help="Make this the version people sign."
        )
        parser.add_argument("--markdown", action="store_true", help="The file is Markdown already.")

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if not text.strip():
            raise CommandError(f"{path} is empty.")
        title = " ".join(options["title"].split())
        body = text if options["markdown"] else plain_text_to_markdown(text, title=title)
        document = options["document"]
        make_current = options["make_current"] or current_version(document) is None
        version = create_document_version(
            document,
            actor=None,
            title=title,
            body=body,
            period=options["period"],
            language=options["language"],
            published_on=options["published"],
            make_current=make_current,
        )
        state = "current" if version.is_current else "not current"
        self.stdout.write(
            self.style.SUCCESS(f"Imported {title!r} as version {version.number} ({state}).")
        )
