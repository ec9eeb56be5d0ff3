"""Tamper evidence for invoices: a SHA-256 fingerprint per invoice chained to the previous one of its series
(in the spirit of Spain's VeriFactu), and the verifier behind ``flask facturas verificar``.

The chain alone shows an edit that was not carried forward; someone able to write the database could recompute
every fingerprint of a series. So the head of each series (its last number and fingerprint) is exported outside
the database (``--exportar-cabeza FILE``) and checked against later (``--cabeza FILE``): every fingerprint depends
on all the earlier ones, so a rewritten chain no longer reaches the exported fingerprint at that number.
"""
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import click
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.utils.sql import sin_limite_de_tiempo
from app.models import Factura, SerieFactura

CENT = Decimal("0.01")


def _importe(valor):
    return str(Decimal(valor).quantize(CENT, rounding=ROUND_HALF_UP))


def _momento(valor):
    return valor.astimezone(UTC).isoformat(timespec="microseconds")


def calcular_huella(factura, detalles, huella_anterior):
    """SHA-256 (hex) over the invoice's number, date, issuer (branch and user), patient, lines and amounts,
    and the previous invoice's fingerprint; for a credit note also the invoice and lines it corrects and why.
    Payments, refunds, cancellation and the amount rectified are not part of it (they happen later)."""
    datos = [
        "v1", factura.serie, factura.numero, factura.numero_factura, _momento(factura.fecha_emision),
        factura.sucursal_id, factura.creado_por, factura.paciente_id, factura.cita_id,
        _importe(factura.subtotal), _importe(factura.impuesto), _importe(factura.total),
        [[d.servicio_id, d.descripcion, d.cantidad, _importe(d.precio_unitario), _importe(d.impuesto_porcentaje),
          _importe(d.subtotal), _importe(d.impuesto)] for d in detalles],
        huella_anterior,
    ]
    if any(d.descuento or d.plan_item_id for d in detalles):  # lines billing plan items, with their discount
        datos += ["descuentos", [_importe(d.descuento) for d in detalles], [d.plan_item_id for d in detalles]]
    if factura.tipo == "rectificativa":  # what it corrects is part of what cannot change
        datos += ["rectificativa", factura.factura_rectificada_id, factura.motivo_rectificacion,
                  [d.detalle_rectificado_id for d in detalles]]
    texto = json.dumps(datos, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texto.encode("utf-8")).hexdigest()


@dataclass
class Rotura:
    serie: str
    numero_factura: str | None
    motivo: str

    def __str__(self):
        donde = f"factura {self.numero_factura}" if self.numero_factura else "final de la serie"
        return f"Serie {self.serie}: eslabón roto en {donde}: {self.motivo}"


@dataclass
class ResultadoVerificacion:
    series: int
    facturas: int
    roturas: list

    @property
    def integra(self):
        return not self.roturas


def verificar_serie(serie):
    """(invoices checked, first broken link or None) for one series, walking it in number order."""
    stmt = (select(Factura).where(Factura.serie == serie.serie).order_by(Factura.numero)
            .options(selectinload(Factura.detalles)).execution_options(yield_per=500))
    esperado, anterior, contadas = 1, None, 0
    for factura in db.session.scalars(stmt):
        contadas += 1
        if factura.numero != esperado:
            motivo = (f"falta el número {esperado}" if factura.numero > esperado
                      else f"número {factura.numero} repetido o fuera de orden")
            return contadas, Rotura(serie.serie, factura.numero_factura, motivo)
        if factura.huella_anterior != anterior:
            return contadas, Rotura(serie.serie, factura.numero_factura,
                                    "la huella anterior no coincide con la factura previa")
        if calcular_huella(factura, factura.detalles, anterior) != factura.huella:
            return contadas, Rotura(serie.serie, factura.numero_factura,
                                    "los datos no coinciden con su huella (factura alterada)")
        anterior, esperado = factura.huella, esperado + 1
    if serie.ultimo_numero != esperado - 1:
        return contadas, Rotura(serie.serie, None, f"el contador indica {serie.ultimo_numero} facturas y hay "
                                                   f"{esperado - 1} correlativas")
    if serie.ultima_huella != anterior:
        return contadas, Rotura(serie.serie, None, "la última huella de la serie no coincide con su última factura")
    return contadas, None


