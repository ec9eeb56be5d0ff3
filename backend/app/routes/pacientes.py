from flask_smorest import Blueprint

blp = Blueprint("pacientes", __name__, url_prefix="/api/pacientes", description="Pacientes")
