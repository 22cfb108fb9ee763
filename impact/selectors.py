"""Reads for the Impact Committee and the company Board."""

from datetime import date, datetime

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone, translation

from .models import AnnualReport, BoardRequest, CommitteeMember, Criterion, Measurement


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
    return AnnualReport.objects.order_by("-year", "-version")


def _name(user) -> str:
    return (user.get_full_name() or "").strip() or user.email


def report_snapshot(*, report: AnnualReport, published_at: datetime) -> dict:
    """IMP-4: everything the public reads of a report, frozen: its text and sections; each chosen
    criterion with its figures of the year (already aggregated and suppressed); the year's requests to the
    Board with their answers; and the Committee's members by constituency, named only with their consent
    (IMP-1)."""
    first, last = date(report.year, 1, 1), date(report.year, 12, 31)
    criteria = []
    for criterion in report.criteria.order_by("name"):
        figures = Measurement.objects.filter(
            criterion=criterion, period_start__gte=first, period_end__lte=last
        ).order_by("period_start")
        criteria.append(
            {
                "name": criterion.name,
                "definition": criterion.definition,
                "method": criterion.measurement_method,
                "unit": criterion.unit,
                "target": None if criterion.target is None else str(criterion.target),
                "source": criterion.source,
                "figures": [
                    {
                        "period_start": f.period_start.isoformat(),
                        "period_end": f.period_end.isoformat(),
                        "value": None if f.value is None else str(f.value),
                        "cells": f.breakdown.get("cells", []),
                    }
                    for f in figures
                ],
            }
        )
    requests = [
        {
            "subject": r.subject,
            "body": r.body,
            "sent_on": timezone.localdate(r.sent_at).isoformat(),
            "due_on": r.due_on.isoformat(),
            "status": r.get_status_display(),
            "answer": r.answer,
            "answered_on": timezone.localdate(r.answered_at).isoformat() if r.answered_at else None,
        }
        for r in BoardRequest.objects.filter(sent_at__year=report.year).order_by("sent_at")
    ]
    members = members_by_constituency(first=first, last=last)
    return {
        "year": report.year,
        "version": report.version,
        # The words frozen with the figures (statuses, constituencies, cells) are in the language of the
        # person who published; the PDF is printed in it.
        "language": translation.get_language(),
        "title": report.title,
        "summary": report.summary,
        "published_at": published_at.isoformat(),
        "corrects": (
            {
                "version": report.corrects.version,
                "published_at": report.corrects.published_at.isoformat(),
                "note": report.correction_note,
            }
            if report.corrects_id
            else None
        ),
        "sections": [{"heading": s.heading, "body": s.body} for s in report.sections.all()],
        "criteria": criteria,
        "requests": requests,
        "members": members,
    }


def members_by_constituency(*, first: date, last: date) -> dict[str, dict]:
    """IMP-1: the members who sat on the Committee between ``first`` and ``last``, by constituency: named
    (with their organisation) only with their consent, the others counted."""
    members: dict[str, dict] = {}
    sitting = CommitteeMember.objects.filter(joined_on__lte=last).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first)
    )
    for member in sitting.select_related("user").order_by("constituency", "user__last_name"):
        group = members.setdefault(member.get_constituency_display(), {"named": [], "others": 0})
        if member.public_consent:
            group["named"].append(
                _name(member.user) + (f", {member.organisation}" if member.organisation else "")
            )
        else:
            group["others"] += 1
    return members


def published_reports() -> list[AnnualReport]:
    """The latest published version of each year's report, newest year first."""
    latest: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).order_by(
        "-year", "-version"
    ):
        latest.setdefault(report.year, report)
    return list(latest.values())


def published_report(*, year: int, version: int | None = None) -> AnnualReport | None:
    qs = AnnualReport.objects.filter(year=year, status=AnnualReport.Status.PUBLISHED)
    if version is not None:
        qs = qs.filter(version=version)
    return qs.order_by("-version").first()


def report_versions(*, year: int) -> list[AnnualReport]:
    return list(
        AnnualReport.objects.filter(year=year, status=AnnualReport.Status.PUBLISHED)
        .only("year", "version", "published_at")
        .order_by("-version")
    )


def figures_of(*, criterion: Criterion) -> list[Measurement]:
    """A criterion's figures, newest period first."""
    return list(Measurement.objects.filter(criterion=criterion).order_by("-period_end"))


def memberships_of(*, user) -> list[CommitteeMember]:
    """The person's seat on the Impact Committee, if any, with the requests they sent the Board (their
    copy of their data, core.exports): two queries."""
    return list(
        CommitteeMember.objects.filter(user=user).prefetch_related(
            Prefetch("requests", queryset=BoardRequest.objects.order_by("sent_at", "pk"))
        )
    )
