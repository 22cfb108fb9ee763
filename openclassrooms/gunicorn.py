"""gunicorn in production (Dockerfile, docker-compose.yml: ``gunicorn -c python:openclassrooms.gunicorn``).

Issue 17: the access log is JSON, one object per line like the application's (``DJANGO_LOG_FORMAT``), with
the request id the application gave the answer (django-guid's ``X-Request-ID``): a request's access line and
its application lines are found together. Values are escaped by ``json.dumps``, so a path with a quote in
it cannot break a line.
"""

import json
import os
import time

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),  # as the application's (settings.LOG_TIME_FORMAT)
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{atoms['m']} {atoms['U']} {atoms['s']}",
            "request_id": atoms.get("{x-request-id}o"),
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]),
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "remote": atoms.get("{x-forwarded-for}i") or atoms["h"],
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(line))


logger_class = JsonAccessLogger
