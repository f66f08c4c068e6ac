"""A passkey as allauth stores it after a registration, made without a browser.

The browser test (tests/test_passkeys.py) registers a real one through Chromium's virtual
authenticator; these tests only need the stored row to be well formed.
"""

import hashlib
import os

from allauth.mfa.webauthn.internal.auth import WebAuthn
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)


def give_passkey(user, *, rp_id: str = "testserver", name: str = "My phone"):
    key = ec.generate_private_key(ec.SECP256R1())
    credential_id = os.urandom(16)
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(
        hashlib.sha256(rp_id.encode()).digest(),
        flags,
        0,
        AttestedCredentialData.create(
            Aaguid.NONE, credential_id, ES256.from_cryptography_key(key.public_key())
        ),
    )
    client_data = CollectedClientData.create(
        type="webauthn.create", challenge=os.urandom(16), origin=f"https://{rp_id}"
    )
    credential = {
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": client_data.b64,
            "attestationObject": websafe_encode(AttestationObject.create("none", auth_data, {})),
        },
        "clientExtensionResults": {"credProps": {"rk": True}},
    }
    return WebAuthn.add(user, name, credential).instance
