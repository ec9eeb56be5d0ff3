from flask_smorest import Blueprint

blp = Blueprint("reportes", __name__, url_prefix="/api/reportes", description="Reportes")
