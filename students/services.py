"""Writes on students' records."""

from django.db import transaction

from .models import Document

MAX_UPLOAD = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class DocumentError(Exception):
    pass


def sniff_content_type(upload) -> str | None:
    """PDF, PNG or JPEG, recognised by their first bytes, not by the file's name."""
    head = upload.read(16)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


@transaction.atomic
def document_store(*, upload, student, by, kind: str) -> Document:
    """Keep an uploaded proof or approval in private storage, after checking its type and size."""
    if upload.size == 0:
        raise DocumentError("The file is empty.")
    if upload.size > MAX_UPLOAD:
        raise DocumentError("The file is larger than 10 MB.")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise DocumentError("Only PDF, PNG or JPEG files are accepted.")
    return Document.objects.create(
        student=student,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
