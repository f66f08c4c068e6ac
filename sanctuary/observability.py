"""What operators see: a request id on every log line and answer, logs as JSON lines in
production, and errors reported to Sentry when SENTRY_DSN is set, without personal data."""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings

# The settings module imports this one for logging_config and init_sentry, so nothing here
# may import Django's machinery at the top.
REQUEST_ID_HEADER = "X-Request-ID"
# A request id from the proxy is kept only when it looks like one (no spaces, no control
# characters, no log injection), and only from a proxy we trust.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
client_ip_var: ContextVar[str] = ContextVar("client_ip", default="-")


class RequestIdMiddleware:
    """Gives every request an id (the proxy's, when trusted, or a new one), puts it and the
    visitor's address on every log line written while it runs, and sends it back in
    X-Request-ID so a person reporting a problem can quote it."""

    def __init__(self, get_response):
        from sanctuary.http import client_ip

        self.get_response = get_response
        self.client_ip = client_ip

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        if settings.SANCTUARY_TRUSTED_PROXIES and VALID_REQUEST_ID.match(offered):
            request_id = offered
        else:
            request_id = uuid.uuid4().hex
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        ip_token = client_ip_var.set(self.client_ip(request) or "-")
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(id_token)
            client_ip_var.reset(ip_token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestContextFilter(logging.Filter):
    """Adds request_id and client_ip to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.client_ip = client_ip_var.get()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object a line: what log collectors read without parsing rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "client_ip": getattr(record, "client_ip", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, json_lines: bool, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "sanctuary.observability.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "sanctuary.observability.JSONFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    """Errors from the web and the workers go to Sentry. Nothing personal goes with them: no
    addresses, cookies or user details (send_default_pii off), no request bodies (forms hold
    people's details), no local variables of the failing code."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
    )
