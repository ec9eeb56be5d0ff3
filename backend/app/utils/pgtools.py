"""PostgreSQL client programs (pg_dump, pg_restore) for the server's major version."""
import glob
import os
import shutil
import subprocess

from sqlalchemy.engine import make_url


def pg_binary(name):
    candidates = []
    try:
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        candidates.append(os.path.join(bindir, name))
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if shutil.which(name):
        candidates.append(shutil.which(name))
    for path in candidates:
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError(f"No se encontró {name}: instale el cliente de PostgreSQL 15 (apt-get install postgresql-client-15)")


def libpq_args(url):
    """Connection arguments and environment for a libpq program, keeping the password out of argv."""
    u = make_url(url)
    args = ["--host", u.host or "127.0.0.1", "--port", str(u.port or 5432), "--username", u.username or "postgres",
            "--dbname", u.database]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    return args, env
