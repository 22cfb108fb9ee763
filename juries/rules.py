"""The juries' rules as pure functions: no ORM, no I/O. Each cites its SPEC rule; the tests sit on both sides
of every boundary (``tests/juries/test_rules.py``)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

INDUSTRY, SCHOOL = "industry", "school"


def composition_problem(kinds: Iterable[str], *, panel: bool = False) -> str | None:
    """TRN-3: a jury — and each smaller panel of it (``panel``) — has at least one industry professional and
    one school representative."""
    kinds = set(kinds)
    if INDUSTRY in kinds and SCHOOL in kinds:
        return None
    if INDUSTRY in kinds:
        add = _("add a school representative")
    elif SCHOOL in kinds:
        add = _("add an industry professional")
    else:
        add = _("add an industry professional and a school representative")
    if panel:
        sentence = _(
            "A panel sits with at least one industry professional and one school representative (TRN-3): "
            "%(add)s."
        )
    else:
        sentence = _(
            "A jury sits with at least one industry professional and one school representative (TRN-3): "
            "%(add)s."
        )
    return sentence % {"add": add}


def registration_problem(*, trn1_missing: list[str], remedial_open: int = 0) -> str | None:
    """TRN-1 (c) follows (a) and (b): a student is registered before a jury only once every project is
    approved by their mentor and every in-depth project validated at a presentation; after a refusal, once
    jury members approved every remedial project it set (TRN-4)."""
    if trn1_missing:
        return _("Not eligible for a jury yet (TRN-1): %(missing)s.") % {"missing": "; ".join(trn1_missing)}
    if remedial_open:
        return ngettext(
            "%(count)s remedial project of the last refusal still to be approved by jury members (TRN-4).",
            "%(count)s remedial projects of the last refusal still to be approved by jury members (TRN-4).",
            remedial_open,
        ) % {"count": remedial_open}
    return None


@dataclass(frozen=True)
class CandidateTies:
    """The people tied to one candidate: who mentored them, who validated one of their presentations, who sat
    on their Disciplinary Board, and the jury members who declared a conflict of interest about them."""

    mentors: frozenset[int] = frozenset()
    validators: frozenset[int] = frozenset()
    board: frozenset[int] = frozenset()
    declared: frozenset[int] = frozenset()


# The ties that make a conflict of interest. Each is a key (in English, never shown as it is): the sentences
# that name one (``_conflict_sentence``) are whole sentences, each language its own.
MENTORED = "mentored the candidate"
VALIDATED = "validated one of the candidate's presentations"
SAT_ON_BOARD = "sat on the candidate's Disciplinary Board"
DECLARED = "declared a conflict of interest"


def conflict_reason(user_id: int, ties: CandidateTies) -> str | None:
    """A jury member with a conflict of interest does not sit on the candidate's panel (TRN-3, TRN-4: the
    verdict is final, so it must be impartial): they mentored the candidate, validated one of their
    presentations, sat on their Disciplinary Board, or declared a conflict. Returns the tie's key."""
    if user_id in ties.mentors:
        return MENTORED
    if user_id in ties.validators:
        return VALIDATED
    if user_id in ties.board:
        return SAT_ON_BOARD
    if user_id in ties.declared:
        return DECLARED
    return None


def _conflict_sentence(conflict: str, *, name: str | None = None, reviewing: bool = False) -> str:
    """The sentence that names a tie (``conflict_reason``): a member's (``name``), or the reader's own as
    they decide on the candidate, or review a remedial project (``reviewing``)."""
    if name is not None:
        sentences = {
            MENTORED: _("%(name)s mentored the candidate"),
            VALIDATED: _("%(name)s validated one of the candidate's presentations"),
            SAT_ON_BOARD: _("%(name)s sat on the candidate's Disciplinary Board"),
            DECLARED: _("%(name)s declared a conflict of interest"),
        }
        return sentences.get(conflict, _("%(name)s: %(conflict)s")) % {"name": name, "conflict": conflict}
    if reviewing:
        sentences = {
            MENTORED: _(
                "You mentored the candidate: another jury member reviews this remedial project (TRN-3)."
            ),
            VALIDATED: _(
                "You validated one of the candidate's presentations: another jury member reviews this "
                "remedial project (TRN-3)."
            ),
            SAT_ON_BOARD: _(
                "You sat on the candidate's Disciplinary Board: another jury member reviews this remedial "
                "project (TRN-3)."
            ),
            DECLARED: _(
                "You declared a conflict of interest: another jury member reviews this remedial project "
                "(TRN-3)."
            ),
        }
        fallback = _(
            "Conflict of interest (%(conflict)s): another jury member reviews this remedial project (TRN-3)."
        )
    else:
        sentences = {
            MENTORED: _("You mentored the candidate: you do not decide on this candidate (TRN-3)."),
            VALIDATED: _(
                "You validated one of the candidate's presentations: you do not decide on this candidate "
                "(TRN-3)."
            ),
            SAT_ON_BOARD: _(
                "You sat on the candidate's Disciplinary Board: you do not decide on this candidate (TRN-3)."
            ),
            DECLARED: _("You declared a conflict of interest: you do not decide on this candidate (TRN-3)."),
        }
        fallback = _("Conflict of interest (%(conflict)s): you do not decide on this candidate (TRN-3).")
    return sentences.get(conflict, fallback) % {"conflict": conflict}


