"""``compilemessages`` without GNU gettext: every ``locale/<lang>/LC_MESSAGES/*.po`` of LOCALE_PATHS becomes
its ``.mo`` with polib, so a machine with nothing but Python builds the translations (``make run``,
``make test``, the Dockerfile). Fuzzy and untranslated entries are left out, as ``msgfmt`` does. Writing is
atomic (a temporary file, then a rename), so processes compiling at once never read half a catalogue."""

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    return sorted(p for base in settings.LOCALE_PATHS for p in Path(base).glob("*/LC_MESSAGES/*.po"))


def stale() -> list[Path]:
    """The catalogues whose ``.mo`` is missing or older than their ``.po``."""
    return [
        po
        for po in catalogues()
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


def compile_catalogue(po: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
    os.close(fd)
    try:
        polib.pofile(str(po)).save_as_mofile(tmp)
        os.replace(tmp, po.with_suffix(".mo"))
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Command(BaseCommand):
    help = "Compile the translations (.po) into the catalogues Django reads (.mo), without GNU gettext."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Compile every catalogue, not only stale ones."
        )

    def handle(self, *args, **options):
        todo = catalogues() if options["all"] else stale()
        for po in todo:
            compile_catalogue(po)
            self.stdout.write(f"Compiled {po.relative_to(settings.BASE_DIR)}")
