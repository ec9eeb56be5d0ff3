"""schemathesis over the whole OpenAPI spec, authenticated as an Administrador: no 500s, statuses
and bodies as documented, invalid input refused.

The token is given through schemathesis's auth mechanism (an auth provider registered on the
schema), not as a plain header: schemathesis then knows the header is the credential and leaves it
out when it tests what a request without credentials gets.

The test commits for real: the fuzzer's writes must not be undone by the rollback of a refused
request (that would also remove the Administrador and turn every later case into a 401). The
provider keeps its Administrador usable (the fuzzer may deactivate it or change its role through
PATCH /api/usuarios/{id}) and mints a token for each case; a case sent with that token must never
get a 401, so the test cannot pass by being locked out.
"""
import os

import pytest
import schemathesis
from flask import current_app
from flask_jwt_extended import create_access_token, get_current_user, verify_jwt_in_request
from flask_jwt_extended.exceptions import JWTExtendedException
from hypothesis import HealthCheck, settings
from jwt.exceptions import PyJWTError
from schemathesis import checks
from sqlalchemy import select

from app.extensions import db
from app.models import Rol, Usuario
from app.utils.auth import ADMIN
from app.utils.permisos import ANONIMO, PERMISOS
from tests.sesion import bearer, tokens_de

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.response_schema_conformance,
          checks.negative_data_rejection]
# Examples per operation: small enough that the 137 operations take about three minutes on CI, with a
# fixed seed so CI is reproducible. For a longer hunt with new cases each run:
#   FUZZ_MAX_EXAMPLES=200 FUZZ_RANDOM=1 pytest tests/test_fuzz_api.py
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "30"))
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") != "1"


class TokenDeAdministrador:
    """schemathesis auth provider: a fresh access token of an active Administrador for each case.
    schemathesis instantiates the class itself: the fixture makes a subclass bound to its user.

    Each token is minted for the last token's session, after the server's own check of that token (the one every
    request runs: user active, version current, session alive) says it would still be accepted; only when it
    would not (the fuzzer deactivated the user, changed its role, revoked its sessions…) is the Administrador
    restored and a new session opened. A session row per case made minting most of the fuzzer's time."""

    usuario_id = None
    emitidos = None  # the tokens handed out, last one last
    sesion_id = None  # the session they belong to

    def get(self, case, context):
        usuario = self._administrador_del_ultimo_token()
        if usuario is None:
            usuario = self._restaurar()
        self.emitidos.append(create_access_token(identity=usuario, additional_claims={"sid": self.sesion_id}))
        return self.emitidos[-1]

    def _administrador_del_ultimo_token(self):
        """The user of the last token as the server sees it now; None unless it is accepted and an Administrador."""
        if not self.emitidos:
            return None
        with current_app.test_request_context(headers=bearer(self.emitidos[-1])):
            try:
                verify_jwt_in_request()
            except (JWTExtendedException, PyJWTError):
                return None
            usuario = get_current_user()
        db.session.commit()  # the check's transaction ends: the requests' own connections see the same rows
        return usuario if usuario.rol.nombre == ADMIN else None

    def _restaurar(self):
        db.session.expire_all()
        usuario = db.session.get(Usuario, self.usuario_id)
        if not usuario.activo or usuario.rol.nombre != ADMIN:
            usuario.activo = True
            usuario.rol = db.session.scalar(select(Rol).where(Rol.nombre == ADMIN))
            usuario.version_token += 1
        type(self).sesion_id = tokens_de(usuario)["sesion_id"]
        db.session.commit()  # the new session, for the requests' own connections
        return usuario

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@pytest.fixture
def proveedor(usuario_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    db_session.commit()
    return type("Proveedor", (TokenDeAdministrador,), {"usuario_id": admin.id, "emitidos": []})


@pytest.fixture
def api_schema(app, proveedor):
    api = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    api.auth(refresh_interval=None)(proveedor)
    # Logging out revokes the fuzzer's own token; tests/test_auth.py covers it.
    return api.exclude(path="/api/auth/logout")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.committed
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=DERANDOMIZE)
def test_the_api_conforms_to_its_spec(case, proveedor):
    respuesta = case.call_and_validate(checks=CHECKS)
    con_token = proveedor.emitidos and (case.headers or {}).get("Authorization") == f"Bearer {proveedor.emitidos[-1]}"
    # Operations of the spec only (the fuzzer also probes undeclared methods, which answer 405);
    # refresh wants a refresh token.
    protegida = ANONIMO not in PERMISOS.get((case.method.upper(), case.path), {ANONIMO})
    if con_token and protegida and case.path != "/api/auth/refresh":
        assert respuesta.status_code != 401, (case.method, case.path, respuesta.text[:300])
