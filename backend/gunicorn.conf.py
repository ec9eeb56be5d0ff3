"""gunicorn settings shared by `make run` and the benchmark.

gunicorn is the production entry point: unless FLASK_CONFIG says otherwise, the app starts with the production
configuration (secrets from the environment, refuses to start without them). `make run` asks for the development
configuration explicitly.
"""
import multiprocessing
import os

# Read by run.py when the workers import the app (they inherit the master's environment).
os.environ.setdefault("FLASK_CONFIG", "production")

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
timeout = 30
graceful_timeout = 10
accesslog = "-"
# %(U)s is the path without the query string: queries may carry patient names or documents.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
