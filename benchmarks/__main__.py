"""`make bench`: the attendance sweep and the two busiest pages at scale, on PostgreSQL.

Builds (once per size, idempotently: benchmarks.data) 20,000 students, 500 mentors with 40 students each and
sessions with a realistic mix of outcomes, plus a realistic backlog for one sweep: sessions left unlogged,
overdue 48-hour follow-ups and ten runs of three unauthorised absences. Then prints:
- a full sweep's wall time and its number of SQL queries, beside a plain SELECT count(*) of the sessions;
- the median server time of "My week" (a mentor with 40 students) and of a student's page, each beside a
  bare page's (the same middleware, the signed-in user read, nothing else) and as a multiple of it; then the
  requests per second, p50 and p99 of the three under gunicorn with 2 workers (benchmarks.pages);
- the weekly schedule planned for all 20,000 enrolments at once (every week to the end of each training),
  then planned again (nothing to do): wall time, SQL queries and sessions written;
- the median and maximum time to render one registered letter, and the peak memory over 200 letters;
- a page that sends a task with the broker up, refusing connections and hung (benchmarks.broker).
Set BENCH_DATABASE_URL to use another PostgreSQL database (default: openclassrooms_bench on 127.0.0.1),
BENCH_SESSIONS for a larger data set (benchmarks.data). ``python -m benchmarks pages`` runs only the measures
named (sweep, pages, letters, broker, planning), in that order.
"""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django

django.setup()  # the settings above, before any model is imported
from django.core.management import call_command

from .broker import measure_broker
from .data import ensure_database, load
from .letters import measure_letters
from .pages import measure_pages
from .planning import measure_planning
from .sweep import measure_sweep

MEASURES = {
    "sweep": measure_sweep,
    "pages": measure_pages,
    "letters": lambda: measure_letters(200),
    "broker": measure_broker,
    # Last: its 300,000 new rows would otherwise weigh on the letters' peak memory.
    "planning": measure_planning,
}


def main(names: list[str]) -> int:

    unknown = set(names) - set(MEASURES)
    if unknown:
        print(f"Unknown measure(s): {', '.join(sorted(unknown))}; choose among {', '.join(MEASURES)}.")
        return 2
    ensure_database()
    call_command("migrate", verbosity=0)
    load()
    for name, measure in MEASURES.items():
        if not names or name in names:
            measure()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
