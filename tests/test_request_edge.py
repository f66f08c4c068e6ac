"""The edge of every request: one proxy setting for every reader of the visitor's address, and
bodies refused from their Content-Length before anything reads them."""

import os
import subprocess
import sys
from pathlib import Path

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from sanctuary.http import body_limit, client_ip
from tests.conftest import clear_own_cache
from tests.factories import TEST_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
BEHIND_ONE_PROXY = {
    "SANCTUARY_TRUSTED_PROXIES": 1,
    "ALLAUTH_TRUSTED_PROXY_COUNT": 1,
    "REST_FRAMEWORK": {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1},
}


def test_one_proxy_setting_feeds_accounts_and_api_throttles():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; "
            "print(s.SANCTUARY_TRUSTED_PROXIES, s.ALLAUTH_TRUSTED_PROXY_COUNT, "
            "s.REST_FRAMEWORK['NUM_PROXIES'])",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sanctuary.settings",
            "SANCTUARY_EMBEDDED": "1",
            "SANCTUARY_TRUSTED_PROXIES": "2",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["2", "2", "2"]


@override_settings(**BEHIND_ONE_PROXY)
def test_every_reader_takes_the_address_the_proxy_saw():
    # The visitor claims an address of their own; the proxy appends the one it saw.
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5", REMOTE_ADDR="172.18.0.4"
    )
    assert client_ip(request) == "203.0.113.5"
    assert get_adapter().get_client_ip(request) == "203.0.113.5"
    assert AnonRateThrottle().get_ident(Request(request)) == "203.0.113.5"


def test_without_trusted_proxies_the_socket_address_counts():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="198.51.100.9", REMOTE_ADDR="192.0.2.10"
    )
    assert client_ip(request) == "192.0.2.10"
    assert get_adapter().get_client_ip(request) == "192.0.2.10"


@override_settings(**BEHIND_ONE_PROXY)
def test_failed_sign_ins_from_one_visitor_do_not_block_another(db, client):
    clear_own_cache()
    UserFactory(email="real.person@example.org")
    url = reverse("account_login")
    attacker = {"REMOTE_ADDR": "172.18.0.4", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    visitor = {"REMOTE_ADDR": "172.18.0.4", "HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    for number in range(11):
        client.post(url, {"login": f"guess{number}@example.org", "password": "wrong"}, **attacker)
    blocked = client.post(url, {"login": "guess@example.org", "password": "wrong"}, **attacker)
    assert "Too many failed login attempts" in blocked.content.decode()
    signed_in = client.post(
        url, {"login": "real.person@example.org", "password": TEST_PASSWORD}, **visitor
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("members:dashboard")
    clear_own_cache()


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_claiming(client, path: str, length: int):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


def test_oversized_page_post_refused_before_it_is_read(db, client):
    response = post_claiming(client, "/charter/sign/", 2 * 1024 * 1024)
    assert response.status_code == 413
    assert response.content.decode() == (
        "The request is too large: this page accepts up to 1.0\xa0MB."
    )
    assert response["Connection"] == "close"


def test_hundred_megabyte_upload_refused_before_it_is_read(db, client):
    response = post_claiming(client, "/awards/applications/1/criteria/2/", 100 * 1024 * 1024)
    assert response.status_code == 413
    assert "this page accepts up to 10.2\xa0MB" in response.content.decode()


def test_oversized_api_upload_refused_as_json_before_it_is_read(db, client):
    response = post_claiming(client, "/api/v1/me/applications/1/criteria/2/files/", 11 * 2**20)
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request is too large: this page accepts up to 10.2\xa0MB.",
        "errors": {},
    }


def test_upload_pages_allow_one_file_and_its_form():
    upload = settings.SANCTUARY_UPLOAD_MAX_BYTES + 256 * 1024
    assert body_limit("/awards/applications/7/criteria/3/") == upload
    assert body_limit("/api/v1/me/applications/7/criteria/3/files/") == upload
    assert body_limit("/groups/apply/") == upload
    assert body_limit("/charter/sign/") == settings.SANCTUARY_REQUEST_MAX_BYTES
    assert body_limit("/api/v1/me/applications/7/criteria/3/") == 1024 * 1024
