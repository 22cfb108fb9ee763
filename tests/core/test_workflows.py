"""One transition function moves every status (CONVENTIONS "Status workflows"): it refuses a move the
model's table does not declare, does nothing on no change, and records who, when and why in the history."""

from datetime import UTC, datetime

import pytest

from impact.models import AnnualReport
from openclassrooms.core.workflows import TransitionError, transition, transition_many

AT = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def _report(year=2025, **kwargs) -> AnnualReport:
    return AnnualReport.objects.create(year=year, title=f"Impact report {year}", summary="Figures.", **kwargs)


@pytest.mark.django_db
def test_a_declared_move_saves_the_status_and_records_who_when_and_why(make_user):
    member = make_user("impact_committee")
    report = _report()
    report.published_at = AT

    assert transition(report, "published", by=member, at=AT, reason="Published.", also=["published_at"])

    report.refresh_from_db()
    assert (report.status, report.published_at) == ("published", AT)
    latest = report.history.latest("history_id")
    assert (latest.status, latest.history_user_id, latest.history_date, latest.history_change_reason) == (
        "published",
        member.pk,
        AT,
        "Published.",
    )


@pytest.mark.django_db
def test_the_same_status_is_a_no_op_that_writes_nothing():
    report = _report()
    rows = report.history.count()

    assert transition(report, "draft", reason="Again.") is False
    assert report.history.count() == rows


@pytest.mark.django_db
def test_an_undeclared_move_is_refused_in_words_and_changes_nothing():
    report = _report(status="published", published_at=AT)

    with pytest.raises(TransitionError, match="annual report that is “Published” cannot become “Draft”"):
        transition(report, "draft")

    assert AnnualReport.objects.get(pk=report.pk).status == "published"


@pytest.mark.django_db
def test_many_rows_move_together_each_with_its_history_and_one_illegal_move_refuses_them_all():
    drafts = [_report(2023), _report(2024)]
    published = _report(2025, status="published", published_at=AT)

    with pytest.raises(TransitionError):
        transition_many([*drafts, published], "draft", reason="Back to draft.")
    for report in drafts:
        report.published_at = AT
    assert (
        transition_many(drafts, "published", reason="Published together.", at=AT, also=["published_at"])
        == drafts
    )

    for report in drafts:
        report.refresh_from_db()
        assert report.status == "published"
        assert report.history.latest("history_id").history_change_reason == "Published together."
