"""Helpers shared by the part-2 browser tests (consultation, billing, dashboard, reports, admin, audit)."""
from datetime import datetime
from zoneinfo import ZoneInfo

# The browser context runs in this zone (conftest: timezone_id), like the factories' branches.
ZONA = ZoneInfo("America/Mexico_City")


def hoy():
    return datetime.now(ZONA).date()


def elegir(scope, etiqueta, opcion):
    """Pick `opcion` in the MUI select labelled `etiqueta` (scope: the page or a dialog)."""
    scope.get_by_role("combobox", name=etiqueta).click()
    pagina = scope.page if hasattr(scope, "page") and not callable(getattr(scope, "goto", None)) else scope
    pagina.get_by_role("option", name=opcion, exact=True).click()
