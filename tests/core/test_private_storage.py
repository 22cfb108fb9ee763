"""Issue 17: private files in an S3 bucket (``DJANGO_PRIVATE_STORAGE=s3``, django-storages), faked
in-process by moto. What the services write lands in the bucket, private; our views serve it back after their
access check, to the right person only; nothing gets a public URL.

The storage is the one the settings build from a deployer's environment (read in a process of its own),
swapped in with ``settings.STORAGES``: ``openclassrooms.core.storage`` follows the change.
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws
from storages.backends.s3 import S3Storage

from openclassrooms.core import exports
from openclassrooms.core import services as core_services
from openclassrooms.core.models import DataExport
from openclassrooms.core.storage import private_storage
from students import services as students_services
from students.models import Document
from tests.accounts.factories import UserFactory
from tests.students.factories import DocumentFactory

ROOT = Path(__file__).resolve().parents[2]
BUCKET, REGION = "school-private", "eu-west-3"
PDF = b"%PDF-1.4\n% a proof handed in\n%%EOF\n"
# Grantees that would make an object readable by anyone (or by any AWS account).
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(scope="module")
def s3_private_storage() -> dict:
    """``STORAGES["private"]`` as the settings build it from a deployer's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "openclassrooms.settings.test",
        "DJANGO_PRIVATE_STORAGE": "s3",
        "DJANGO_PRIVATE_S3_BUCKET": BUCKET,
        "AWS_S3_REGION_NAME": REGION,
    }
    code = "import django, json; django.setup(); from django.conf import settings as s; "
    code += "print(json.dumps(s.STORAGES['private']))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def bucket(settings, s3_private_storage):
    """An empty private bucket in moto's fake AWS, and the private storage pointed at it."""
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {**settings.STORAGES, "private": s3_private_storage}
        yield s3


def _keys(s3) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _assert_private(s3, key: str) -> None:
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert grants and all(g["Grantee"].get("URI") not in PUBLIC_GROUPS for g in grants), grants


def _download(client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    # Reading a streamed response to its end closes it (and the S3 object): the test client does that.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


@pytest.mark.django_db
def test_an_uploaded_proof_lands_in_the_private_bucket_and_goes_back_to_its_readers_only(bucket, client):
    assert isinstance(private_storage, S3Storage)  # the lazy proxy followed settings.STORAGES
    student = UserFactory(roles=["student"])
    document = students_services.document_store(
        upload=SimpleUploadedFile("proof.pdf", PDF), student=student, by=student, kind=Document.Kind.OTHER
    )
    again = students_services.document_store(
        upload=SimpleUploadedFile("proof.pdf", PDF + b"%2"),
        student=student,
        by=student,
        kind=Document.Kind.OTHER,
    )

    # In the bucket, private, each upload under a name of its own (nothing is overwritten).
    assert (
        _keys(bucket) == sorted([document.file.name, again.file.name])
        and document.file.name != again.file.name
    )
    assert bucket.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read() == PDF
    _assert_private(bucket, document.file.name)
    # No public URL: were one asked for, it is signed and expires within a minute.
    url = private_storage.url(document.file.name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url

    # Served by our view after its check: to the student and to Student Success, a 404 to another student.
    page = reverse("students:document", args=[document.pk])
    for reader in (student, UserFactory(roles=["student_success"])):
        client.force_login(reader)
        assert _download(client, page) == (200, PDF)
    client.force_login(UserFactory(roles=["student"]))
    assert _download(client, page)[0] == 404


@pytest.mark.django_db
def test_a_students_copy_of_their_data_is_built_from_the_bucket_into_it_served_to_them_and_deleted(
    bucket, client
):
    student = UserFactory(roles=["student"])
    proof = DocumentFactory(student=student, file=SimpleUploadedFile("proof.pdf", PDF), size=len(PDF))
    DocumentFactory(file=SimpleUploadedFile("theirs.pdf", b"%PDF-1.4\n% someone else's\n"))
    now = timezone.now()
    export = DataExport.objects.create(student=student, requested_at=now - timedelta(minutes=5))
    assert core_services.export_build(export_id=export.pk, now=now)
    export.refresh_from_db()

    # The ZIP is in the bucket, private, and holds the proof read back from it.
    assert export.file.name in _keys(bucket)
    _assert_private(bucket, export.file.name)
    url = reverse("data_export_download", args=[export.pk])
    client.force_login(student)
    status, body = _download(client, url)
    assert status == 200
    archive = zipfile.ZipFile(io.BytesIO(body))
    data = json.loads(archive.read("data.json"))
    assert [archive.read(d["file"]) for d in data["documents"]] == [PDF]
    assert "missing_files" not in data
    for other in (UserFactory(roles=["student"]), UserFactory(roles=["student_success"])):
        client.force_login(other)
        assert _download(client, url)[0] == 404

    # At its expiry the ZIP leaves the bucket; the proof stays.
    exports.purge_expired(cutoff=None, held=(), now=export.expires_at)
    assert export.file.name not in _keys(bucket) and proof.file.name in _keys(bucket)
