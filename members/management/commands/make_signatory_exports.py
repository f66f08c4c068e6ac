from django.core.management.base import BaseCommand, CommandError

from members.enums import SIGNABLE_DOCUMENTS, ExportState
from members.services.exports import make_signatory_export_now


class Command(BaseCommand):
    help = (
        "Make the public list of signatories of the charter and the declaration now, in this "
        "process (no worker), as staff's page would: each replaces the document's earlier list. "
        "For seeded data, such as the benchmark's, and for operators."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--document",
            choices=sorted(SIGNABLE_DOCUMENTS),
            action="append",
            help="Only this document (may be given twice); both by default.",
        )

    def handle(self, *args, **options):
        failed = []
        for document in options["document"] or sorted(SIGNABLE_DOCUMENTS):
            export = make_signatory_export_now(document)
            if export.state != ExportState.READY:
                failed.append(document)  # the error is in the log
                continue
            self.stdout.write(f"{document}: {export.rows} signatories, {export.size} bytes")
        if failed:
            raise CommandError(f"Not made: {', '.join(failed)} (see the log).")
