"""Deadline day: 200 librarians saving figures every few seconds while 35 libraries
submit, against gunicorn with the repository's own settings (gunicorn.conf.py,
libreport.settings) on PostgreSQL. Traffic goes to 127.0.0.1 only; the run stops by
itself (a baseline phase plus the load phase, a few minutes in all).

    .venv/bin/python bench/deadline_day.py
    .venv/bin/python bench/deadline_day.py --database-url \\
        postgres://postgres@127.0.0.1:5432/libreport_bench --editors 200 --submits 35 \\
        --seconds 120 --interval 5 --workers 3 --threads 2

The database (libreport_bench by default; created when missing) is emptied and filled
with the bench data: give it a database of its own. It prints saves per second, the
median and 95th percentile save latency beside the same editors doing a bare one-row
update in a transaction (the baseline phase, same server), the answers by status, the
submits, and, read from the database afterwards, the acknowledged saves that are not
stored (each acknowledged save must be in the audit trail with its value).

The phases: the bare baseline (30 s), a warm-up of the saves (10 s, not measured: each
worker's first saves import the entry code and load the catalogue), the load (with the
submits). The load generator is this process: one thread per editor, each on its own
keep-alive connection, sleeping between requests; it runs on the same cores as the
server, so it prints its own CPU time beside the results. Measured figures and the
worker settings chosen from them: docs/SCALING.md.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/libreport_bench"
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "libreport.settings", "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-" + "x" * 20,
    "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false", "SECURE_HSTS_SECONDS": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "LOG_LEVEL": "WARNING",
}


# Inside gunicorn: the portal, plus the bare one-row update of the baseline ----------------

def _bare_update(environ, start_response):
    from django.db import close_old_connections, transaction
    from django.db.models import F

    from submissions.models import Value

    close_old_connections()
    try:
        pk = int(environ.get("QUERY_STRING", "").partition("=")[2])
        with transaction.atomic():
            Value.objects.filter(pk=pk).update(revision=F("revision") + 1)
    finally:
        close_old_connections()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"ok": true}']


def _make_application():
    from django.core.wsgi import get_wsgi_application

    portal = get_wsgi_application()

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/bench/bare/":
            return _bare_update(environ, start_response)
        return portal(environ, start_response)

    return application


if os.environ.get("LIBREPORT_BENCH_SERVER"):
    application = _make_application()


# The driver ---------------------------------------------------------------------------------

def ensure_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    exists = subprocess.run(
        ["psql", "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432),
         "-U", parsed.username or "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'", "postgres"],
        capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", parsed.hostname or "127.0.0.1", "-p",
                        str(parsed.port or 5432), "-U", parsed.username or "postgres", name],
                       check=True)


def prepare(options):
    """Fresh bench data: `editors` libraries with a librarian and a session each; the
    first `submits` drafts filled (every warning explained) so that they can be submitted."""
    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = options.database_url
    sys.path[:0] = [str(ROOT)]
    sys.path.append(str(BENCH))  # after the project: bench/quality.py is not the quality app
    import django

    django.setup()
    import autosave as autosave_bench
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from catalogue.models import Indicator
    from submissions.models import Value

    call_command("migrate", verbosity=0)
    autosave_bench.fresh_database()
    pairs = autosave_bench.make_libraries(options.editors)
    entered = list(Indicator.objects.entered().filter(required=True))
    rows = []
    for _user, submission in pairs[:options.submits]:
        last = {v.indicator_id: v.value for v in Value.objects.filter(
            submission__library=submission.library, submission__year__year=2021)}
        Value.objects.filter(submission=submission).delete()  # the peer figures, again
        rows += [Value(submission=submission, indicator=indicator,
                       value=last.get(indicator.pk), explanation="Pārbaudīts.")
                 for indicator in entered]
    Value.objects.bulk_create(rows, batch_size=5000)
    editors = []
    for user, submission in pairs:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        editors.append({"submission": submission.pk, "session": session.session_key,
                        "csrf": secrets.token_hex(16), "revisions": dict(
                            Value.objects.filter(submission=submission)
                            .values_list("indicator__code", "revision"))})
    bare_rows = list(Value.objects.filter(submission__year__year=2021)
                     .values_list("pk", flat=True)[:options.editors])
    return editors, bare_rows


def start_server(options, port):
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": options.database_url,
           "LIBREPORT_BENCH_SERVER": "1", "GUNICORN_BIND": f"127.0.0.1:{port}"}
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_WORKER_CLASS"):
        env.pop(name, None)  # gunicorn.conf.py's defaults unless given here
    if options.workers:
        env["WEB_CONCURRENCY"] = str(options.workers)
    if options.threads:
        env["GUNICORN_THREADS"] = str(options.threads)
    if options.worker_class:
        env["GUNICORN_WORKER_CLASS"] = options.worker_class
    log = open(BENCH / ".deadline_day.gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", str(ROOT / "gunicorn.conf.py"),
         "--pythonpath", str(ROOT), "--access-logfile", "/dev/null",
         "bench.deadline_day:application"], cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 180  # workers boot slowly on a busy machine
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}; see {log.name}")


class Editor(threading.Thread):
    def __init__(self, port, editor, phase, stop_at, interval, results, bare_row=None,
                 submit_at=None):
        super().__init__(daemon=True)
        self.port, self.editor, self.phase = port, editor, phase
        self.stop_at, self.interval, self.results = stop_at, interval, results
        self.bare_row, self.submit_at = bare_row, submit_at
        self.revisions, self.connection = dict(editor["revisions"]), None  # as loaded
        self.cookie = f"sessionid={editor['session']}; csrftoken={editor['csrf']}"

    def post(self, path, body):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                             timeout=60)
            try:
                self.connection.request("POST", path, body=urlencode(body), headers={
                    "Cookie": self.cookie, "X-CSRFToken": self.editor["csrf"],
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json", "X-Requested-With": "XMLHttpRequest"})
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    return "no answer", b""
            except OSError:
                self.connection = None
                return "no answer", b""
        return "no answer", b""

    def run(self):
        time.sleep(random.uniform(0, self.interval))
        n = 0
        while time.monotonic() < self.stop_at:
            started = time.monotonic()
            if self.submit_at is not None and started >= self.submit_at:
                status, _data = self.post(f"/entry/submission/{self.editor['submission']}/"
                                          "submit/", {})
                self.results["submits"].append(status)
                self.submit_at = None
            elif self.phase == "bare":
                status, _data = self.post(f"/bench/bare/?pk={self.bare_row}", {})
                self.results["latency"].append(time.monotonic() - started)
                self.results["status"][status] += 1
            else:
                self.save(n, started)
            n += 1
            time.sleep(max(0.0, self.interval * random.uniform(0.7, 1.3)
                           - (time.monotonic() - started)))

    def save(self, n, started):
        import autosave as autosave_bench

        code = autosave_bench.CODES[n % len(autosave_bench.CODES)]
        # above any of its parts (“of which” rows): never refused; the warm-up's differ
        value = (90000 if self.phase == "warm" else 50000) + n
        status, data = self.post(f"/entry/submission/{self.editor['submission']}/autosave/", {
            "kind": "figure", "code": code, "value": str(value),
            "base_revision": self.revisions.get(code, 0)})
        self.results["latency"].append(time.monotonic() - started)
        label = status
        if status == 200:
            reply = json.loads(data)
            self.revisions[code] = reply["revision"]
            self.results["acked"].append((self.editor["submission"], code, value))
        elif status == 403 and b'"locked": true' in data:
            label = "403 locked (submitted)"
        self.results["status"][label] += 1


def run_phase(port, editors, phase, seconds, interval, bare_rows=(), submits=0):
    results = {"latency": [], "status": Counter(), "acked": [], "submits": []}
    stop_at = time.monotonic() + seconds
    threads = [Editor(port, editor, phase, stop_at, interval, results,
                      bare_row=bare_rows[i % len(bare_rows)] if bare_rows else None,
                      submit_at=(time.monotonic() + seconds * random.uniform(.3, .8)
                                 if i < submits else None))
               for i, editor in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 90)
        thread.editor["revisions"] = thread.revisions  # the next phase starts from them
    results["seconds"] = seconds
    return results


def lost_saves(acked) -> int:
    """Acknowledged saves without their audit entry (value and code) in the database."""
    from submissions.models import AuditEntry

    submissions = {submission for submission, _code, _value in acked}
    stored = set(AuditEntry.objects.filter(submission_id__in=submissions,
                                           target__startswith="value:")
                 .values_list("submission_id", "target", "new"))
    return sum((submission, f"value:{code}", str(value)) not in stored
               for submission, code, value in acked)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--editors", type=int, default=200)
    parser.add_argument("--submits", type=int, default=35)
    parser.add_argument("--seconds", type=int, default=120, help="the load phase")
    parser.add_argument("--baseline-seconds", type=int, default=30)
    parser.add_argument("--warmup-seconds", type=int, default=10,
                        help="saves before the load phase, not measured")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between saves")
    parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py's")
    parser.add_argument("--threads", type=int, help="default: gunicorn.conf.py's")
    parser.add_argument("--worker-class", default="")
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    if urlparse(options.database_url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("The bench talks to 127.0.0.1 only.")
    ensure_database(options.database_url)
    print(f"Preparing {options.editors} editors on {options.database_url}", flush=True)
    editors, bare_rows = prepare(options)
    server = start_server(options, options.port)
    try:
        print(f"gunicorn: {options.workers or 'default'} workers × "
              f"{options.threads or 'default'} threads "
              f"{options.worker_class or '(gunicorn.conf.py default class)'}"
              " (defaults: gunicorn.conf.py)", flush=True)
        bare = run_phase(options.port, editors, "bare", options.baseline_seconds,
                         options.interval, bare_rows=bare_rows)
        # Warm-up, not measured: each worker's first saves import and compile the entry
        # code and load the catalogue (the baseline phase warmed only the bare path).
        warm = run_phase(options.port, editors, "warm", options.warmup_seconds,
                         options.interval)
        cpu = time.process_time()
        load = run_phase(options.port, editors, "save", options.seconds, options.interval,
                         submits=options.submits)
        cpu = time.process_time() - cpu
    finally:
        server.terminate()
        server.wait(timeout=60)
    from django.db import connection
    connection.close()
    lost = lost_saves(load["acked"] + warm["acked"])
    saves = sum(load["status"].values())
    print(f"{'saves per second':<34} {saves / load['seconds']:7.1f} "
          f"({saves} saves, {options.editors} editors every ~{options.interval:g} s, "
          f"{load['seconds']} s)")
    print(f"{'save latency p50 / p95':<34} {ms(statistics.median(load['latency']))} "
          f"{ms(percentile(load['latency'], .95))}")
    print(f"{'bare one-row update p50 / p95':<34} {ms(statistics.median(bare['latency']))} "
          f"{ms(percentile(bare['latency'], .95))}")
    print(f"{'p95 save / p95 bare':<34} "
          f"{percentile(load['latency'], .95) / percentile(bare['latency'], .95):7.1f} × "
          "(goal ≤ 10)")
    print(f"{'answers by status':<34} " + ", ".join(
        f"{status}: {count}" for status, count in sorted(load["status"].items(), key=str)))
    print(f"{'bare answers by status':<34} " + ", ".join(
        f"{status}: {count}" for status, count in sorted(bare["status"].items(), key=str)))
    print(f"{'submits':<34} " + ", ".join(
        f"{status}: {count}" for status, count in Counter(load["submits"]).items()))
    print(f"{'load generator':<34} {len(editors)} threads, keep-alive connections, "
          f"on the same cores as the server: {cpu:.0f} s CPU in the {load['seconds']} s "
          f"load phase ({os.cpu_count()} cores)")
    errors = sum(count for status, count in load["status"].items()
                 if status not in (200, "403 locked (submitted)"))
    print(f"{'errors':<34} {errors:7d}")
    print(f"{'warm-up (not measured)':<34} {sum(warm['status'].values())} saves in "
          f"{options.warmup_seconds} s: " + ", ".join(
              f"{status}: {count}" for status, count in sorted(warm["status"].items(), key=str)))
    print(f"{'acknowledged saves not stored':<34} {lost:7d} "
          f"(of {len(load['acked']) + len(warm['acked'])}, the warm-up's included)")


if __name__ == "__main__":
    main()
