"""scripts/localpg.sh never deletes a data directory: without its password it refuses to start and says how to
recover (it used to delete the cluster and create an empty one)."""
import os
import subprocess

from tests.servidor import BACKEND

SCRIPT = BACKEND.parent / "scripts" / "localpg.sh"


def test_a_cluster_without_its_password_is_kept_and_the_script_explains_the_recovery(tmp_path):
    var, pg = tmp_path / "var", tmp_path / "pg"
    datos = pg / "data"
    datos.mkdir(parents=True)
    var.mkdir()
    (datos / "PG_VERSION").write_text("15\n")
    (datos / "historias_clinicas").write_text("datos que no existen en otro sitio")
    env = {**os.environ, "LOCAL_PG_VAR": str(var), "LOCAL_PG_DIR": str(pg), "LOCAL_PG_PORT": "54399"}

    resultado = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=60)

    assert resultado.returncode == 1
    assert "falta su contraseña" in resultado.stderr and "no se inicia ni se borra nada" in resultado.stderr
    assert "Restaure el directorio var/" in resultado.stderr and str(var / "pg_password") in resultado.stderr
    assert (datos / "historias_clinicas").read_text() == "datos que no existen en otro sitio"
    assert sorted(p.name for p in datos.iterdir()) == ["PG_VERSION", "historias_clinicas"]
    assert not (var / "pg_password").exists()  # no new password either: the old one may still be found
