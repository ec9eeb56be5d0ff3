from flask_smorest import Blueprint

blp = Blueprint("facturacion", __name__, url_prefix="/api/facturacion", description="Facturación")
