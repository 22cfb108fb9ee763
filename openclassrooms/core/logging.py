"""Logging filters."""

import logging


class ExpectedClientErrors(logging.Filter):
    """A 403 or a 404 is an answer, not a fault: logged on one line, without a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True
