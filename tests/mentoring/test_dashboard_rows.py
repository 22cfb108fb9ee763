"""*My week* builds what its rows show once a page (mentoring.views): the same text and links as the template
tags it replaces, ``{% url %}`` and ``|date``."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from mentoring.views import day_and_time, pk_urls

# Across midnight and both clock changes in Paris (29 March and 25 October 2026), and at midnight and 22:00
# UTC on single- and two-digit days of every month.
MOMENTS = (
    [datetime(2026, 3, 28, 23, 30, tzinfo=UTC) + timedelta(minutes=17 * i) for i in range(12)]
    + [datetime(2026, 10, 24, 22, 59, tzinfo=UTC) + timedelta(minutes=31 * i) for i in range(12)]
    + [
        datetime(2026, month, day, hour, 0, tzinfo=UTC)
        for month in range(1, 13)
        for day, hour in ((1, 0), (9, 22))
    ]
)


@pytest.mark.parametrize(("day_format", "separator"), [("D j M", ", "), ("j M", " ")])
def test_day_and_time_prints_what_the_date_filter_prints(day_format, separator):
    when = day_and_time(day_format, separator)
    for moment in MOMENTS:
        expected = date_filter(timezone.localtime(moment), f"{day_format}{separator}H:i")
        assert when(moment) == expected, moment


def test_pk_urls_give_the_urls_reverse_gives():
    for name in ("mentoring:session_log", "mentoring:session_report_upload", "discipline:case_open"):
        url = pk_urls(name)
        for pk in (1, 7, 10, 9876543210, 12345678901234):
            assert url(pk) == reverse(name, args=[pk])
