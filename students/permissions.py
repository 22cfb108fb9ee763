"""Fetch-and-authorise for students' requests and documents (404 for anyone else)."""

from django.http import Http404

from openclassrooms.accounts.roles import Role

from .models import Document


def access_document(user, pk: int) -> Document:
    """The student the document is about, Student Success, and the Disciplinary Board may read it."""
    try:
        document = Document.objects.get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("No such document.") from exc
    if document.student_id == user.pk or user.has_perm("students.view_document"):
        return document
    if user.has_role(Role.HEAD_OF_LEARNING) or user.has_role(Role.LEARNING_MANAGER):
        from discipline.models import CaseEvidence, Hearing

        if (
            CaseEvidence.objects.filter(document=document).exists()
            or Hearing.objects.filter(extenuating_proof=document).exists()
        ):
            return document
    raise Http404("No such document.")
