"""The training's rules on projects as pure functions: no ORM, no I/O. Each cites its SPEC rule; the tests
sit on both sides of every boundary (``tests/projects/test_rules.py``)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

# REC-2 (SPEC's decision): presentation recordings are kept for the training, then 12 months after the path
# ends; settings.RECORDING_RETENTION_DAYS sets the days (365 by default).


def recording_expired(*, training_ended_on: date | None, today: date, retention_days: int) -> bool:
    """REC-2: a recording is kept while the training runs and for ``retention_days`` after the day it
    ended (day 365 is kept), and deleted from the day after (day 366)."""
    return training_ended_on is not None and today > training_ended_on + timedelta(days=retention_days)


# --- TRN-1: when a path is complete (a) and (b); (c), the jury, is the juries' business ---------------


@dataclass(frozen=True)
class PresentationFacts:
    """What one final presentation shows (TRN-1 b)."""

    held: bool
    recorded: bool  # a recording was made (REC-2 may have deleted it since: the trace says it existed)
    validating_mentor_id: int
    acquired_skill_ids: frozenset[int]


@dataclass(frozen=True)
class ProjectFacts:
    """One project of the student's path, with what the student did on it."""

    title: str
    in_depth: bool
    skill_ids: frozenset[int]
    approved: bool  # TRN-1 a: approved by the student's mentor
    presentations: tuple[PresentationFacts, ...] = ()


def presentation_validates(facts: PresentationFacts, *, skill_ids: frozenset[int], own_mentor_id) -> bool:
    """TRN-1 b: held and recorded, before a validating mentor who is not the student's own mentor, with
    every skill of the project acquired — one skill missing and the project is not validated."""
    return (
        facts.held
        and facts.recorded
        and facts.validating_mentor_id != own_mentor_id
        and skill_ids <= facts.acquired_skill_ids
    )


def trn1_missing(projects: list[ProjectFacts], *, own_mentor_id) -> list[str]:
    """TRN-1 (a) and (b): what the student still needs before a jury, in words; empty when both hold."""
    if not projects:
        return [_("The path's list of projects is not set yet (TRN-1)")]
    missing = []
    for project in projects:
        if not project.approved:
            missing.append(
                _("%(project)s: to be approved by the mentor (TRN-1 a)") % {"project": project.title}
            )
        elif project.in_depth and not any(
            presentation_validates(p, skill_ids=project.skill_ids, own_mentor_id=own_mentor_id)
            for p in project.presentations
        ):
            missing.append(
                _(
                    "%(project)s: every skill to be validated at a recorded presentation before a "
                    "validating mentor (TRN-1 b)"
                )
                % {"project": project.title}
            )
    return missing


# --- Handing work in (IP-1) and the mentor's review (TRN-1 a) --------------------------------------------

# IP-1: the course content's licence, shown wherever a student may reuse it.
COURSE_LICENCE = "CC BY-NC-SA 4.0"
COURSE_LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"


