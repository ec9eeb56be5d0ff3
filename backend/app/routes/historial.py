from flask_smorest import Blueprint

blp = Blueprint("historial", __name__, url_prefix="/api/historial", description="Historial clínico")
