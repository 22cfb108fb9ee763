"""The impact app's part of a student's copy of their data (core.exports): a seat on the Impact Committee,
which a student may hold (IMP-1), with the requests they sent the company Board (IMP-3). The Committee's
figures are aggregated, never about one student: they are not part of anyone's record."""

from django.utils.translation import gettext as _

from openclassrooms.core.exports import Part, Section

from . import selectors


def student_data(*, student) -> Part:
    rows = [
        {
            "constituency": m.get_constituency_display(),
            "organisation": m.organisation,
            "named_on_the_public_page": m.public_consent,
            "joined_on": m.joined_on,
            "left_on": m.left_on,
            "requests_to_the_board": [
                {
                    "subject": r.subject,
                    "body": r.body,
                    "sent_at": r.sent_at,
                    "due_on": r.due_on,
                    "status": r.get_status_display(),
                    "answer": r.answer,
                    "answered_at": r.answered_at,
                }
                for r in m.requests.all()
            ],
        }
        for m in selectors.memberships_of(user=student)
    ]
    return Part(sections={"impact_committee": Section(_("Seat on the Impact Committee"), rows)})
