"""Fetch-and-authorise for enrolments, requests, profile corrections and documents (404 for anyone else)."""

from django.http import Http404
from django.utils.translation import gettext as _

from .models import Document, Enrolment, PathChangeRequest, ProfileCorrection, SuspensionRequest

# The requests a student makes, by the ``kind`` their page posts.
REQUEST_KINDS = {"suspension": SuspensionRequest, "change": PathChangeRequest}


def access_enrolment(user, pk: int, *, as_mentor: bool = False) -> Enrolment:
    """Student Success reach every enrolment; a mentor only their students' (``as_mentor``)."""
    qs = Enrolment.objects.select_related("student", "path")
    if as_mentor:
        qs = qs.filter(mentor=user)
    elif not user.has_perm("students.view_enrolment"):
        raise Http404(_("No such student."))
    try:
        return qs.get(pk=pk)
    except Enrolment.DoesNotExist as exc:
        raise Http404(_("No such student.")) from exc


def access_own_request(student, posted) -> SuspensionRequest | PathChangeRequest:
    """A request of the student's own, from its ``kind`` and ``pk`` as their page posts them (else 404)."""
    model = REQUEST_KINDS.get(posted.get("kind", ""))
    pk = posted.get("pk")
    if model is None or not (pk or "").isdigit():
        raise Http404(_("No such request."))
    try:
        return model.objects.select_related("enrolment").get(pk=int(pk), enrolment__student=student)
    except model.DoesNotExist as exc:
        raise Http404(_("No such request.")) from exc


def access_document(user, pk: int, *, also_allowed=None) -> Document:
    """The student the document is about and Student Success may read it; ``also_allowed(document)`` lets
    a page of an app above add its readers (the Disciplinary Board for evidence)."""
    try:
        document = Document.objects.get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404(_("No such document.")) from exc
    if document.student_id == user.pk or user.has_perm("students.view_document"):
        return document
    if also_allowed is not None and also_allowed(document):
        return document
    raise Http404(_("No such document."))


def access_profile_correction(user, pk: int) -> ProfileCorrection:
    """GDPR art. 16: the student who asked and Student Success read a correction request; anyone else, and a
    number that does not exist, get the same 404."""
    try:
        correction = ProfileCorrection.objects.get(pk=pk)
    except ProfileCorrection.DoesNotExist as exc:
        raise Http404(_("No such correction request.")) from exc
    if correction.student_id == user.pk or user.has_perm("students.view_profilecorrection"):
        return correction
    raise Http404(_("No such correction request."))
