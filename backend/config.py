"""Configuration classes (seed: development / testing / production).

Secrets come from the environment. Outside production, a missing secret is generated once into
``var/`` of the checkout, so a fresh clone runs without setup; production refuses to start
without real secrets.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path

BACKEND_DIR = Path(__file__).resolve().parent
ROOT_DIR = BACKEND_DIR.parent
VAR_DIR = ROOT_DIR / "var"
FRONTEND_DIST = ROOT_DIR / "frontend" / "dist"

SECRET_NAMES = ("SECRET_KEY", "JWT_SECRET_KEY", "DATA_ENCRYPTION_KEY", "BLIND_INDEX_KEY")


def local_secret(name: str) -> str:
    """Secret from the environment, else from var/<name> (created on first use)."""
    if os.environ.get(name):
        return os.environ[name]
    path = VAR_DIR / name.lower()
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        old_umask = os.umask(0o077)
        try:
            path.write_text(secrets.token_urlsafe(48))
        finally:
            os.umask(old_umask)
    return path.read_text().strip()


def embedded_database_url(database: str = "clinica_erp") -> str:
    """URL of the project's embedded PostgreSQL (scripts/localpg.sh starts it)."""
    password_file = VAR_DIR / "pg_password"
    password = password_file.read_text().strip() if password_file.exists() else ""
    port = os.environ.get("LOCAL_PG_PORT", "54329")
    return f"postgresql://clinica:{password}@127.0.0.1:{port}/{database}"