def panel_conflict_problem(members: Iterable[tuple[int, str]], ties: CandidateTies) -> str | None:
    """The candidate's panel (or the full jury) holds no member with a conflict of interest; ``members`` are
    (user id, name) pairs."""
    conflicts = [
        _conflict_sentence(reason, name=name)
        for user_id, name in members
        if (reason := conflict_reason(user_id, ties))
    ]
    if conflicts:
        return _("Conflict of interest: %(conflicts)s. Choose a panel without them.") % {
            "conflicts": "; ".join(conflicts)
        }
    return None


# --- The verdict (TRN-4) ----------------------------------------------------------------------------------

AWARDED, REFUSED = "awarded", "refused"


def verdict_problem(
    *,
    decided: bool,
    sits_on_panel: bool,
    conflict: str | None,
    sitting_started: bool,
    decision: str,
    reasons: str,
    skills_to_improve: int,
    remedial_projects: int,
) -> str | None:
    """TRN-4: a member of the candidate's panel (the full jury when there are no panels), free of any
    conflict of interest, records the verdict once the sitting has started; a refusal names the skills to
    improve, why, and one remedial project at least. Once recorded the verdict is final."""
    if decided:
        return _("The jury's verdict is final (TRN-4): it is not recorded twice, nor changed.")
    if not sits_on_panel:
        return _("Only a member of the candidate's panel records the verdict.")
    if conflict:
        return _conflict_sentence(conflict)
    if not sitting_started:
        return _("Record the verdict at the sitting, once it has started.")
    if decision not in (AWARDED, REFUSED):
        return _("Award the diploma or refuse it.")
    if decision == REFUSED:
        if not reasons.strip():
            return _("Say why the diploma is refused: the student reads it (TRN-4).")
        if not skills_to_improve:
            return _("Name the skills to improve (TRN-4).")
        if not remedial_projects:
            return _("Set one remedial project at least on the skills to improve (TRN-4).")
    return None


def remedial_review_problem(
    *, jury_member: bool, conflict: str | None, submitted: bool, approve: bool, comment: str
) -> str | None:
    """TRN-4: remedial projects are approved by jury members of the jury that set them — never by the
    mentor — free of any conflict of interest; a project sent back says what to change."""
    if not jury_member:
        return _("Remedial projects are approved by jury members, not by the mentor (TRN-4).")
    if conflict:
        return _conflict_sentence(conflict, reviewing=True)
    if not submitted:
        return _("This remedial project is not waiting for a review.")
    if not approve and not comment.strip():
        return _("Say what to change: the student reads it before handing the project in again.")
    return None


# --- The sitting's minutes and the diploma (TRN-4) ---------------------------------------------------------


def chair_problem(*, chair_sits_on_jury: bool) -> str | None:
    """TRN-3, TRN-4: the chair of a sitting is one of its jury's members (they sign its minutes)."""
    if not chair_sits_on_jury:
        return _("The chair of a sitting is one of its jury's members.")
    return None


def minutes_problem(
    *, is_chair: bool, sitting_started: bool, candidates: int, undecided: int, signed: bool
) -> str | None:
    """TRN-4: the chair of the sitting signs its minutes once it has started and every candidate has a
    verdict or withdrew; signed once, then final."""
    if signed:
        return _("The minutes of this sitting are already signed: they are final.")
    if not is_chair:
        return _("Only the chair of the sitting signs its minutes.")
    if not sitting_started:
        return _("Sign the minutes once the sitting has started.")
    if not candidates:
        return _("No candidate sat at this sitting: there is nothing to sign.")
    if undecided:
        return ngettext(
            "%(count)s candidate still without a verdict: record every verdict before signing the minutes.",
            "%(count)s candidates still without a verdict: record every verdict before signing the minutes.",
            undecided,
        ) % {"count": undecided}
    return None


# Crockford's base 32: no I, L, O or U, so a code read aloud or typed by hand is not mistaken.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4


def normalise_code(typed: str) -> str:
    """A verification code as typed (any case, spaces, with or without dashes, O for 0, I or L for 1) in
    its printed form ``XXXX-XXXX-XXXX``; an empty string when it cannot be one."""
    raw = "".join(typed.split()).replace("-", "").upper().translate(str.maketrans("OIL", "011"))
    if len(raw) != CODE_GROUPS * CODE_GROUP_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        return ""
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def portfolio_problem(*, registered: bool, sitting_started: bool) -> str | None:
    """TRN-2: the candidate hands their portfolio in while registered, until the sitting starts (at the
    start it is too late); the jury reads it there."""
    if not registered:
        return _("This candidacy is decided or withdrawn: its portfolio no longer changes.")
    if sitting_started:
        return _("The sitting has started: the portfolio was due before it (TRN-2).")
    return None
