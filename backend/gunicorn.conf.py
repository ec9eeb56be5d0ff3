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
# Threads, not only processes (issue 23, docs/performance.md «Modelo de workers»): a request waiting for a heavy
# request's turn (app/utils/pesadas.py) holds a thread, not a whole process, so reports and PDFs downloaded in a loop
# leave workers free for the front desk; and keep-alive connections are kept (a sync worker closes every one).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 30
graceful_timeout = 10
accesslog = "-"
# %(U)s is the path without the query string: queries may carry patient names or documents.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Once the app is loaded, its objects (modules, schemas, compiled statements: ~220,000) leave the collector's
    generations: a full collection walked them all, ~60 ms in the middle of some request, and every young
    collection of a request's objects checked them too (docs/performance.md, issue 23)."""
    import gc

    gc.collect()
    gc.freeze()
