"""Fakes at the edge of the world, named by the test settings."""

# The harmless test string that every malware scanner reports (eicar.org).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def eicar_scanner(upload) -> str | None:
    """Reports the EICAR test string anywhere in the file, as a real scanner would."""
    upload.seek(0)
    content = b"".join(upload.chunks())
    upload.seek(0)
    return "Eicar-Test-Signature" if EICAR in content else None