class Config:
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,
        # SQL parameters carry patient data and the data-encryption key: keep them out of error messages (logs).
        "hide_parameters": True,
        "pool_size": 10,
        "max_overflow": 10,
        "connect_args": {
            "connect_timeout": 5,
            # Every query of the app is short: starting parallel workers (~5-10 ms) or JIT-compiling a plan costs
            # more than it saves, and on a busy server they take the cores other requests need
            # (the one-year summary went from 12.6 to 2.3 ms without them; docs/performance.md).
            "options": "-c statement_timeout={} -c lock_timeout={} -c max_parallel_workers_per_gather=0 -c jit=off".format(
                os.environ.get("STATEMENT_TIMEOUT_MS", "10000"), os.environ.get("LOCK_TIMEOUT_MS", "5000")
            ),
            "application_name": "clinica-erp",
        },
    }

    JWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=1)
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=30)
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ALGORITHM = "HS256"
    JWT_DECODE_ALGORITHMS = ["HS256"]
    # The refresh token of the web UI travels in an HttpOnly cookie scoped to /api/auth; the refresh
    # endpoint checks the X-Requested-With header itself (routes/auth.py), so the library's
    # double-submit CSRF cookie is not used.
    JWT_REFRESH_COOKIE_NAME = "clinica_refresh"
    JWT_REFRESH_COOKIE_PATH = "/api/auth"
    JWT_COOKIE_CSRF_PROTECT = False

    # Sessions (one per login: every token carries its id). A session ends after SESSION_IDLE_TIMEOUT
    # without requests and SESSION_MAX_AGE after the login in any case; its last activity is written
    # at most once per SESSION_TOUCH_INTERVAL (docs/security.md, "Sesiones").
    SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "15")))
    SESSION_MAX_AGE = timedelta(hours=float(os.environ.get("SESSION_MAX_HOURS", "12")))
    SESSION_TOUCH_INTERVAL = timedelta(seconds=60)

    ITEMS_PER_PAGE = 20
    MAX_PER_PAGE = 100
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 1024 * 1024))

    # Login throttling (app/services/limite_login.py; docs/security.md, "Límite de intentos de inicio de sesión").
    # An account: after LOGIN_MAX_FAILURES failures (since its last success, within LOGIN_ACCOUNT_MEMORY) each
    # further attempt waits LOGIN_DELAY_BASE, doubled with every further failure up to LOGIN_DELAY_MAX. Failures
    # from other addresses do not delay an address that logged into the account within LOGIN_KNOWN_IP_MEMORY.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "10"))
    LOGIN_DELAY_BASE = timedelta(seconds=int(os.environ.get("LOGIN_DELAY_BASE_S", "60")))
    LOGIN_DELAY_MAX = timedelta(seconds=int(os.environ.get("LOGIN_DELAY_MAX_S", "900")))
    LOGIN_ACCOUNT_MEMORY = timedelta(hours=24)
    LOGIN_KNOWN_IP_MEMORY = timedelta(days=30)
    # An address: LOGIN_IP_MAX_FAILURES failures within LOGIN_WINDOW → 429 for that address (a clinic's staff
    # may share one public address: high enough for them, low enough to stop password spraying).
    LOGIN_IP_MAX_FAILURES = int(os.environ.get("LOGIN_IP_MAX_FAILURES", "50"))
    LOGIN_WINDOW = timedelta(minutes=15)
    # Password hashing (argon2: ARGON2_MEMORY_COST KiB each): at most this many at once per process, and at most
    # LOGIN_HASH_SLOTS at once in the whole deployment (advisory locks of PostgreSQL; 0 = no global cap). A login
    # that gets no turn within LOGIN_HASH_WAIT_S answers 503 with Retry-After.
    LOGIN_HASH_PER_PROCESS = int(os.environ.get("LOGIN_HASH_PER_PROCESS", "2"))
    LOGIN_HASH_SLOTS = int(os.environ.get("LOGIN_HASH_SLOTS", "4"))
    LOGIN_HASH_WAIT_S = float(os.environ.get("LOGIN_HASH_WAIT_S", "5"))
    # TOTP second factor (app/services/mfa_service.py): the issuer shown by authenticator apps.
    MFA_ISSUER = os.environ.get("MFA_ISSUER", "Clínica ERP")
    # The token an Administrador gets to enrol when the clinic requires TOTP and they have none yet.
    MFA_ENROLMENT_TOKEN_EXPIRES = timedelta(minutes=15)
    PASSWORD_MIN_LENGTH = 10
    # argon2id; defaults of argon2-cffi (t=3, m=64 MiB, p=4) exceed OWASP's minimum.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    # Number of reverse proxies in front of the app (X-Forwarded-For/Proto are trusted only then).
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    DEFAULT_TIME_ZONE = os.environ.get("DEFAULT_TIME_ZONE", "America/Mexico_City")
    DEFAULT_CURRENCY = "MXN"

    API_TITLE = "Clínica ERP"
    API_VERSION = "1.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/api/docs/static/"

    @classmethod
    def load_secrets(cls):
        for name in SECRET_NAMES:
            setattr(cls, name, local_secret(name))

    @staticmethod
    def init_app(app):
        pass


class DevelopmentConfig(Config):
    DEBUG = os.environ.get("FLASK_DEBUG") == "1"

    @classmethod
    def database_url(cls):
        return os.environ.get("DATABASE_URL") or os.environ.get("DEV_DATABASE_URL") or embedded_database_url()


class TestingConfig(Config):
    TESTING = True
    # Cheap hashing keeps the suite fast; the algorithm is the same.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192
    ARGON2_PARALLELISM = 1

    @classmethod
    def database_url(cls):
        return os.environ.get("TEST_DATABASE_URL") or embedded_database_url("clinica_erp_test")


class ProductionConfig(Config):
    @classmethod
    def database_url(cls):
        return os.environ.get("DATABASE_URL") or embedded_database_url()

    @classmethod
    def load_secrets(cls):
        missing = [name for name in SECRET_NAMES if len(os.environ.get(name, "")) < 32]
        if missing:
            raise RuntimeError(
                "Configuración de producción incompleta: defina " + ", ".join(missing)
                + " en el entorno (valores aleatorios de al menos 32 caracteres)"
            )
        for name in SECRET_NAMES:
            setattr(cls, name, os.environ[name])


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
