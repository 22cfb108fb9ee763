"""What an uploaded file really is, read from its first bytes rather than its name or the browser's word."""

import zipfile

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",
}


def sniff_content_type(upload, *, allowed: tuple[str, ...]) -> str | None:
    """The upload's type among ``allowed``, recognised by its first bytes; a ZIP archive must also open
    (its table of contents is read, nothing is extracted). None when it is none of them."""
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)
    if kind not in allowed:
        return None
    if kind == "application/zip":
        try:
            with zipfile.ZipFile(upload) as archive:
                archive.infolist()
        except (zipfile.BadZipFile, OSError, EOFError):
            return None
        finally:
            upload.seek(0)
    return kind
