"""Configuration classes (seed: development / testing / production).

Secrets come from the environment. Outside production, a missing secret is generated once into
``var/`` of the checkout, so a fresh clone runs without setup; production refuses to start
without real secrets.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path

import orjson

BACKEND_DIR = Path(__file__).resolve().parent
ROOT_DIR = BACKEND_DIR.parent
VAR_DIR = ROOT_DIR / "var"
FRONTEND_DIST = ROOT_DIR / "frontend" / "dist"

SECRET_NAMES = ("SECRET_KEY", "JWT_SECRET_KEY", "DATA_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "AUDIT_HMAC_KEY")
# Needed only by `flask backup` / `flask restore`: production asks for it there, not at start-up.
OPTIONAL_SECRET_NAMES = ("BACKUP_KEY",)
# The embedded cluster's two login roles: the owner (migrations, setup, backups) and the application's.
EMBEDDED_OWNER = ("clinica", "pg_password")
EMBEDDED_APP = ("clinica_app", "pg_app_password")


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


def embedded_database_url(database: str = "clinica_erp", role=EMBEDDED_OWNER) -> str:
    """URL of the project's embedded PostgreSQL (scripts/localpg.sh starts it), as its owner by default."""
    user, password_name = role
    password_file = VAR_DIR / password_name
    password = password_file.read_text().strip() if password_file.exists() else ""
    port = os.environ.get("LOCAL_PG_PORT", "54329")
    return f"postgresql://{user}:{password}@127.0.0.1:{port}/{database}"


def embedded_app_url(database: str = "clinica_erp") -> str:
    """The same database as the application's role (no DDL, append-only audit and invoice history)."""
    return embedded_database_url(database, EMBEDDED_APP)


def owner_database_url(app_url_from_env: str | None, embedded_database: str = "clinica_erp") -> str | None:
    """URL for migrations, setup and backups: DATABASE_OWNER_URL (or MIGRATION_DATABASE_URL); else the
    embedded owner when the app runs on the embedded cluster; else None (one role does everything)."""
    explicit = os.environ.get("DATABASE_OWNER_URL") or os.environ.get("MIGRATION_DATABASE_URL")
    if explicit:
        return explicit
    return None if app_url_from_env else embedded_database_url(embedded_database)


