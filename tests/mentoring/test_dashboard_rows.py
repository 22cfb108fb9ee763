"""*My week* builds what its rows show once a page (mentoring.views): the same text and links as the template
tags it replaces, ``{% url %}`` and ``|date``."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.views import _split_day_and_time, day_and_time, pk_urls

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


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("format_name", ["SHORT_WEEKDAY_TIME_FORMAT", "SHORT_DAY_TIME_FORMAT"])
def test_day_and_time_prints_what_the_date_filter_prints(format_name, language):
    with translation.override(language):
        when = day_and_time(format_name)
        for moment in MOMENTS:
            expected = date_filter(timezone.localtime(moment), format_name)
            assert when(moment) == expected, moment


def test_day_and_time_reads_as_before_in_english_and_as_a_french_school_writes_in_french():
    moment = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)  # 18:30 in Paris
    with translation.override("en"):
        assert day_and_time("SHORT_WEEKDAY_TIME_FORMAT")(moment) == "Wed 25 Nov, 18:30"
        assert day_and_time("SHORT_DAY_TIME_FORMAT")(moment) == "25 Nov, 18:30"
    with translation.override("fr"):
        assert day_and_time("SHORT_WEEKDAY_TIME_FORMAT")(moment) == "mer 25 nov. à 18 h 30"
        assert day_and_time("SHORT_DAY_TIME_FORMAT")(moment) == "25 nov. à 18 h 30"


@pytest.mark.parametrize(
    ("fmt", "parts"),
    [
        ("D j M, H:i", ("D j M", ", H:i")),
        (r"D j N \à G \h i", ("D j N", r" \à G \h i")),
        ("j M", ("j M", "")),
        ("H:i, j M", None),  # the time before the day
        ("j M, H:i T", None),  # a time zone: read whole each time
        ("H:i", None),  # no day
    ],
)
def test_a_format_splits_into_its_day_and_its_time(fmt, parts):
    assert _split_day_and_time(fmt) == parts


def test_pk_urls_give_the_urls_reverse_gives():
    for name in ("mentoring:session_log", "mentoring:session_report_upload", "discipline:case_open"):
        url = pk_urls(name)
        for pk in (1, 7, 10, 9876543210, 12345678901234):
            assert url(pk) == reverse(name, args=[pk])
