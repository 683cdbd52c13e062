"""The background worker that rides out a database outage.

django-tasks-db's `Worker` (the loop behind `manage.py db_worker`) claims and runs the jobs;
on any database error other than a locked SQLite file it raises, and `db_worker` exits, so
PDFs and mail wait until someone restarts it. `ResilientWorker` runs that same loop and,
when it stops on `OperationalError` / `InterfaceError` (PostgreSQL restarted, the network
gone for a moment), closes the broken connections, logs it and starts the loop again after
a back-off of 1, 2, 4 … seconds, at most `MAX_BACKOFF`. Nothing of the loop is rewritten.

Beside the loop, a thread records the heartbeat (`WorkerHeartbeat`) every
`HEARTBEAT_SECONDS` while the loop's thread lives, so the administrator's home page can
say when the worker was last seen; a long PDF does not make it look dead, and a worker
that cannot reach the database is not seen.
"""

import logging
import threading
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django_tasks_db.management.commands.db_worker import Worker

from notifications.selectors import HEARTBEAT_SECONDS
from notifications.services import worker_heartbeat_record

logger = logging.getLogger(__name__)

FIRST_BACKOFF = 1.0  # seconds
MAX_BACKOFF = 60.0


def backoff_delay(failures: int) -> float:
    """Seconds to wait after `failures` failed tries in a row: 1, 2, 4 … at most
    MAX_BACKOFF (the exponent stops growing at the cap: a long outage must not overflow
    the float, as 2 ** 1100 did after about 17 hours of tries)."""
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** min(failures, 16))


def close_connections() -> None:
    """Drop this thread's connections; a broken one may fail to close, which is fine."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            logger.debug("closing a broken connection failed", exc_info=True)


class ResilientWorker(Worker):
    def __init__(self, *, heartbeat: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat = heartbeat
        self.failures = 0

    def run(self) -> None:
        stop = threading.Event()
        if self.heartbeat:
            threading.Thread(target=self._beat, args=(threading.current_thread(), stop),
                             name="worker-heartbeat", daemon=True).start()
        try:
            while self.running:
                started = time.monotonic()
                try:
                    super().run()
                    return  # --batch done or --max-tasks reached
                except (OperationalError, InterfaceError) as error:
                    self._wait_after(error, ran_for=time.monotonic() - started)
        finally:
            stop.set()

    def _wait_after(self, error: Exception, *, ran_for: float) -> None:
        if ran_for > MAX_BACKOFF:  # it worked for a while: this is a new outage
            self.failures = 0
        delay = backoff_delay(self.failures)
        self.failures += 1
        logger.warning("Database unreachable (%s: %s); the worker tries again in %.0f s",
                       type(error).__name__, str(error).strip()[:300], delay)
        close_connections()
        self.startup_delay = False
        time.sleep(delay)

    def _beat(self, loop: threading.Thread, stop: threading.Event) -> None:
        while loop.is_alive() and not stop.is_set():
            try:
                worker_heartbeat_record(worker_id=self.worker_id)
            except DatabaseError as error:  # the loop logs the outage; stay quiet here
                logger.debug("heartbeat not recorded: %s", error)
            finally:
                connection.close()
            stop.wait(HEARTBEAT_SECONDS)
