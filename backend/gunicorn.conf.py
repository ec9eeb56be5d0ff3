"""gunicorn settings shared by `make run` and the benchmark."""
import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
timeout = 30
graceful_timeout = 10
accesslog = "-"
# %(U)s is the path without the query string: queries may carry patient names or documents.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
