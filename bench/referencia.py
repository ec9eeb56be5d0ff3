"""The benchmark's reference (issue 23): what `GET /api/auth/me` fundamentally needs, and nothing else.

Not part of the product. A minimal Flask app that verifies the request's HS256 access token with
flask-jwt-extended (the project's secret, so the bench's tokens work here too) and loads the user by id with one
indexed query through a SQLAlchemy connection pool; it answers the same JSON as the project's `/api/auth/me`.
`make bench` serves it with gunicorn and the same settings as the app (bench/run.py, `Referencia`) and measures
every read alternated with it: each scenario's `fraccion_referencia` is its throughput over this one's.

    DATABASE_URL=postgresql://… gunicorn -c backend/gunicorn.conf.py --chdir bench referencia:app
"""
import os
import sys
from pathlib import Path

from flask import Flask, jsonify
from flask_jwt_extended import JWTManager, get_jwt_identity, jwt_required
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
from config import local_secret  # the same secret as the app's default configuration

USUARIO = text("""SELECT u.id, u.nombre, u.apellido, u.email, r.nombre AS rol, u.sucursal_id, u.activo
                    FROM security.usuarios u LEFT JOIN security.roles r ON r.id = u.rol_id
                   WHERE u.id = :id""")


def create_app():
    app = Flask(__name__)
    app.config.update(JWT_SECRET_KEY=os.environ.get("JWT_SECRET_KEY") or local_secret("JWT_SECRET_KEY"),
                      JWT_ALGORITHM="HS256", JWT_DECODE_ALGORITHMS=["HS256"], JWT_TOKEN_LOCATION=["headers"])
    JWTManager(app)
    motor = create_engine(os.environ["DATABASE_URL"], pool_size=10, max_overflow=10)

    @app.get("/api/auth/me")
    @jwt_required()
    def me():
        with motor.connect() as conn:
            fila = conn.execute(USUARIO, {"id": int(get_jwt_identity())}).mappings().first()
        if fila is None or not fila["activo"]:
            return jsonify(message="El token no es válido"), 401
        return jsonify(dict(fila))

    return app


app = create_app()
