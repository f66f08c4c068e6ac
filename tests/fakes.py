"""Fakes at the edge of the world, named by the test settings."""

# The harmless test string that every malware scanner reports (eicar.org).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def eicar_scanner(upload) -> str | None:
    """Reports the EICAR test string anywhere in the file, as a real scanner would."""
    upload.seek(0)
    content = b"".join(upload.chunks())
    upload.seek(0)
    return "Eicar-Test-Signature" if EICAR in content else None


class SMTPSink:
    """A mail server on 127.0.0.1 that keeps every message it accepts (aiosmtpd), for tests
    that run real worker and sweep processes. `mail_delay` holds each MAIL command for that
    many seconds, so a test can stop a sender between two e-mails; `mail_commands` counts
    the MAIL commands seen, `messages` the e-mails accepted."""

    def __init__(
        self,
        mail_delay: float = 0.0,
        refuse: frozenset[str] = frozenset(),
        defer_once: frozenset[str] = frozenset(),
    ):
        import threading

        self.mail_delay = mail_delay
        # Addresses refused for good at RCPT (550), and ones deferred (451) the first time.
        self.refuse = {address.lower() for address in refuse}
        self.defer_once = {address.lower() for address in defer_once}
        self.mail_commands = 0
        self.messages = []
        self._lock = threading.Lock()
        self._controller = None
        self.port = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        import asyncio

        with self._lock:
            self.mail_commands += 1
        if self.mail_delay:
            await asyncio.sleep(self.mail_delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            if address.lower() in self.refuse:
                return "550 5.1.1 No such mailbox here"
            if address.lower() in self.defer_once:
                self.defer_once.discard(address.lower())
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def received(self) -> list:
        with self._lock:
            return list(self.messages)

    def mailers(self) -> dict:
        """A MAILERS setting that sends to this sink."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "127.0.0.1",
                    "port": self.port,
                    "use_tls": False,
                    "timeout": 5,
                },
            }
        }

    def __enter__(self):
        import socket

        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()


class FakeClamd:
    """clamd on 127.0.0.1, speaking enough of its protocol for the real client: PING, and
    INSTREAM (chunks, each after its length in four bytes, until a zero length), answering
    FOUND for the EICAR test string as ClamAV does. `streams` keeps what each scan received."""

    def __init__(self):
        self.streams: list[bytes] = []
        self.port = 0
        self._server = None

    def _handle(self, connection):
        import struct

        with connection:
            command = b""
            while not command.endswith((b"\n", b"\0")):
                byte = connection.recv(1)
                if not byte:
                    return
                command += byte
            name = command[1:-1]  # "n" or "z" before the command, its terminator after
            if name == b"PING":
                connection.sendall(b"PONG\n")
                return
            if name != b"INSTREAM":
                connection.sendall(b"UNKNOWN COMMAND\n")
                return
            received = b""
            while True:
                header = self._read_exactly(connection, 4)
                (length,) = struct.unpack("!L", header)
                if length == 0:
                    break
                received += self._read_exactly(connection, length)
            self.streams.append(received)
            answer = (
                b"stream: Eicar-Test-Signature FOUND\n" if EICAR in received else b"stream: OK\n"
            )
            connection.sendall(answer)

    @staticmethod
    def _read_exactly(connection, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = connection.recv(size - len(data))
            if not chunk:
                raise ConnectionError("the client hung up")
            data += chunk
        return data

    def __enter__(self):
        import socketserver

        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                fake._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        import threading

        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


class FakeTranslator:
    """A machine translation provider that marks its output, so tests can see where it went:
    "[ar] the text". `calls` counts what it was asked, across instances."""

    name = "fake"
    calls: list[tuple[str, str, str]] = []

    def translate(self, text: str, source: str, target: str) -> str:
        FakeTranslator.calls.append((text, source, target))
        return f"[{target}] {text}"

    def supports(self, source: str, target: str) -> bool:
        return True


class FakeArgosTranslator(FakeTranslator):
    """The fake, covering only what LibreTranslate's Argos models cover of the offered
    languages: English, Arabic, Farsi and Ukrainian (not Welsh, Sorani or Tigrinya)."""

    covered = frozenset({"en", "ar", "fa", "uk"})

    def supports(self, source: str, target: str) -> bool:
        return source in self.covered and target in self.covered


def run_task(task, task_id=None, **kwargs):
    """Run a task in-process as a worker would: a retry (which a worker would run after its
    backoff) runs at once, with the same task id."""
    return task.apply(kwargs=kwargs, task_id=task_id, throw=False).get()


def recipients(sink: SMTPSink) -> list[str]:
    return sorted(message["To"] for message in sink.received())
