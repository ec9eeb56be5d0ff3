from flask_smorest import Blueprint

blp = Blueprint("auditoria", __name__, url_prefix="/api/auditoria", description="Auditoría")
