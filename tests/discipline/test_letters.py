"""DIS-7, DIS-8, DIS-9: the registered letter PDF, and the URL fetcher that keeps it from reaching out."""

import io
import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError, fetch

from discipline.letters import letter_html, render_letter_pdf
from discipline.models import CaseGround, Decision, Hearing, Letter
from discipline.services import DisciplineError, letter_generate
from openclassrooms.core.pdf import make_url_fetcher, safe_url_fetcher
from students.models import EnrolmentFunding
from tests.accounts.factories import UserFactory
from tests.discipline.factories import CaseFactory
from tests.students.factories import EnrolmentFactory, EnrolmentFundingFactory, FundingBodyFactory

pytestmark = pytest.mark.django_db

# 09:30 in Paris on Tuesday 3 March 2026 (UTC+1).
HEARING_START = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
LETTER_DAY = date(2026, 3, 6)
STATIC_DIR = Path(settings.STATICFILES_DIRS[0]).resolve()

IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel="stylesheet" href="http://169.254.169.254/">'
STYLE = "<style>@import url(http://169.254.169.254/x.css);</style>"


def make_decision(
    *,
    penalty=Decision.Penalty.WARNING,
    effective_from=None,
    effective_until=None,
    summary="Insulting messages in the forum.",
    grounds="Repeated insults towards another student in the forum.",
    hearing_start=HEARING_START,
    enrolment=None,
):
    student = UserFactory(first_name="Camille", last_name="Durand", roles=["student"])
    chair = UserFactory(first_name="Hélène", last_name="Martin", roles=["head_of_learning"])
    case = CaseFactory(enrolment=enrolment or EnrolmentFactory(student=student), summary=summary)
    CaseGround.objects.create(case=case, rule="CON-1", statement="Abusive messages to another student.")
    hearing = Hearing.objects.create(
        case=case,
        scheduled_start=hearing_start,
        video_link="https://meet.example.org/board",
        status=Hearing.Status.HELD,
        student_attended=True,
    )
    return Decision.objects.create(
        case=case,
        hearing=hearing,
        penalty=penalty,
        grounds=grounds,
        decided_at=hearing_start,
        decided_by=chair,
        effective_from=effective_from,
        effective_until=effective_until,
    )


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def squeezed(text: str) -> str:
    """Without any whitespace: a long line may wrap anywhere in the PDF."""
    return "".join(text.split())


# --- The letter ---------------------------------------------------------------------------------------


def test_dis8_letter_is_a_pdf_naming_student_penalty_dates_and_no_appeal():
    decision = make_decision(penalty=Decision.Penalty.WARNING)

    pdf = render_letter_pdf(decision=decision, today=LETTER_DAY)

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "OpenClassrooms" in text
    assert "10 quai de la Charente" in text and "75019 Paris" in text
    assert "Registered letter with acknowledgement of receipt" in text
    assert "Paris, 6 March 2026" in text  # the letter's date
    assert "Camille Durand" in text
    assert "Warning" in text
    assert "3 March 2026 at 09:30" in text  # the hearing, in Paris time
    assert "Repeated insults towards another student" in text  # the grounds
    assert "Abusive messages to another student. (CON-1)" in text  # the complaints
    assert "notified to you by e-mail" in text  # DIS-7
    assert "This decision cannot be appealed (DIS-8)." in text
    assert "Hélène Martin" in text and "Head of Learning" in text  # signed by the chair
    # DIS-8: the dispatch window, day 2 and day 15 after the hearing.
    assert "between 5 March 2026 and 18 March 2026" in text


@pytest.mark.parametrize(("language", "day"), [("fr", "6 mars 2026"), ("en", "6 March 2026")])
def test_dis8_the_letter_speaks_the_students_language_not_the_board_members(language, day):
    """Issue 16: the letter goes out in the student's language, whoever records the decision: a French
    student's letter is French while a Board member reads the site in English, and the other way round."""
    decision = make_decision()
    student = decision.case.enrolment.student
    student.language = language
    student.save(update_fields=["language"])

    for reader in ("en", "fr"):
        with translation.override(reader):
            html = letter_html(decision=decision, today=LETTER_DAY)
        assert f'<html lang="{language}">' in html
        assert day in html  # the letter's date, in the student's words


