"""The juries app's part of a student's copy of their data (core.exports): candidacies with the portfolio
(its files go into the ZIP) and who opened the record, verdicts, remedial projects with their files, the
diploma certificate (its PDF too) and the conflicts of interest declared about the student (TRN-2..TRN-4).

Left out: the jury's members (other people: a conflict of interest is given without who declared it or
why) and the sitting's signed minutes, which list the other candidates.
"""

from django.utils.translation import gettext as _

from openclassrooms.core.exports import ExportFile, Part, Section, attach, roles

from . import selectors


def _handed_in(rows, *, student, files: list[ExportFile], folder: str, parent: int) -> list[dict]:
    return [
        {
            "name": f.original_name,
            "content_type": f.content_type,
            "size": f.size,
            "uploaded_at": f.uploaded_at,
            "uploaded_by": _("you") if f.uploaded_by_id == student.pk else _("the school"),
            "file": attach(files, folder, f.file, parent, f.pk, f.original_name),
        }
        for f in rows
    ]


def student_data(*, student) -> Part:
    files: list[ExportFile] = []
    candidacies, verdicts, remedials, diplomas = [], [], [], []
    for c in selectors.candidacies_of_student(student=student):
        session = c.session
        candidacies.append(
            {
                "id": c.pk,
                "enrolment": c.enrolment_id,
                "jury": session.jury.name,
                "sitting_starts_at": session.starts_at,
                "sitting_mode": session.get_mode_display(),
                "sitting_format": session.get_format_display(),
                "sitting_place": session.location,
                "panel": c.panel.name if c.panel_id else "",
                "status": c.get_status_display(),
                "registered_at": c.registered_at,
                "portfolio_link": c.portfolio_url,
                "portfolio_handed_in_at": c.portfolio_submitted_at,
                "portfolio_files": _handed_in(
                    c.portfolio_files.all(), student=student, files=files, folder="portfolio", parent=c.pk
                ),
                "record_opened": [
                    {
                        "at": o.opened_at,
                        "by": _("you") if o.opened_by_id == student.pk else roles(o.opened_by),
                    }
                    for o in c.openings.all()
                ],
            }
        )
        verdict = getattr(c, "verdict", None)
        if verdict is None:
            continue
        verdicts.append(
            {
                "candidacy": c.pk,
                "decision": verdict.get_decision_display(),
                "reasons": verdict.reasons,
                "skills_to_improve": [skill.name for skill in verdict.skills_to_improve.all()],
                "decided_at": verdict.decided_at,
            }
        )
        for r in verdict.remedial_projects.all():
            remedials.append(
                {
                    "id": r.pk,
                    "candidacy": c.pk,
                    "title": r.title,
                    "brief": r.brief,
                    "skills": [skill.name for skill in r.skills.all()],
                    "status": r.get_status_display(),
                    "link": r.deliverables_url,
                    "submitted_at": r.submitted_at,
                    "own_work_declared_at": r.own_work_declared_at,
                    "approved_at": r.approved_at,
                    "review_comment": r.review_comment,
                    "files": _handed_in(
                        r.deliverables.all(), student=student, files=files, folder="remedial", parent=r.pk
                    ),
                }
            )
        diploma = getattr(verdict, "diploma", None)
        if diploma is not None:
            diplomas.append(
                {
                    "code": diploma.code,
                    "holder_name": diploma.holder_name,
                    "path": diploma.path_name,
                    "level": diploma.path_level,
                    "awarded_on": diploma.awarded_on,
                    "certificate": attach(files, "diploma", diploma.pdf, "diploma", f"{diploma.code}.pdf"),
                }
            )
    conflicts = [
        {
            "declared_at": conflict.declared_at,
            "what_it_means": _(
                "A member of the jury declared a conflict of interest about you and does not sit on your "
                "panel (TRN-3)."
            ),
        }
        for conflict in selectors.conflicts_about_student(student=student)
    ]
    return Part(
        sections={
            "jury_candidacies": Section(
                _("Candidacies before a jury"),
                candidacies,
                note=_(
                    "Your portfolio files are in the ZIP at the names shown; who opened your record is "
                    "given by role."
                ),
            ),
            "jury_verdicts": Section(_("Verdicts of the jury (TRN-4)"), verdicts),
            "remedial_projects": Section(_("Remedial projects set by the jury"), remedials),
            "diplomas": Section(_("Diploma"), diplomas),
            "jury_conflicts_of_interest": Section(
                _("Conflicts of interest declared about you"),
                conflicts,
                note=_("Without who declared them or why: that is the jury member's own data."),
            ),
        },
        files=files,
    )
