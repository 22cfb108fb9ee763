"""The Impact Committee in a real browser (#13): a Committee member sends a request to the company Board, a
Board member answers it in the Board's page, the Committee publishes the year's report, and an anonymous
visitor reads the public page — which passes an axe-core accessibility check with no serious violation —
and downloads its PDF (IMP-1, IMP-3, IMP-4)."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from impact.models import BoardRequest, Measurement
from openclassrooms.core.models import OutboundEmail
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import sign_in
from tests.impact.factories import CommitteeMemberFactory, CriterionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_imp3_imp4_a_request_answered_by_the_board_and_a_report_anyone_reads(page, browser, live_server):
    year = timezone.localdate().year
    member = CommitteeMemberFactory(
        joined_on=date(year, 1, 2), public_consent=True, user__first_name="Nadia", user__last_name="Kader",
        organisation="Association Tremplin Numérique",
    ).user  # fmt: skip
    board = UserFactory(roles=["board_member"], first_name="Paul", last_name="Morin")
    criterion = CriterionFactory(name="Share of sessions held", unit="%", source="Mentoring records")
    Measurement.objects.create(
        criterion=criterion, period_start=date(year, 1, 1), period_end=date(year, 3, 31),
        value=Decimal("91.5"), measured_at=timezone.now(),
    )  # fmt: skip

    # 1. The Committee member sends a request to the Board.
    sign_in(page, live_server.url, member.email)
    page.goto(live_server.url + "/impact/")
    page.get_by_role("link", name="Send a request to the Board").click()
    page.get_by_label("Subject").fill("Fees of funded students")
    page.get_by_label("Request").fill("Please publish the fees invoiced per path, whoever pays.")
    page.get_by_label("Answer due by").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Send to the Board").click()
    expect(page.get_by_text("Request sent: the Board's members are e-mailed (IMP-3).")).to_be_visible()
    expect(page.get_by_text("only its members answer")).to_be_visible()
    request = BoardRequest.objects.get()
    assert OutboundEmail.objects.get(key=f"imp3-request:{request.pk}").to == [board.email]

    # 2. A Board member answers it in the Board's page.
    page.context.clear_cookies()
    sign_in(page, live_server.url, board.email)
    page.goto(live_server.url + "/impact/board/")
    page.get_by_role("link", name="Fees of funded students").click()
    expect(page.get_by_text("Please publish the fees invoiced per path")).to_be_visible()
    page.get_by_label("The Board's answer").fill("Fees are the same for every payer; the list is online.")
    page.get_by_role("button", name="Record the Board's answer").click()
    expect(page.get_by_text("Answer recorded; the Committee is told (IMP-3).")).to_be_visible()

    # 3. The Committee drafts and publishes the year's report.
    page.context.clear_cookies()
    sign_in(page, live_server.url, member.email)
    page.goto(live_server.url + "/impact/")
    page.get_by_role("link", name="Draft a report").click()
    page.get_by_label("Year").fill(str(year))
    page.get_by_label("Title").fill(f"Impact report {year}")
    page.get_by_label("Summary").fill("Mentoring sessions were held as promised.")
    page.get_by_label("Share of sessions held").check()
    page.get_by_label("Section heading").first.fill("Access")
    page.get_by_label("Text").first.fill("More students funded by the job centre.")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("Published: anyone can read it")).to_be_visible()

    # 4. Anyone reads it, without signing in, on a phone; it passes axe-core; the PDF downloads.
    visitor = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="en-GB")
    public = visitor.new_page()
    public.goto(live_server.url + "/impact/reports/")
    public.get_by_role("link", name=f"Impact report {year}").click()
    expect(public.get_by_role("heading", name=f"Impact report {year}")).to_be_visible()
    for text in ("91.5 %", "Fees are the same for every payer", "Nadia Kader", "More students funded"):
        expect(public.get_by_text(text, exact=False).first).to_be_visible()
    axe = Axe().run(public).response
    assert axe["testEngine"]["name"] == "axe-core" and axe["url"].endswith(f"/impact/reports/{year}/")
    violations = axe["violations"]
    serious = [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    with public.expect_download() as download:
        public.get_by_role("link", name="Download the report (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Fees are the same for every payer" in text and "91.5 %" in text
    visitor.close()
