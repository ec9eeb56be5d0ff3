"""Extensions, created once and imported everywhere."""
from flask_marshmallow import Marshmallow
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from app.schemas.common import ErrorSchema
from app.utils.conexiones import SesionEnrutada
from app.utils.jwt_verificados import JWTManagerConMemoria

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# The session routes the reads of replica views to DATABASE_REPLICA_URL (app/utils/conexiones.py).
db = SQLAlchemy(model_class=Base, session_options={"class_": SesionEnrutada})
migrate = Migrate()
ma = Marshmallow()
jwt = JWTManagerConMemoria()  # remembers verified tokens: app/utils/jwt_verificados.py


class ClinicaApi(Api):
    ERROR_SCHEMA = ErrorSchema


api = ClinicaApi()


def confirmar_sin_recargar():
    """Commit the request's work (a read's audit rows or a write) without expiring the loaded objects, so the
    answer is serialised from them as they are: after a plain commit, dumping them would reload each object
    and relationship, one query each. (No trigger of this schema changes a row it writes.)"""
    sesion = db.session()
    anterior = sesion.expire_on_commit
    sesion.expire_on_commit = False
    try:
        sesion.commit()
    finally:
        sesion.expire_on_commit = anterior
