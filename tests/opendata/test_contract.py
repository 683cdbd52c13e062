"""Contract tests: schemathesis drives the API from its own OpenAPI schema (bounded, fast).

Every operation gets generated requests within the schema; each answer must not be a
server error and must conform to the schema (status code, content type, body).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from opendata.api import api

pytestmark = pytest.mark.django_db


# The schema as /api/v1/openapi.json serves it (read without the database at collection).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _published_network_without_rate_limit(network, settings):
    settings.OPENDATA_ANON_RATE = ""  # hundreds of requests from one address
    # Requests go through the real WSGI handler: keep the test's database connection open
    # across them, as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_keeps_its_contract(case):
    case.call_and_validate()