class Config:
    REFRESH_COOKIE_SECURE = False  # besides: Secure whenever the request came over TLS
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {
        # No ping before each checkout (a round trip on every request): connections are replaced after
        # POOL_RECYCLE_S, and a request whose first statement meets a connection the server dropped (a restart, a
        # failover) is run once more on a new one (app/utils/conexiones.py; docs/escalado.md, "Conexiones").
        "pool_recycle": int(os.environ.get("POOL_RECYCLE_S", "600")),
        # json and jsonb columns parsed by orjson, not the standard library: ~5× faster on the long ones (a cash
        # session's movements, built as JSON by the database; docs/performance.md).
        "json_deserializer": orjson.loads,
        # SQL parameters carry patient data and the data-encryption key: keep them out of error messages (logs).
        "hide_parameters": True,
        "pool_size": 10,
        "max_overflow": 10,
        "connect_args": {
            "connect_timeout": 5,
            # A server host that vanishes without resetting its connections (a failover, a cut network) is noticed
            # within a minute instead of TCP's ~15: a request thread, or the replica's health check, waiting on it
            # gets an error (503) and the pool a new connection.
            "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3,
            # Every query of the app is short: starting parallel workers (~5-10 ms) or JIT-compiling a plan costs
            # more than it saves, and on a busy server they take the cores other requests need
            # (the one-year summary went from 12.6 to 2.3 ms without them; docs/performance.md).
            "options": "-c statement_timeout={} -c lock_timeout={} -c max_parallel_workers_per_gather=0 -c jit=off".format(
                os.environ.get("STATEMENT_TIMEOUT_MS", "10000"), os.environ.get("LOCK_TIMEOUT_MS", "5000")
            ),
            "application_name": "clinica-erp",
        },
    }

    # Scale-out (docs/escalado.md). Reports, exports and the audit list read from DATABASE_REPLICA_URL (a streaming
    # standby) while it is up and less than REPLICA_MAX_LAG_S behind; a user who just wrote reads from the primary
    # until the replica has replayed that write. DATABASE_POOLER=transaccion: the app sits behind PgBouncer in
    # transaction mode, so the connection settings travel with each transaction (SET LOCAL), not at start-up.
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL") or None
    REPLICA_MAX_LAG_S = float(os.environ.get("REPLICA_MAX_LAG_S", "5"))
    DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "")
    # Seconds a client is told to wait (Retry-After) when the database is unreachable (a restart, a failover).
    DB_RETRY_AFTER_S = int(os.environ.get("DB_RETRY_AFTER_S", "2"))

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
    # Who may show the online booking pages (/reservar) inside an <iframe>: a CSP frame-ancestors source list, e.g.
    # "https://www.miclinica.mx"; "*" (the default) lets any website of the clinic embed them. Other pages: nobody.
    RESERVAR_FRAME_ANCESTORS = os.environ.get("RESERVAR_FRAME_ANCESTORS", "*")

    # Patient messages (docs/comunicaciones.md). Links in messages point to PUBLIC_BASE_URL (the web UI as
    # patients reach it). A channel without its settings delivers to the outbox only (canal "registro").
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}")
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_FROM = os.environ.get("SMTP_FROM")
    SMTP_SEGURIDAD = os.environ.get("SMTP_SEGURIDAD", "starttls")  # starttls | ssl | ninguna (a local relay)
    # CA bundle (PEM) that signs a private relay's certificate; it replaces the system's CAs for SMTP only.
    SMTP_CA_FILE = os.environ.get("SMTP_CA_FILE")
    WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN")
    WHATSAPP_PHONE_ID = os.environ.get("WHATSAPP_PHONE_ID")
    WHATSAPP_API_URL = os.environ.get("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
    SMS_API_URL = os.environ.get("SMS_API_URL")
    SMS_ACCOUNT = os.environ.get("SMS_ACCOUNT")
    SMS_TOKEN = os.environ.get("SMS_TOKEN")
    SMS_FROM = os.environ.get("SMS_FROM")
    # A failed delivery is retried after 1, 5, 25, … minutes, MENSAJES_MAX_INTENTOS tries in all, then fallido.
    MENSAJES_MAX_INTENTOS = int(os.environ.get("MENSAJES_MAX_INTENTOS", "5"))
    MENSAJES_ESPERA_BASE = timedelta(seconds=int(os.environ.get("MENSAJES_ESPERA_BASE_S", "60")))
    # The worker: seconds between polls of the outbox when it is idle; seconds of a channel's network call.
    WORKER_INTERVALO_S = float(os.environ.get("WORKER_INTERVALO_S", "1"))
    # Deliveries yield to the API's requests: the worker runs at a lower CPU priority (nice) and rests this long
    # after each busy pass (measured in docs/performance.md: the reads' p95 with the worker busy).
    WORKER_NICE = int(os.environ.get("WORKER_NICE", "10"))
    WORKER_PAUSA_S = float(os.environ.get("WORKER_PAUSA_S", "0.1"))
    CANAL_TIMEOUT_S = float(os.environ.get("CANAL_TIMEOUT_S", "10"))
    # Public (no-login) routes: requests per client address and route group in a one-minute window, counted in
    # PostgreSQL (app/services/limite_publico.py); above it → 429 LIMITE with Retry-After.
    PUBLICO_LIMITE_POR_MINUTO = int(os.environ.get("PUBLICO_LIMITE_POR_MINUTO", "30"))
    # Groups with a limit of their own: the calendar feed is polled by calendar services from shared addresses;
    # the password reset is also capped per e-mail (recuperacion_service).
    AGENDA_ICS_LIMITE_POR_MINUTO = int(os.environ.get("AGENDA_ICS_LIMITE_POR_MINUTO", "60"))
    RECUPERACION_LIMITE_POR_MINUTO = int(os.environ.get("RECUPERACION_LIMITE_POR_MINUTO", "10"))
    # Online booking (app/services/reservas/): booking requests per client address and hour; open requests and
    # upcoming online bookings per e-mail address; the least time a person takes to fill the form (seconds).
    RESERVA_POR_IP_POR_HORA = int(os.environ.get("RESERVA_POR_IP_POR_HORA", "10"))
    RESERVA_PENDIENTES_POR_EMAIL = int(os.environ.get("RESERVA_PENDIENTES_POR_EMAIL", "3"))
    RESERVA_FORMULARIO_MINIMO_S = int(os.environ.get("RESERVA_FORMULARIO_MINIMO_S", "3"))
    # Share of counted requests that also delete windows older than a day (the table's only clean-up).
    PUBLICO_LIMITE_LIMPIEZA = float(os.environ.get("PUBLICO_LIMITE_LIMPIEZA", "0.01"))
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
        # An installation from before AUDIT_HMAC_KEY existed signed its audit rows with a key derived from
        # SECRET_KEY (auditoria_service._clave): it keeps doing so, or its log would stop verifying.
        anterior = (not os.environ.get("AUDIT_HMAC_KEY") and (VAR_DIR / "secret_key").exists()
                    and not (VAR_DIR / "audit_hmac_key").exists())
        for name in SECRET_NAMES + OPTIONAL_SECRET_NAMES:
            setattr(cls, name, None if name == "AUDIT_HMAC_KEY" and anterior else local_secret(name))

    @classmethod
    def owner_url(cls):
        return owner_database_url(os.environ.get("DATABASE_URL") or os.environ.get("DEV_DATABASE_URL"))

    @classmethod
    def init_app(cls, app):
        """After the overrides: the owner's URL, the application role's name, the data key as a session setting."""
        from sqlalchemy.engine import make_url

        from app.utils.crypto import connection_options

        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if not app.config.get("DATABASE_OWNER_URL"):
            # An app pointed at another database by an override migrates that database with its own URL.
            propia = url == cls.database_url()
            app.config["DATABASE_OWNER_URL"] = (cls.owner_url() if propia else None) or url
        app.config.setdefault("DATABASE_APP_ROLE", os.environ.get("DATABASE_APP_ROLE") or make_url(url).username)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = connection_options(app.config.get("SQLALCHEMY_ENGINE_OPTIONS"),
                                                                     app.config["DATA_ENCRYPTION_KEY"])
        from app.utils.conexiones import configurar

        configurar(app.config)


class DevelopmentConfig(Config):
    DEBUG = os.environ.get("FLASK_DEBUG") == "1"

    @classmethod
    def database_url(cls):
        return os.environ.get("DATABASE_URL") or os.environ.get("DEV_DATABASE_URL") or embedded_app_url()


class TestingConfig(Config):
    TESTING = True
    # Cheap hashing keeps the suite fast; the algorithm is the same.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192
    ARGON2_PARALLELISM = 1
    # No channel reaches the outside from a test, whatever the environment says: tests that need one point
    # it at a local server of their own.
    SMTP_HOST = WHATSAPP_TOKEN = WHATSAPP_PHONE_ID = SMS_API_URL = None
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"

    @classmethod
    def database_url(cls):
        return os.environ.get("TEST_DATABASE_APP_URL") or embedded_app_url("clinica_erp_test")

    @classmethod
    def owner_url(cls):
        return os.environ.get("TEST_DATABASE_URL") or embedded_database_url("clinica_erp_test")


class ProductionConfig(Config):
    # Production sits behind a TLS proxy: the refresh cookie is Secure even if the request looks like HTTP.
    REFRESH_COOKIE_SECURE = True

    @classmethod
    def database_url(cls):
        return os.environ.get("DATABASE_URL") or embedded_app_url()

    @classmethod
    def owner_url(cls):
        return owner_database_url(os.environ.get("DATABASE_URL"))

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
        # Checked by `flask backup` / `flask restore` (production never writes it to var/).
        cls.BACKUP_KEY = os.environ.get("BACKUP_KEY")


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
