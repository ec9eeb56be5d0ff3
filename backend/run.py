"""Entry point: `flask --app run ...` (development by default) and gunicorn `run:app` (gunicorn.conf.py makes
production the default there)."""
import os

from app import create_app

app = create_app(os.getenv("FLASK_CONFIG") or "default")

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.getenv("PORT", "5000")))
