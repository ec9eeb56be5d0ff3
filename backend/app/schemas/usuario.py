from marshmallow import Schema, fields

from app.schemas.common import Texto
from app.utils.auth import ROLES
from app.utils.pagination import PaginacionArgs
from app.utils.validation import longitud, no_vacio, uno_de


class UsuarioSchema(Schema):
    id = fields.Integer(dump_only=True)
    nombre = fields.String()
    apellido = fields.String()
    email = fields.String()
    rol = fields.Function(lambda u: u.rol.nombre if u.rol else None, metadata={"enum": list(ROLES)})
    sucursal_id = fields.Integer(allow_none=True)
    activo = fields.Boolean()


def usuario_json(usuario):
    """``UsuarioSchema``'s dump, built directly: `/api/auth/me` answers it on every page load, and the schema's dump
    through the request's user proxy cost more than the rest of the answer (docs/performance.md, issue 23)."""
    return {"id": usuario.id, "nombre": usuario.nombre, "apellido": usuario.apellido, "email": usuario.email,
            "rol": usuario.rol.nombre if usuario.rol else None, "sucursal_id": usuario.sucursal_id,
            "activo": usuario.activo}


class LoginSchema(Schema):
    email = Texto(required=True, validate=no_vacio(254))
    password = fields.String(required=True, validate=no_vacio(1024))
    codigo = fields.String(
        validate=longitud(20),
        metadata={"description": "Código de verificación en dos pasos (TOTP de 6 dígitos o código de recuperación): "
                                 "obligatorio si el usuario la tiene activa (si falta: 401 MFA_REQUERIDO)"},
    )
    cliente = fields.String(
        load_default="web", validate=uno_de(("web", "api")),
        metadata={"description": "web (por omisión): el token de refresco llega en una cookie HttpOnly; "
                                 "api: llega en el cuerpo de la respuesta"},
    )


class LoginRespuestaSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(metadata={"description": "Solo con \"cliente\": \"api\""})
    usuario = fields.Nested(UsuarioSchema, required=True)
    mfa_inscripcion_requerida = fields.Boolean(
        metadata={"description": "true: la clínica exige TOTP a este administrador y aún no lo tiene; el token de "
                                 "acceso solo sirve para inscribirlo (/api/auth/mfa/...)"})


class RefreshRespuestaSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(metadata={"description": "Solo si el token de refresco llegó por la cabecera "
                                                           "Authorization; si llegó en la cookie, la cookie se renueva"})


def _password_field(required):
    """The policy of every new password (API.md: at least 10 characters): creation, edit, change and reset."""
    return fields.String(required=required, validate=longitud(128, 10), load_only=True)


class PasswordCambioSchema(Schema):
    actual = fields.String(required=True, validate=no_vacio(1024), load_only=True)
    nueva = _password_field(True)


class UsuarioCrearSchema(Schema):
    nombre = Texto(required=True, validate=no_vacio(100))
    apellido = Texto(required=True, validate=no_vacio(100))
    email = fields.Email(required=True, validate=longitud(100))
    password = _password_field(True)
    rol = fields.String(required=True, validate=uno_de(ROLES))
    sucursal_id = fields.Integer(allow_none=True, load_default=None)


class UsuarioEditarSchema(Schema):
    nombre = Texto(validate=no_vacio(100))
    apellido = Texto(validate=no_vacio(100))
    rol = fields.String(validate=uno_de(ROLES))
    sucursal_id = fields.Integer(allow_none=True)
    activo = fields.Boolean()
    password = _password_field(False)


class UsuarioListaArgs(PaginacionArgs):
    q = Texto(validate=longitud(100))
    rol = fields.String(validate=uno_de(ROLES))
    activo = fields.Boolean()
    sucursal_id = fields.Integer()


class RecuperarSchema(Schema):
    email = Texto(required=True, validate=no_vacio(254), metadata={"description": "Correo de la cuenta"})


class RestablecerSchema(Schema):
    token = fields.String(required=True, validate=no_vacio(200), load_only=True,
                          metadata={"description": "El token del enlace recibido por correo (tras «#token=»)"})
    password = _password_field(True)
