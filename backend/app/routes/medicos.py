from flask_smorest import Blueprint

blp = Blueprint("medicos", __name__, url_prefix="/api/medicos", description="Médicos y horarios")
