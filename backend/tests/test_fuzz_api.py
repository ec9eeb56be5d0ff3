"""schemathesis over the whole OpenAPI spec, authenticated as an Administrador: no 500s, statuses
and bodies as documented, invalid input refused."""
import pytest
import schemathesis
from flask_jwt_extended import create_access_token
from hypothesis import HealthCheck, settings
from schemathesis import checks

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.response_schema_conformance,
          checks.negative_data_rejection]


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def admin_token(usuario_factory):
    return create_access_token(identity=usuario_factory(rol="Administrador"))


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_spec(case, admin_token):
    if case.path == "/api/auth/logout":
        return  # revoking the fuzzer's own token would turn every later case into a 401
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)
