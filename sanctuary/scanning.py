"""The production malware scanner: ClamAV's daemon (clamd), asked over its socket through
clamdpy, a maintained client. Name it in SANCTUARY_UPLOAD_SCANNER
(`sanctuary.scanning.ClamAVScanner`) and say where clamd listens in SANCTUARY_CLAMAV_URL:
`tcp://clamav:3310` (the service in docker-compose.yml) or `unix:///run/clamav/clamd.sock`.

The file is streamed to clamd (INSTREAM), never written anywhere clamd must read.
"""

import logging
import socket
from urllib.parse import urlsplit

from clamdpy import ClamdNetworkSocket, ClamdUnixSocket
from clamdpy.exceptions import ClamdException
from clamdpy.exceptions import ConnectionError as ClamdConnectionError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile

logger = logging.getLogger(__name__)

CLAMD_PORT = 3310
CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not give an answer. The upload is refused: no answer is not clean."""


# clamdpy leaves the socket of a failed connection to the garbage collector; while clamd is
# down, every upload would leak one until then. These close it at once.


class _TCPClient(ClamdNetworkSocket):
    def _acquire_socket(self) -> socket.socket:
        try:
            return socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise ClamdConnectionError(f"clamd at {self.host}:{self.port}: {error}") from error


class _UnixClient(ClamdUnixSocket):
    def _acquire_socket(self) -> socket.socket:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.settimeout(self.timeout)
            connection.connect(str(self.socket_path))
        except OSError as error:
            connection.close()
            raise ClamdConnectionError(f"clamd at {self.socket_path}: {error}") from error
        return connection


def clamd_client(url: str, timeout: float):
    parts = urlsplit(url)
    if parts.scheme == "unix" and parts.path:
        return _UnixClient(path=parts.path, timeout=timeout)
    if parts.scheme == "tcp" and parts.hostname:
        return _TCPClient(host=parts.hostname, port=parts.port or CLAMD_PORT, timeout=timeout)
    raise ImproperlyConfigured(
        f"SANCTUARY_CLAMAV_URL must look like tcp://host:3310 or unix:///path, not {url!r}."
    )


class ClamAVScanner:
    """Called with an upload; answers None when clamd finds it clean, or the name of what it
    found. Raises ScannerUnavailable when clamd cannot be reached or reports an error."""

    def __init__(self, url: str | None = None, timeout: float | None = None):
        self.client = clamd_client(
            url or settings.SANCTUARY_CLAMAV_URL,
            timeout if timeout is not None else settings.SANCTUARY_CLAMAV_TIMEOUT,
        )

    def __call__(self, upload: UploadedFile) -> str | None:
        upload.seek(0)
        try:
            result = self.client.instream(upload, max_chunk_size=CHUNK_BYTES)
        except ClamdException as error:
            raise ScannerUnavailable(str(error)) from error
        finally:
            upload.seek(0)
        if result.status == "FOUND":
            return result.reason or "unnamed"
        if result.status != "OK":
            raise ScannerUnavailable(result.reason or result.status)
        return None

    def ping(self) -> bool:
        """Whether clamd answers (the readiness probe asks)."""
        try:
            return self.client.ping() == "PONG"
        except ClamdException:
            return False
