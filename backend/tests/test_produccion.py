"""The production entry point (gunicorn with gunicorn.conf.py) starts the production configuration unless told
otherwise; `make run` asks for development; production needs every secret, AUDIT_HMAC_KEY among them."""
import os
import subprocess

import pytest

from config import SECRET_NAMES, ProductionConfig
from tests.servidor import BACKEND, GUNICORN, puerto_libre

ROOT = BACKEND.parent


def _entorno_sin_configuracion(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("FLASK_CONFIG", "FLASK_DEBUG", *SECRET_NAMES, "BACKUP_KEY")}
    return {**env, "PORT": str(puerto_libre()), "GUNICORN_WORKERS": "1", **extra}


def test_gunicorn_starts_the_production_configuration_by_default(app_database_url):
    """Without FLASK_CONFIG and without secrets in the environment, the production config refuses to start
    (development would have generated them into var/)."""
    resultado = subprocess.run([str(GUNICORN), "--config", "gunicorn.conf.py", "run:app"], cwd=BACKEND,
                               env=_entorno_sin_configuracion(DATABASE_URL=app_database_url),
                               capture_output=True, text=True, timeout=60)
    assert resultado.returncode != 0
    salida = resultado.stdout + resultado.stderr
    assert "Configuración de producción incompleta" in salida
    for nombre in SECRET_NAMES:
        assert nombre in salida


def test_make_run_asks_for_the_development_configuration():
    receta = subprocess.run(["make", "-n", "--no-print-directory", "run"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "FLASK_CONFIG": ""}, timeout=60)
    assert "scripts/serve.sh" in receta.stdout, receta.stdout
    # serve.sh starts gunicorn and the message worker with the development configuration unless told otherwise
    guion = (ROOT / "scripts" / "serve.sh").read_text().splitlines()
    exporta = next(i for i, linea in enumerate(guion) if 'FLASK_CONFIG="${FLASK_CONFIG:-development}"' in linea
                   and linea.startswith("export "))
    arranques = [i for i, linea in enumerate(guion) if "gunicorn" in linea and not linea.startswith("#")
                 or "flask worker" in linea and not linea.startswith("#")]
    assert arranques and all(i > exporta for i in arranques)


@pytest.mark.parametrize("falta", SECRET_NAMES)
def test_production_refuses_to_start_without_each_secret(monkeypatch, falta):
    for nombre in SECRET_NAMES:
        monkeypatch.setenv(nombre, "x" * 40)
    monkeypatch.delenv(falta)
    with pytest.raises(RuntimeError, match=f"incompleta: defina {falta} "):
        ProductionConfig.load_secrets()
    assert "AUDIT_HMAC_KEY" in SECRET_NAMES


@pytest.mark.parametrize("instalacion_anterior", [True, False])
def test_an_installation_from_before_the_audit_key_keeps_signing_with_its_old_key(tmp_path, monkeypatch,
                                                                                 instalacion_anterior):
    import config

    monkeypatch.setattr(config, "VAR_DIR", tmp_path)
    monkeypatch.delenv("AUDIT_HMAC_KEY", raising=False)
    if instalacion_anterior:
        (tmp_path / "secret_key").write_text("clave-de-una-instalacion-anterior")

    class Local(config.DevelopmentConfig):
        pass

    Local.load_secrets()
    if instalacion_anterior:  # None: auditoria_service derives the old key from SECRET_KEY, as before
        assert Local.AUDIT_HMAC_KEY is None and not (tmp_path / "audit_hmac_key").exists()
        assert Local.SECRET_KEY == "clave-de-una-instalacion-anterior"
    else:  # a new installation gets a key of its own
        assert (tmp_path / "audit_hmac_key").read_text().strip() == Local.AUDIT_HMAC_KEY
