"""The reception's list of online bookings: new patients highlighted, possible duplicates flagged."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.reservas_recepcion import ReservaEnLineaSchema, ReservasEnLineaArgs
from app.services import reservas_recepcion
from app.utils.auth import ADMIN, RECEPCIONISTA, alcance_actual, role_required
from app.utils.pagination import envelope, ya_serializada

blp = Blueprint("reservas_recepcion", __name__, url_prefix="/api/reservas-en-linea",
                description="Reservas en línea (recepción)")


@blp.route("")
class ReservasEnLinea(MethodView):
    @role_required(ADMIN, RECEPCIONISTA)
    @blp.arguments(ReservasEnLineaArgs, location="query")
    @blp.response(200, envelope(ReservaEnLineaSchema))
    def get(self, args):
        """Citas reservadas por los pacientes en línea, de hoy en adelante, por fecha y hora (la sucursal de una
        recepcionista limitada a ella); `paciente_nuevo` y `posibles_duplicados` para decidir una fusión."""
        pagina = reservas_recepcion.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return ya_serializada(pagina)
