"""Shared schema pieces: money as a two-decimal string, HH:MM times, trimmed strings."""
from datetime import time
from decimal import ROUND_HALF_UP, Decimal

from marshmallow import Schema, fields


class Dinero(fields.Decimal):
    """Money: accepted as string or number, answered as a string with two decimals ("1160.00")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 2)
        kwargs.setdefault("rounding", ROUND_HALF_UP)
        super().__init__(as_string=True, allow_nan=False, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class Hora(fields.Time):
    """Times as HH:MM on output; HH:MM or HH:MM:SS on input."""

    def _serialize(self, value: time | None, attr, obj, **kwargs):
        return None if value is None else value.strftime("%H:%M")

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) == 5:
            value = value + ":00"
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is not None or result.microsecond:
            raise self.make_error("invalid")
        return result


class Texto(fields.String):
    """A string with surrounding whitespace removed; empty becomes None when allowed."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs).strip()
        if "\x00" in result:
            raise self.make_error("invalid")
        if result == "" and self.allow_none:
            return None
        return result


class Referencia(Schema):
    """{id, nombre} of a related object."""

    id = fields.Integer()
    nombre = fields.String()


class PersonaRef(Schema):
    id = fields.Integer()
    nombre = fields.String()
    apellido = fields.String()
