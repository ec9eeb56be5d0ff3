from marshmallow import Schema, fields

from app.utils.validation import no_vacio


class MfaEstadoSchema(Schema):
    activo = fields.Boolean(required=True)
    obligatorio = fields.Boolean(required=True, metadata={"description": "La clínica exige TOTP a este usuario"})
    codigos_restantes = fields.Integer(required=True, metadata={"description": "Códigos de recuperación sin usar"})


class MfaInscripcionSchema(Schema):
    secreto = fields.String(required=True, metadata={"description": "Secreto base32, para introducirlo a mano"})
    uri = fields.String(required=True, metadata={"description": "URI otpauth:// (RFC 6238) del código QR"})
    qr_svg = fields.String(required=True, metadata={"description": "El código QR de la URI, como SVG"})


class MfaCodigoSchema(Schema):
    codigo = fields.String(required=True, validate=no_vacio(20))


class MfaActivadoSchema(Schema):
    codigos_recuperacion = fields.List(fields.String(), required=True,
                                       metadata={"description": "Se muestran solo esta vez: guárdelos"})


class MfaDesactivarSchema(Schema):
    password = fields.String(required=True, validate=no_vacio(1024), load_only=True)
    codigo = fields.String(required=True, validate=no_vacio(20), load_only=True)
