"""Personal API tokens for tests, made through the real service, and a client that sends one."""

from django.test import Client

from members.services.api_tokens import create_api_token


def token_for(user, name: str = "Test token") -> str:
    """A new token's secret, as its owner would copy it from the tokens page."""
    _token, secret = create_api_token(user, actor=user, name=name)
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_client(user, name: str = "Test token") -> Client:
    """A client that authenticates every request with a new token of `user`, no session."""
    return Client(headers={"Authorization": f"Bearer {token_for(user, name)}"})


def api_token_of(user) -> int:
    """The id of a token of `user`, for URLs that name one."""
    token_for(user, "For the walk")
    return user.api_tokens.get(name="For the walk").pk
