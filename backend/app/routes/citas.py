from flask_smorest import Blueprint

blp = Blueprint("citas", __name__, url_prefix="/api/citas", description="Citas")
