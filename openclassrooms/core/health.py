"""Issue 17: does what the web process needs answer? The database and the Celery broker, each asked once with
a short timeout, for ``/healthz`` (``core.views.healthz``) and the operators who read its answer.

Each check opens a connection of its own and closes it: it asks "can a new connection be made now?", which a
connection kept open by the request cycle (``CONN_MAX_AGE``) or kombu's pool would not tell, and it never
waits the minutes a dead server makes a default connection wait.
"""

import re
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

from openclassrooms.celery import app as celery_app

# Seconds each check may take. psycopg rounds a PostgreSQL connect timeout up to 2 s (libpq's minimum).
TIMEOUT = 1

# What an error message may quote that an operator's screen must not show: credentials in a URL
# ("redis://:secret@host") or a connection string ("password=secret").
_URL_CREDENTIALS = re.compile(r"(\w+://)[^@\s/]*@")
_PASSWORD = re.compile(r"(password\s*=\s*)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.name}: ok" if self.ok else f"{self.name}: down ({self.reason})"

    @property
    def summary(self) -> str:
        """Without the reason, which names internal hosts: for whoever asks from outside."""
        return f"{self.name}: {'ok' if self.ok else 'down'}"


def _reason(exc: BaseException) -> str:
    """The error's kind and its first line, without credentials, short enough for one line of the answer."""
    lines = str(exc).strip().splitlines()
    text = _PASSWORD.sub(r"\1***", _URL_CREDENTIALS.sub(r"\1***@", lines[0] if lines else ""))
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _timeout_options(vendor: str) -> dict:
    if vendor == "postgresql":
        return {"connect_timeout": TIMEOUT}
    if vendor == "sqlite":
        # How long to wait for a lock (the settings wait 20 s for the worker's writes).
        return {"timeout": TIMEOUT}
    return {}


def database(alias: str = DEFAULT_DB_ALIAS) -> Check:
    """``SELECT 1`` on a new connection to the database ``alias``, made with a short connect timeout."""
    current = connections[alias]
    options = {**current.settings_dict.get("OPTIONS", {}), **_timeout_options(current.vendor)}
    probe = type(current)({**current.settings_dict, "OPTIONS": options}, alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # whatever fails, the answer is "down, because…", never a 500
        return Check("database", False, _reason(exc))
    finally:
        probe.close()
    return Check("database", True)


def broker() -> Check:
    """A new connection to the Celery broker (``CELERY_BROKER_URL``), tried once.

    ``max_retries=0``: kombu's ``ensure_connection`` otherwise sleeps 2 s, 4 s, … between attempts (even
    ``Connection.connect()`` tries twice, 2 s apart). Redis's socket timeouts bound a server that takes the
    connection but never answers (without them the PING waits for ever); kombu's ``connect_timeout`` does
    the same for other transports; the filesystem and memory transports need no server and always answer.
    """
    timeouts = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT}
    try:
        with celery_app.connection_for_write(connect_timeout=TIMEOUT, transport_options=timeouts) as conn:
            conn.ensure_connection(max_retries=0, timeout=TIMEOUT)
    except Exception as exc:  # kombu's OperationalError, redis's errors, a bad URL: all mean "down"
        return Check("broker", False, _reason(exc))
    return Check("broker", True)


def run() -> list[Check]:
    return [database(), broker()]
