"""gunicorn settings for the portal (docker-compose and production), read from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# 3 workers × 2 threads (gthread): chosen by measuring bench/deadline_day.py on two
# cores against sync workers (2, 3, 5) and gthread; the table is in docs/SCALING.md.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync" if threads == 1 else "gthread")
# PDF exports can take a while; heavy ones run in the task worker, not here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
# The container sits behind a proxy (or is reached directly on localhost).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
