"""Spanish validation messages for marshmallow, and validators matching the columns."""
from marshmallow import fields, validate

FIELD_MESSAGES = {
    fields.Field: {
        "required": "Este campo es obligatorio.",
        "null": "Este campo no puede ser nulo.",
        "validator_failed": "Valor no válido.",
    },
    fields.String: {"invalid": "Debe ser un texto.", "invalid_utf8": "No es un texto UTF-8 válido."},
    fields.Integer: {"invalid": "Debe ser un número entero.", "too_large": "El número es demasiado grande."},
    fields.Number: {"invalid": "Debe ser un número.", "too_large": "El número es demasiado grande."},
    fields.Decimal: {"special": "No se admiten valores especiales como NaN o Infinity."},
    fields.Boolean: {"invalid": "Debe ser verdadero o falso."},
    fields.Date: {"invalid": "Fecha no válida (formato AAAA-MM-DD).", "format": "Fecha no válida."},
    fields.DateTime: {"invalid": "Fecha y hora no válidas (ISO 8601).", "format": "Fecha y hora no válidas."},
    fields.Time: {"invalid": "Hora no válida (formato HH:MM).", "format": "Hora no válida."},
    fields.Email: {"invalid": "Correo electrónico no válido."},
    fields.List: {"invalid": "Debe ser una lista."},
    fields.Nested: {"type": "Debe ser un objeto."},
    fields.Dict: {"invalid": "Debe ser un objeto."},
}


def install_spanish_messages():
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.default_error_messages, **messages}
    from marshmallow import Schema

    Schema._default_error_messages = {
        **Schema._default_error_messages,
        "type": "Debe ser un objeto JSON.",
        "unknown": "Campo no permitido.",
    }


install_spanish_messages()


def longitud(maximo, minimo=0):
    if minimo:
        return validate.Length(min=minimo, max=maximo, error="Debe tener entre {min} y {max} caracteres.")
    return validate.Length(max=maximo, error="Máximo {max} caracteres.")


def no_vacio(maximo):
    return validate.Length(min=1, max=maximo, error="Debe tener entre {min} y {max} caracteres.")


def rango(minimo=None, maximo=None):
    return validate.Range(min=minimo, max=maximo, error="Debe estar entre {min} y {max}.")


# A row's id: a positive PostgreSQL integer (a larger number would reach the database as an out-of-range error).
ID = rango(1, 2_147_483_647)


def uno_de(opciones):
    return validate.OneOf(opciones, error="Debe ser uno de: {choices}.")


def en_orden(data, inicio, fin, *, estricto=False):
    """Refuse ``fin`` when both values are given and it comes before ``inicio`` (or equals it, if estricto)."""
    from marshmallow import ValidationError

    a, b = data.get(inicio), data.get(fin)
    if a is not None and b is not None and (b < a or (estricto and b == a)):
        raise ValidationError(f"Debe ser {'' if estricto else 'igual o '}posterior a {inicio}.", fin)
