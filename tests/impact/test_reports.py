"""IMP-4 and IMP-1: publishing the annual report freezes its figures (later data changes neither the page
nor the PDF); anyone reads it without signing in; a correction is a new, dated version and the old one
stays readable; the Committee's members are named only with their consent."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from impact import services
from impact.models import AnnualReport, CommitteeMember, Measurement
from openclassrooms.accounts.roles import Role
from tests.impact.factories import BoardRequestFactory, CommitteeMemberFactory, CriterionFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def draft(make_user):
    """A 2025 report on a hand-entered criterion (64.5 % over 2025) and a computed one with a suppressed
    cell, with one request to the Board answered in 2025; two members, one consenting to be named."""
    member = CommitteeMemberFactory(
        joined_on=date(2024, 2, 1), public_consent=True, organisation="Université de Bordeaux",
        user__first_name="Ada", user__last_name="Lovelace",
        constituency=CommitteeMember.Constituency.ACADEMIC,
    )  # fmt: skip
    CommitteeMemberFactory(
        joined_on=date(2024, 2, 1), constituency=CommitteeMember.Constituency.STUDENT,
        user__first_name="Hidden", user__last_name="Student",
    )  # fmt: skip
    manual = CriterionFactory(name="Completion rate", unit="%", source="Training department")
    Measurement.objects.create(
        criterion=manual, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=Decimal("64.5"),
        measured_at=datetime(2026, 1, 10, tzinfo=PARIS),
    )  # fmt: skip
    computed = CriterionFactory(name="Dropout rate", unit="%", measure="dropout_rate")
    Measurement.objects.create(
        criterion=computed, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        value=Decimal("12.0"),
        breakdown={"cells": [{"label": "Web", "value": "11.0", "students": 40},
                             {"label": "Data", "value": None, "students": None}]},
        measured_at=datetime(2026, 1, 10, tzinfo=PARIS),
    )  # fmt: skip
    request = BoardRequestFactory(subject="Fees", body="Publish the fees.", sent_by=member,
                                  sent_at=datetime(2025, 5, 2, 9, tzinfo=PARIS))  # fmt: skip
    services.board_request_answer(
        request_id=request.pk, by=make_user(Role.BOARD_MEMBER), answer="They are on the website.",
        now=datetime(2025, 5, 20, 9, tzinfo=PARIS),
    )  # fmt: skip
    report = services.annual_report_save(
        report=AnnualReport(year=2025, title="Impact report 2025", summary="Access improved."),
        sections=[("Access", "One student in four is funded by the job centre.")],
        criteria=[manual, computed],
    )
    return {"report": report, "member": member.user, "manual": manual, "request": request}


def _publish(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.annual_report_publish(report_id=draft["report"].pk, by=draft["member"])
    return AnnualReport.objects.get(pk=draft["report"].pk)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_imp4_anyone_reads_the_published_report_and_its_pdf_without_signing_in(
    draft, django_capture_on_commit_callbacks, client
):
    report = _publish(draft, django_capture_on_commit_callbacks)
    page = client.get(reverse("impact:report", args=[2025])).content.decode()
    for expected in (
        "Impact report 2025",
        "Access improved.",
        "One student in four is funded by the job centre.",
        "64.5 %",
        "11 %",
        "fewer than 10",
        "Publish the fees.",
        "They are on the website.",
        "Ada Lovelace, Université de Bordeaux",
        "1 member who prefers not to be named",
    ):
        assert expected in page, expected
    assert "Hidden" not in page and draft["member"].email not in page
    assert reverse("impact:report", args=[2025]) in client.get(reverse("impact:reports")).content.decode()
    response = client.get(reverse("impact:report_pdf", args=[2025, 1]))
    pdf = b"".join(response.streaming_content)
    assert "pdfaid" in PdfReader(io.BytesIO(pdf)).xmp_metadata.rdf_root.toxml()
    assert "64.5 %" in _text(pdf) and "They are on the website." in _text(pdf)
    assert report.pdf


def test_imp4_publishing_freezes_the_figures_later_data_changes_neither_the_page_nor_the_pdf(
    draft, django_capture_on_commit_callbacks, client
):
    report = _publish(draft, django_capture_on_commit_callbacks)
    pdf_before = report.pdf.read()
    Measurement.objects.filter(criterion=draft["manual"]).update(value=Decimal("99.9"))
    draft["manual"].name = "Renamed"
    draft["manual"].save()
    CommitteeMember.objects.update(public_consent=True)
    page = client.get(reverse("impact:report", args=[2025])).content.decode()
    assert "64.5 %" in page and "99.9" not in page and "Renamed" not in page and "Hidden" not in page
    report.refresh_from_db()
    assert report.pdf.read() == pdf_before
    assert services.annual_report_print(report_id=report.pk) is False


def test_imp4_a_published_report_is_corrected_by_a_new_dated_version_and_the_old_one_stays_readable(
    draft, django_capture_on_commit_callbacks, client
):
    report = _publish(draft, django_capture_on_commit_callbacks)
    report.summary = "Changed."
    with pytest.raises(services.ImpactError, match="no longer changes"):
        services.annual_report_save(report=report)
    with pytest.raises(services.ImpactError, match="already published"):
        services.annual_report_publish(report_id=report.pk, by=draft["member"])
    with pytest.raises(services.ImpactError, match="Say what the new version corrects"):
        services.annual_report_correct(report_id=report.pk, by=draft["member"], note=" ")
    second = services.annual_report_correct(
        report_id=report.pk, by=draft["member"], note="The completion rate was 65.4 %, not 64.5 %."
    )
    assert (second.version, second.status, second.sections.get().heading) == (2, "draft", "Access")
    Measurement.objects.filter(criterion=draft["manual"]).update(value=Decimal("65.4"))
    with django_capture_on_commit_callbacks(execute=True):
        services.annual_report_publish(report_id=second.pk, by=draft["member"])
    latest = client.get(reverse("impact:report", args=[2025])).content.decode()
    assert "65.4 %" in latest and "The completion rate was 65.4 %, not 64.5 %." in latest
    old = client.get(reverse("impact:report_version", args=[2025, 1])).content.decode()
    assert "64.5 %" in old and "A corrected version exists" in old
    with pytest.raises(services.ImpactError, match="Version 2 is the latest"):
        services.annual_report_correct(report_id=report.pk, by=draft["member"], note="Again.")


def test_imp4_the_committee_drafts_and_publishes_in_its_own_pages(
    draft, django_capture_on_commit_callbacks, client_as
):
    client = client_as(draft["member"])
    url = reverse("impact:report_draft", args=[draft["report"].pk])
    page = client.get(url).content.decode()
    assert "Save and publish" in page and "One student in four" in page
    data = {
        "year": "2025", "title": "Impact report 2025", "summary": "Access improved a lot.",
        "criteria": [draft["manual"].pk],
        "sections-TOTAL_FORMS": "2", "sections-INITIAL_FORMS": "1", "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000", "sections-0-heading": "Access", "sections-0-body": "Better.",
        "sections-1-heading": "", "sections-1-body": "", "publish": "1",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "Published: anyone can read it" in response.content.decode()
    report = AnnualReport.objects.get(pk=draft["report"].pk)
    assert report.status == "published" and [c["name"] for c in report.snapshot["criteria"]] == [
        "Completion rate"
    ]
    assert "Draft a corrected version" in client.get(url).content.decode()


def test_imp4_only_a_current_committee_member_publishes(draft, make_user):
    with pytest.raises(services.ImpactError, match="current member of the Impact Committee"):
        services.annual_report_publish(report_id=draft["report"].pk, by=make_user(Role.BOARD_MEMBER))
    assert AnnualReport.objects.get(pk=draft["report"].pk).status == "draft"


def test_imp4_the_public_page_issues_constant_queries_however_long_the_report(
    draft, django_capture_on_commit_callbacks, client, count_queries, django_assert_max_num_queries
):
    """The page reads the frozen snapshot: more criteria, requests and members add no query."""
    report = _publish(draft, django_capture_on_commit_callbacks)
    url = reverse("impact:report", args=[2025])
    small = count_queries(client, url)
    snapshot = report.snapshot
    snapshot["criteria"] *= 20
    snapshot["requests"] *= 20
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    with django_assert_max_num_queries(small):
        count_queries(client, url)


def test_imp1_the_public_page_lists_todays_members_by_constituency_named_only_with_consent(draft, client):
    page = client.get(reverse("impact:reports")).content.decode()
    assert "Independent — academic" in page and "Ada Lovelace, Université de Bordeaux" in page
    assert "Hidden" not in page and "1 member who prefers not to be named" in page