def deliverable_problem(*, name: str, size: int, content_type: str | None, max_bytes: int) -> str | None:
    """A deliverable is a PDF, a ZIP archive of code or an image (read from its bytes), not empty, and no
    larger than ``max_bytes``."""
    if size == 0:
        return _("%(name)s is empty.") % {"name": name}
    if size > max_bytes:
        return _("%(name)s is larger than %(size)s MB.") % {"name": name, "size": max_bytes // (1024 * 1024)}
    if content_type is None:
        return _("%(name)s is not a PDF, a ZIP archive, a PNG or a JPEG image.") % {"name": name}
    return None


def submission_problem(*, may_submit: bool, files: int, link: str, declared_own_work: bool) -> str | None:
    """IP-1 and TRN-1 a: work goes to the mentor with deliverables (files, a link or both) and the
    student's statement that it is their own and cites every source; once submitted or approved it waits
    for the mentor."""
    if not may_submit:
        return _("This project is with your mentor or already approved: it is not submitted again.")
    if not files and not link.strip():
        return _("Hand in your deliverables: attach files, give a link, or both.")
    if link.strip() and not link.strip().lower().startswith("https://"):
        return _("Give the deliverables' https:// link.")
    if not declared_own_work:
        return _("State that the work is your own and that it cites every source it uses (IP-1).")
    return None


def review_problem(
    *, reviewer_id: int, own_mentor_id: int | None, waiting: bool, approve: bool, comment: str
):
    """TRN-1 a: the student's own mentor approves a project, nobody else; a project returned says what to
    change."""
    if reviewer_id != own_mentor_id:
        return _("Only the student's own mentor approves or returns their projects (TRN-1 a).")
    if not waiting:
        return _("This project is not waiting for your review.")
    if not approve and not comment.strip():
        return _("Say what to change: the student reads your comments before submitting again.")
    return None


# --- The final presentation of an in-depth project (TRN-1 b, ACC-1, REC-1) ---------------------------------

# The validating mentor reads the deliverables before the presentation: it is booked a day ahead at least.
BOOKING_NOTICE = timedelta(hours=24)
PRESENTATION_LENGTH = timedelta(minutes=45)


def booking_problem(
    *,
    in_depth: bool,
    may_book: bool,
    validating_mentor_id: int,
    own_mentor_id: int | None,
    audio_only: bool,
    audio_accommodation: bool,
    consented: bool,
    start: datetime,
    now: datetime,
) -> str | None:
    """TRN-1 b: an in-depth project, once approved by the mentor, is presented to a validating mentor who
    is not the student's own mentor, by video — by audio only under an accepted ACC-1 accommodation —
    booked 24 hours ahead at least (exactly 24 hours is enough). It is validated only when recorded, so the
    student's consent to being recorded (REC-1) is on file first."""
    if not in_depth:
        return _("Only in-depth projects have a final presentation (TRN-1 b).")
    if not may_book:
        return _(
            "Book the presentation once your mentor has approved the project and none is booked (TRN-1)."
        )
    if validating_mentor_id == own_mentor_id:
        return _("Your own mentor cannot validate your project: choose another validating mentor (TRN-1 b).")
    if audio_only and not audio_accommodation:
        return _("Presentations are by video; audio only needs an accepted accommodation (ACC-1).")
    if not consented:
        return _(
            "Your consent to being recorded is not on file: a project is validated only at a recorded "
            "presentation (TRN-1 b, REC-1). Student Success records it when you give it."
        )
    if start - now < BOOKING_NOTICE:
        return _(
            "Book the presentation at least 24 hours ahead: the validating mentor reads your work first."
        )
    return None


def recording_problem(*, consented: bool, link: str, started: bool) -> str | None:
    """REC-1: a presentation is recorded only with the student's consent on record; the recording's link is
    a secure web address, saved once the presentation has started."""
    if not started:
        return _("Save the recording's link once the presentation has started.")
    if not consented:
        return _(
            "The student has not consented to being recorded (REC-1): this presentation cannot be marked "
            "recorded. Student Success records a consent the student gives."
        )
    if not link.strip().lower().startswith("https://"):
        return _("Give the recording's https:// link.")
    return None


def conclusion(
    *, skill_ids: frozenset[int], acquired: dict[int, bool], recorded: bool, consented: bool, started: bool
) -> tuple[bool, str | None]:
    """TRN-1 b: the validating mentor assesses every skill of the project once the presentation has
    started; the project is validated only when every skill is acquired and the presentation was recorded.
    The recording's link is saved before concluding — unless the student withdrew their consent (REC-1),
    when the presentation concludes unrecorded and cannot validate. Returns (validated, problem)."""
    if not started:
        return False, _("The presentation has not started yet: conclude it once it has been held.")
    if consented and not recorded:
        return (
            False,
            _(
                "Save the recording's link first: a project is validated only at a recorded presentation "
                "(TRN-1 b)."
            ),
        )
    if not skill_ids:
        return False, _("This project lists no skills yet: Student Success sets them before it is assessed.")
    if set(acquired) != set(skill_ids):
        return False, _("Assess every skill of the project, acquired or not.")
    return all(acquired.values()) and recorded, None
