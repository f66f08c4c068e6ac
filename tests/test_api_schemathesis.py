"""Schemathesis against the API's own schema, in-process through the WSGI application.

Each operation of /api/schema/ is called with generated data (bounded, so the suite stays
quick) by a seeded coordinator with a personal token, over both networks' data. No answer
may be a server error; every status and every body must be the ones the schema declares.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.factories.api import token_for
from tests.factories.awards import award_walk

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.response_schema_conformance,
]


# Loaded once, at import: serving the schema reads nothing from the database. (Schemathesis's
# fixture loader, schemathesis.pytest.from_fixture, does not run under pytest 9 yet.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django closes the database connection after each request it serves; in-process, that
    would end the test's transaction, which holds the seeded data. Django's own test client
    stops it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(world):
    """Both networks' award data, and network A's coordinator (who chairs and sits on the
    panel of Alpha Primary's application) with a token."""
    walk = award_walk(world)
    return {"token": token_for(world.coordinator_a), "application": walk.application.pk}


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_as_its_schema_says(case, seeded):
    # Most generated addresses name nothing; point the network ones at the coordinator's
    # own network and application, so the operations are exercised past their lookups.
    if "network_slug" in case.path_parameters:
        case.path_parameters["network_slug"] = "alphaville"
        if "award_application_id" in case.path_parameters:
            case.path_parameters["award_application_id"] = seeded["application"]
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded['token']}"}, checks=CHECKS)
