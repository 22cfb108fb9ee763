"""Reads for the Impact Committee and the company Board."""

from django.db.models import OuterRef, QuerySet, Subquery

from .models import AnnualReport, BoardRequest, Criterion, Measurement


def criteria_with_latest_measurement() -> QuerySet[Criterion]:
    latest = Measurement.objects.filter(criterion=OuterRef("pk")).order_by("-period_end")
    return Criterion.objects.filter(is_active=True).annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_period_end=Subquery(latest.values("period_end")[:1]),
    )


def board_requests(*, status: list[str] | None = None) -> QuerySet[BoardRequest]:
    qs = BoardRequest.objects.select_related("sent_by__user", "answered_by")
    if status:
        qs = qs.filter(status__in=status)
    return qs.order_by("due_on")


def annual_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.order_by("-year")


def figures_of(*, criterion: Criterion) -> list[Measurement]:
    """A criterion's figures, newest period first."""
    return list(Measurement.objects.filter(criterion=criterion).order_by("-period_end"))
