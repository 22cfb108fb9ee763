"""Issue 17: beat's health check. ``manage.py beat_alive [--max-age SECONDS]`` exits 0 when beat's schedule
file (``CELERY_BEAT_SCHEDULE_FILENAME``, with any suffix shelve gives it) changed less than ``--max-age``
seconds ago, else 1 with what it found.

How often a live beat writes that file (celery/beat.py, 5.7): ``PersistentScheduler`` syncs its shelve when
it starts, then whenever more than ``sync_every`` (180 s) passed since the last sync, which it asks after
each task it sends and after each sleep, and a sleep lasts ``max_interval`` (300 s) at most. So a live beat
writes at least every 180 + 300 = 480 s, and with our schedule (tasks every 5 minutes) every 5 minutes or
so. 900 s, the default, is twice the longest quiet a live beat can have, less a minute.
"""

import time
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_MAX_AGE = 900


def schedule_files(filename: str) -> list[Path]:
    """The files of beat's shelve that exist: the name alone or with a suffix of dbm's (.db, .dat, .dir…)."""
    paths = (Path(f"{filename}{suffix}") for suffix in PersistentScheduler.known_suffixes)
    return [path for path in paths if path.is_file()]


class Command(BaseCommand):
    help = "Exit 0 if Celery beat's schedule file changed less than --max-age seconds ago, else 1."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=int,
            default=DEFAULT_MAX_AGE,
            help=f"seconds (default {DEFAULT_MAX_AGE}: a live beat writes its schedule every 480 s at most)",
        )

    def handle(self, *args, max_age: int, **options) -> None:
        filename = settings.CELERY_BEAT_SCHEDULE_FILENAME
        files = schedule_files(filename)
        if not files:
            raise CommandError(f"beat: no schedule file at {filename}[.db|.dat|…]", returncode=1)
        age = time.time() - max(path.stat().st_mtime for path in files)
        if age >= max_age:
            raise CommandError(
                f"beat: schedule {filename} last written {age:.0f} s ago (more than {max_age} s)",
                returncode=1,
            )
        self.stdout.write(f"beat: ok, schedule written {age:.0f} s ago")