def test_dis8_dispatch_window_counts_from_the_hearing_date_in_paris():
    """23:30 UTC on 2 March is 00:30 on 3 March in Paris: the window is 5–18 March, not 4–17."""
    decision = make_decision(hearing_start=datetime(2026, 3, 2, 23, 30, tzinfo=UTC))

    html = letter_html(decision=decision, today=LETTER_DAY)

    assert "between 5 March 2026 and 18 March 2026" in " ".join(html.split())


def test_dis8_letter_is_pdf_a_and_uses_the_static_stylesheet():
    pdf = render_letter_pdf(decision=make_decision(), today=LETTER_DAY)

    reader = PdfReader(io.BytesIO(pdf))
    assert b"pdfaid:part" in pdf or "pdfaid" in str(reader.xmp_metadata.rdf_root.toxml())
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    # The page footer exists only in css/letter.css: the fetcher served it.
    assert "page 1 of" in pdf_text(pdf)


def test_dis7_suspension_letter_names_both_dates_fees_and_what_is_cut():
    decision = make_decision(
        penalty=Decision.Penalty.SUSPENSION,
        effective_from=date(2026, 3, 10),
        effective_until=date(2026, 4, 10),
    )

    text = pdf_text(render_letter_pdf(decision=decision, today=LETTER_DAY))

    assert "Suspension (one month)" in text
    assert "from 10 March 2026 to 10 April 2026" in text
    assert "fees for that month remain due, whoever pays them" in text
    assert "access to the collaborative tools and to mentoring is cut" in text
    assert "cannot be appealed" in text


def test_dis7_exclusion_letter_names_end_no_refund_and_one_year():
    decision = make_decision(penalty=Decision.Penalty.EXCLUSION, effective_from=date(2026, 3, 10))

    text = pdf_text(render_letter_pdf(decision=decision, today=LETTER_DAY))

    assert "Permanent exclusion" in text
    assert "Your training ends on 10 March 2026" in text
    assert "not refunded" in text
    assert "for one year, that is until 10 March 2027" in text
    assert "cannot be appealed" in text


def test_dis7_exclusion_without_date_ends_on_the_decision_day():
    decision = make_decision(penalty=Decision.Penalty.EXCLUSION)

    text = " ".join(letter_html(decision=decision, today=LETTER_DAY).split())

    assert "Your training ends on 3 March 2026" in text
    assert "until 3 March 2027" in text


def test_dis7_no_penalty_is_stated():
    text = pdf_text(
        render_letter_pdf(decision=make_decision(penalty=Decision.Penalty.NONE), today=LETTER_DAY)
    )

    assert "No penalty" in text
    assert "not to impose any penalty" in text
    assert "entered in your student record" not in text
    assert "cannot be appealed" in text


def test_dis9_letter_lists_the_funding_bodies_and_the_employer_not_self_funding():
    enrolment = EnrolmentFactory(student=UserFactory(first_name="Camille", last_name="Durand"))
    EnrolmentFundingFactory(
        enrolment=enrolment,
        kind=EnrolmentFunding.Kind.JOB_CENTRE,
        body=FundingBodyFactory(name="France Travail"),
    )
    EnrolmentFundingFactory(
        enrolment=enrolment,
        kind=EnrolmentFunding.Kind.EMPLOYER,
        body=FundingBodyFactory(name="Acme Industries", kind="employer"),
        share_percent=40,
    )
    EnrolmentFundingFactory(enrolment=enrolment, kind=EnrolmentFunding.Kind.SELF, body=None, share_percent=10)
    decision = make_decision(enrolment=enrolment)

    text = pdf_text(render_letter_pdf(decision=decision, today=LETTER_DAY))

    assert "France Travail — Job centre" in text
    assert "Acme Industries — your employer (company training plan)" in text
    assert "Self-funded" not in text
    assert "(DIS-9)" in text


