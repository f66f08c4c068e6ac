"""An uploaded estate file, for the staff import pages."""

from pathlib import Path

from members.models import EstateImport
from members.services.estate import receive_estate_file

DATA = Path(__file__).parent.parent / "data" / "estate"


def uploaded_file(world, name: str = "organisations-crm.csv", kind: str = "organisations"):
    existing = EstateImport.objects.filter(original_name=name).first()
    if existing is not None:
        return existing
    upload, _table = receive_estate_file(
        kind, actor=world.staff, name=name, data=(DATA / name).read_bytes()
    )
    return upload
