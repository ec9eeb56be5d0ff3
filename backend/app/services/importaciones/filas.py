"""What the processors of each kind of import share: a batch's outcome, and a row read through the map."""
from dataclasses import dataclass, field

from marshmallow import ValidationError


@dataclass
class Resultado:
    """A batch's outcome: how many rows were created, already existed or were refused, and the refusals."""

    creadas: int = 0
    existentes: int = 0
    con_errores: int = 0
    errores: list = field(default_factory=list)  # {fila, columna, campo, mensaje}


def _mensajes(valor):
    """marshmallow's messages of a field (a list, or a dict for nested values) as plain strings."""
    if isinstance(valor, dict):
        return [m for v in valor.values() for m in _mensajes(v)]
    if isinstance(valor, (list, tuple)):
        return [m for v in valor for m in _mensajes(v)]
    return [str(valor)]


class Procesador:
    """Reads rows through the column map; subclasses validate them and decide what each becomes."""

    def __init__(self, *, alcance, importacion_id, mapa, columnas, simular):
        self.alcance = alcance
        self.importacion_id = importacion_id
        self.simular = simular
        self.mapa = mapa
        # (cell index, column, field) of every mapped column
        self.asignadas = [(columnas.index(columna), columna, campo) for columna, campo in mapa.items()]
        self.columna_de = {campo: columna for columna, campo in mapa.items()}

    def celdas(self, celdas):
        """{field: trimmed text} of the row's non-empty mapped cells."""
        valores = {}
        for indice, _, campo in self.asignadas:
            if indice < len(celdas):
                valor = celdas[indice].strip()
                if valor:
                    valores[campo] = valor
        return valores

    def convertir(self, valores, conversiones):
        """Apply ``conversiones`` ({field: function}) to the values; (values, {field: [messages]})."""
        errores = {}
        for campo, funcion in conversiones.items():
            if campo in valores:
                try:
                    valores[campo] = funcion(valores[campo])
                except ValueError as exc:
                    errores[campo] = [str(exc)]
                    del valores[campo]
        return valores, errores

    def cargar(self, schema, valores, errores):
        """Validate with the API's schema; the loaded data, or None with the messages added to ``errores``."""
        try:
            cargado = schema.load(valores)
        except ValidationError as exc:
            for campo, mensajes in exc.messages.items():
                errores.setdefault(campo, _mensajes(mensajes))
            return None
        return None if errores else cargado

    def error(self, resultado, fila, errores, columna_de=None):
        """Record a refused row: one error per field and message."""
        resultado.con_errores += 1
        columna_de = columna_de or self.columna_de
        for campo, mensajes in errores.items():
            campo = None if campo == "_schema" else campo
            for mensaje in mensajes:
                resultado.errores.append({"fila": fila, "columna": columna_de.get(campo), "campo": campo,
                                          "mensaje": mensaje})