def test_dis9_letter_says_no_copy_goes_out_for_a_self_funded_student():
    text = pdf_text(render_letter_pdf(decision=make_decision(), today=LETTER_DAY))

    assert "no copy of this decision is sent to a third party (DIS-9)" in text


def test_dis8_three_letters_in_a_row():
    decisions = [
        make_decision(penalty=Decision.Penalty.WARNING),
        make_decision(
            penalty=Decision.Penalty.SUSPENSION,
            effective_from=date(2026, 3, 10),
            effective_until=date(2026, 4, 10),
        ),
        make_decision(penalty=Decision.Penalty.EXCLUSION, effective_from=date(2026, 3, 10)),
    ]

    pdfs = [render_letter_pdf(decision=d) for d in decisions]

    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert ["Warning" in pdf_text(pdfs[0]), "fees" in pdf_text(pdfs[1]), "one year" in pdf_text(pdfs[2])] == [
        True,
        True,
        True,
    ]


# --- Database text is shown, never fetched --------------------------------------------------------------


def test_dis8_database_text_is_escaped_in_the_letter_html():
    decision = make_decision(summary=f"Facts {IMG} {LINK}", grounds=f"Grounds {STYLE} {IMG}")
    CaseGround.objects.create(case=decision.case, rule="DIS-11", statement=LINK)

    html = letter_html(decision=decision, today=LETTER_DAY)

    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "&lt;link rel=&quot;stylesheet&quot; href=&quot;http://169.254.169.254/&quot;&gt;" in html
    assert "&lt;style&gt;@import url(http://169.254.169.254/x.css);&lt;/style&gt;" in html
    assert '<img src="file:' not in html
    assert "<img" not in html
    assert '169.254.169.254/">' not in html
    assert "<style>" not in html
    # The only link in the letter is our own stylesheet.
    assert html.count("<link") == 1 and 'href="css/letter.css"' in html


def test_dis8_hostile_text_prints_as_text_and_nothing_is_fetched(caplog):
    decision = make_decision(summary=f"Facts {IMG} {LINK}", grounds=f"Grounds {STYLE}")
    decision.case.enrolment.student.last_name = '<img src="file:///etc/passwd">'
    decision.case.enrolment.student.save(update_fields=["last_name"])

    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        pdf = render_letter_pdf(decision=decision, today=LETTER_DAY)

    text = squeezed(pdf_text(pdf))
    assert squeezed(IMG) in text
    assert squeezed(LINK) in text
    assert squeezed(STYLE) in text
    # Had WeasyPrint been asked for any of these URLs, the fetcher would have refused and WeasyPrint would
    # have logged "Failed to load …": nothing was attempted.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "169.254.169.254" not in logged
    assert "/etc/passwd" not in logged
    assert "Failed to load" not in logged


# --- The URL fetcher ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/",
        "http://169.254.169.254/x.css",
        "https://example.org/x.css",
        "file:///etc/passwd",
        f"{STATIC_DIR.as_uri()}/../pyproject.toml",
        f"{STATIC_DIR.as_uri()}/css/../../pyproject.toml",
        f"{STATIC_DIR.as_uri()}/%2e%2e/pyproject.toml",
        f"file://example.org{STATIC_DIR}/css/letter.css",
        "static:../pyproject.toml",
        "static:css/../../pyproject.toml",
        "/static/../pyproject.toml",
        "file:///static/../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "/etc/passwd",
        "data:text/css,body{}",
        "ftp://example.org/x.css",
        "static:css/missing.css",
        STATIC_DIR.as_uri() + "/",
    ],
)
def test_dis8_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(ValueError):
        safe_url_fetcher(url)


