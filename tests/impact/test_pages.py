"""The Impact Committee's pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from openclassrooms.accounts.roles import Role
from tests.impact.factories import CriterionFactory, MeasurementFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("66.70"), "66.7 %"), (Decimal("25.00"), "25 %"), (Decimal("5745.25"), "5745.25 %")],
)
def test_a_latest_figure_reads_as_a_number_not_as_stored_digits(value, shown, make_user, client_as):
    """A figure of 66.70 reads "66.7 %", never "66.7000000000000 %" (SQLite returns a float)."""
    criterion = CriterionFactory(unit="%")
    MeasurementFactory(
        criterion=criterion, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), value=value
    )
    response = client_as(make_user(Role.IMPACT_COMMITTEE)).get(reverse("impact:dashboard"))
    assert f"{shown} <span" in response.content.decode()