def verificar(cabeza=None):
    """Check every series; with ``cabeza`` (an exported head), also that each series still holds that head."""
    series = db.session.scalars(select(SerieFactura).order_by(SerieFactura.serie)).all()
    conocidas = {s.serie for s in series}
    roturas, total = [], 0
    for serie in series:
        contadas, rotura = verificar_serie(serie)
        total += contadas
        if rotura:
            roturas.append(rotura)
    huerfanas = db.session.scalars(select(Factura.serie).distinct().order_by(Factura.serie)).all()
    roturas += [Rotura(s, None, "la serie no tiene contador") for s in huerfanas if s not in conocidas]
    if cabeza is not None:
        roturas += comparar_cabeza(cabeza)
    return ResultadoVerificacion(series=len(series), facturas=total, roturas=roturas)


def cabeza_actual():
    """The head of every series: {"exportada": ISO time, "series": {serie: {"numero", "huella"}}}."""
    series = db.session.scalars(select(SerieFactura).order_by(SerieFactura.serie)).all()
    return {"exportada": datetime.now(UTC).isoformat(timespec="seconds"),
            "series": {s.serie: {"numero": s.ultimo_numero, "huella": s.ultima_huella} for s in series}}


def comparar_cabeza(cabeza):
    """Broken links between an exported head and the database: the invoice at each exported number must still
    carry the exported fingerprint (and exist)."""
    roturas = []
    for serie, dato in sorted(cabeza.get("series", {}).items()):
        if not dato.get("numero"):
            continue
        huella = db.session.scalar(select(Factura.huella).where(Factura.serie == serie,
                                                                 Factura.numero == dato["numero"]))
        if huella is None:
            roturas.append(Rotura(serie, None, f"falta la factura número {dato['numero']} de la cabeza exportada el "
                                               f"{cabeza.get('exportada')}"))
        elif huella != dato["huella"]:
            roturas.append(Rotura(serie, None, f"la factura número {dato['numero']} no tiene la huella exportada el "
                                               f"{cabeza.get('exportada')}: la cadena fue reescrita"))
    return roturas


def register_cli(app):
    """``flask facturas verificar``: exit status 1 and the first broken link of each series, if any."""

    @app.cli.group("facturas")
    def facturas():
        """Facturas: verificación de la cadena de huellas."""

    @facturas.command("verificar")
    @click.option("--exportar-cabeza", "exportar", type=click.Path(dir_okay=False),
                  help="Guardar la cabeza de cada serie (último número y huella) en este archivo, fuera de la base")
    @click.option("--cabeza", "cabeza", type=click.File("r", encoding="utf-8"),
                  help="Comprobar también una cabeza exportada antes: detecta una cadena reescrita entera")
    def verificar_cmd(exportar, cabeza):
        """Recompute every invoice's fingerprint and check the chain of each series."""
        sin_limite_de_tiempo()
        anterior = None
        if cabeza is not None:
            try:
                anterior = json.load(cabeza)
            except ValueError as exc:
                raise click.ClickException(f"La cabeza {cabeza.name} no es un JSON válido") from exc
        resultado = verificar(anterior)
        if not resultado.integra:
            for rotura in resultado.roturas:
                click.echo(str(rotura), err=True)
            raise SystemExit(1)
        click.echo(f"Cadena de huellas íntegra: {resultado.facturas} facturas en {resultado.series} series."
                   + (" Coincide con la cabeza exportada." if anterior is not None else ""))
        if exportar:
            datos = cabeza_actual()
            fd = os.open(exportar, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as archivo:
                json.dump(datos, archivo, ensure_ascii=False, indent=1)
            for serie, dato in datos["series"].items():
                click.echo(f"Cabeza de la serie {serie}: número {dato['numero']}, huella {dato['huella']}")
            click.echo(f"Cabeza exportada a {exportar}: guárdela fuera del servidor de la base de datos.")