@pytest.mark.parametrize(
    "url",
    [
        "static:css/letter.css",
        "/static/css/letter.css",
        f"{STATIC_DIR.as_uri()}/css/letter.css",
        "file:///static/css/letter.css",  # "/static/…" joined onto the file:// base URL
    ],
)
def test_dis8_fetcher_serves_our_stylesheet(url):
    response = safe_url_fetcher(url)

    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert response.url == (STATIC_DIR / "css" / "letter.css").as_uri()
    response.close()


def test_dis8_fetcher_refuses_a_symlink_out_of_the_static_files(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "secret.css").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [static]

    with pytest.raises(ValueError):
        safe_url_fetcher((static / "secret.css").as_uri())


def test_dis8_weasyprint_fetcher_refuses_through_weasyprint():
    """WeasyPrint 70 turns the refusal into URLFetchingError, which it logs and skips."""

    with (
        pytest.raises(URLFetchingError, match="ValueError"),
        fetch(make_url_fetcher(), "http://169.254.169.254/"),
    ):
        pass
    with fetch(make_url_fetcher(), f"{STATIC_DIR.as_uri()}/css/letter.css") as response:
        assert response.content_type == "text/css"


# --- First-day faults: the words, the address, the pages ------------------------------------------------


def test_dis5_dis8_the_letter_does_not_thank_an_absent_student_for_explanations():
    attended = make_decision()
    absent = make_decision()
    Hearing.objects.filter(pk=absent.hearing_id).update(student_attended=False)

    assert "After hearing your explanations" in pdf_text(
        render_letter_pdf(decision=attended, today=LETTER_DAY)
    )
    text = pdf_text(render_letter_pdf(decision=Decision.objects.get(pk=absent.pk), today=LETTER_DAY))
    assert "You did not attend the meeting, which went ahead" in text
    assert "After hearing" not in text


def test_dis8_the_letter_is_addressed_to_the_students_postal_address_in_the_envelopes_window():
    decision = make_decision()
    student = decision.case.enrolment.student
    student.postal_address = "12 rue Oberkampf\n75011 Paris"
    student.save(update_fields=["postal_address"])

    reader = PdfReader(io.BytesIO(render_letter_pdf(decision=decision, today=LETTER_DAY)))
    positions = []

    def where(text, cm, tm, font, size):  # the text matrix, then the page's transform
        x, y = tm[4], tm[5]
        positions.append((text.strip(), x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))

    reader.pages[0].extract_text(visitor_text=where)
    found = {text: (x, y) for text, x, y in positions if text in ("12 rue Oberkampf", "75011 Paris")}
    assert set(found) == {"12 rue Oberkampf", "75011 Paris"}
    millimetres = 72 / 25.4
    page_height = float(reader.pages[0].mediabox.height)
    for x, y in found.values():
        assert 100 * millimetres <= x <= 190 * millimetres  # the right-hand window of a DL envelope
        assert 35 * millimetres <= page_height - y <= 80 * millimetres


def test_dis8_no_page_of_the_letter_holds_a_lonely_line():
    """Seen on the first day: a second page with one line."""
    for penalty, dates in (
        (Decision.Penalty.WARNING, {}),
        (Decision.Penalty.SUSPENSION, {"effective_from": LETTER_DAY, "effective_until": date(2026, 4, 6)}),
        (Decision.Penalty.EXCLUSION, {"effective_from": LETTER_DAY, "effective_until": date(2027, 3, 6)}),
    ):
        reader = PdfReader(io.BytesIO(render_letter_pdf(decision=make_decision(penalty=penalty, **dates))))
        for page in reader.pages[1:]:
            lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
            assert len(lines) > 4, (penalty, lines)  # the footer and more than a line or two


def test_dis8_no_decision_and_no_letter_without_the_students_postal_address():
    decision = make_decision()
    student = decision.case.enrolment.student
    student.postal_address = ""
    student.save(update_fields=["postal_address"])
    letter = Letter.objects.create(decision=decision)

    with pytest.raises(DisciplineError, match="postal address"):
        letter_generate(letter_id=letter.pk)
    assert not Letter.objects.get(pk=letter.pk).pdf
