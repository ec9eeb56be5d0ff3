"""Helpers shared by the part-2 browser tests (consultation, billing, dashboard, reports, admin, audit)."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

# The browser context runs in this zone (conftest: timezone_id), like the factories' branches.
ZONA = ZoneInfo("America/Mexico_City")


def hoy():
    return datetime.now(ZONA).date()


def errores(page, *estados_esperados):
    """Console errors, minus the "Failed to load resource" lines of the HTTP statuses a test provokes on purpose."""
    if not estados_esperados:
        return list(page.console.errors)
    estados = "|".join(str(e) for e in estados_esperados)
    patron = re.compile(rf"^Failed to load resource: the server responded with a status of ({estados})\b")
    return [e for e in page.console.errors if not patron.search(e)]


def elegir(scope, etiqueta, opcion):
    """Pick `opcion` in the MUI select labelled `etiqueta` (scope: the page or a dialog)."""
    scope.get_by_role("combobox", name=etiqueta).click()
    pagina = scope.page if hasattr(scope, "page") and not callable(getattr(scope, "goto", None)) else scope
    pagina.get_by_role("option", name=opcion, exact=True).click()
