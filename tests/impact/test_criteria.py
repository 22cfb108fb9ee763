"""IMP-2: the Committee defines its criteria in its own pages — computed from the school's data by a measure
of the catalogue, or entered by hand from a named source — and computes their figures, whose small cells
are never stored nor shown (IMP-4)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from impact import services
from impact.models import Criterion, Measurement
from openclassrooms.accounts.roles import Role
from students.models import Enrolment
from tests.impact.factories import CommitteeMemberFactory, CriterionFactory
from tests.projects.factories import PathFactory
from tests.students.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _ended(path, status, n):
    for _ in range(n):
        EnrolmentFactory(path=path, status=status, start_date=date(2024, 6, 1), ended_on=date(2025, 6, 30))


def test_imp2_a_committee_member_defines_a_computed_criterion_and_computes_it_with_small_cells_hidden(
    client_as,
):
    """Web: 12 ended, 9 completed → 75.0; Data: 3 ended → hidden, and Web by subtraction; all 10 of 15 →
    66.7. The stored breakdown holds no small cell: its students are not stored either."""
    member = CommitteeMemberFactory().user
    web, data = PathFactory(name="Web"), PathFactory(name="Data")
    _ended(web, Enrolment.Status.COMPLETED, 9)
    _ended(web, Enrolment.Status.TERMINATED, 3)
    _ended(data, Enrolment.Status.COMPLETED, 1)
    _ended(data, Enrolment.Status.TERMINATED, 2)
    client = client_as(member)
    response = client.post(
        reverse("impact:criterion_new"),
        {
            "code": "completion-by-path",
            "name": "Completion rate by path",
            "definition": "Do students who start a path finish it?",
            "measurement_method": "",
            "measure": "completion_by_path",
        },
    )
    criterion = Criterion.objects.get(code="completion-by-path")
    assert response.status_code == 302 and criterion.unit == "%"
    assert criterion.measurement_method.startswith("Diplomas awarded ÷")
    response = client.post(
        reverse("impact:criterion_compute", args=[criterion.pk]),
        {"period_start": "2025-01-01", "period_end": "2025-12-31"},
        follow=True,
    )
    figure = Measurement.objects.get(criterion=criterion)
    assert figure.value == Decimal("66.7")
    assert figure.breakdown["cells"] == [
        {"label": "Data", "value": None, "students": None},
        {"label": "Web", "value": None, "students": None},
    ]
    page = response.content.decode()
    assert "66.7 %" in page and page.count("fewer than 10") >= 2


def test_imp2_imp4_a_figure_of_fewer_than_10_students_is_not_published(client_as):
    member = CommitteeMemberFactory().user
    _ended(PathFactory(name="Web"), Enrolment.Status.COMPLETED, 9)
    criterion = services.criterion_define(
        criterion=Criterion(
            code="c", name="Completion", definition="d", measurement_method="m", measure="completion_by_path",
            adopted_on=date(2024, 1, 1),
        ),
        by=member,
    )  # fmt: skip
    figure = services.measurement_compute(
        criterion_id=criterion.pk, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=member
    )
    assert figure.value is None and figure.breakdown["total"] == {
        "label": "All students",
        "value": None,
        "students": None,
    }
    page = client_as(member).get(reverse("impact:dashboard")).content.decode()
    assert "fewer than 10 students" in page


def test_imp2_criteria_name_a_measure_of_the_catalogue_or_a_source_and_only_members_define_them(make_user):
    member = CommitteeMemberFactory().user

    def criterion(**kwargs):
        return Criterion(
            code="x", name="X", definition="d", measurement_method="m", adopted_on=date(2024, 1, 1), **kwargs
        )

    with pytest.raises(services.ImpactError, match="Name the source"):
        services.criterion_define(criterion=criterion(), by=member)
    with pytest.raises(services.ImpactError, match="from the catalogue"):
        services.criterion_define(criterion=criterion(measure="happiness"), by=member)
    with pytest.raises(services.ImpactError, match="current member of the Impact Committee"):
        services.criterion_define(criterion=criterion(source="Finance"), by=make_user(Role.IMPACT_COMMITTEE))
    assert services.criterion_define(criterion=criterion(source="Finance"), by=member).pk


def test_imp2_figures_are_entered_by_hand_only_for_criteria_that_are_not_computed():
    member = CommitteeMemberFactory().user
    computed = CriterionFactory(measure="dropout_rate")
    with pytest.raises(services.ImpactError, match="compute its figure instead"):
        services.figure_record(
            measurement=Measurement(
                criterion=computed, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), value=3
            ),
            by=member,
        )
    manual = CriterionFactory(source="Finance")
    with pytest.raises(services.ImpactError, match="This criterion's figures are entered by hand"):
        services.measurement_compute(
            criterion_id=manual.pk, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=member
        )


def test_imp2_the_criterion_pages_answer_only_the_committee(make_user, client_as):
    criterion = CriterionFactory(source="Finance")
    for name, args in (
        ("criterion_new", []),
        ("criterion", [criterion.pk]),
        ("criterion_edit", [criterion.pk]),
    ):
        url = reverse(f"impact:{name}", args=args)
        assert client_as(make_user(Role.STUDENT)).get(url).status_code == 403
        assert client_as(make_user(Role.IMPACT_COMMITTEE)).get(url).status_code == 200
