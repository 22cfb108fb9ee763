from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import migrations
from django.utils import timezone


def record_pauses(apps, schema_editor):
    """The periods without sessions decided before pauses were recorded: validated suspensions (SUS-4),
    stops (SUS-1) and a Board suspension under way (DIS-7, known from the enrolment's return date)."""
    EnrolmentPause = apps.get_model("students", "EnrolmentPause")
    SuspensionRequest = apps.get_model("students", "SuspensionRequest")
    TerminationRequest = apps.get_model("students", "TerminationRequest")
    Enrolment = apps.get_model("students", "Enrolment")
    now = timezone.now()
    rows = [
        (r.enrolment_id, r.starts_on, r.ends_on + timedelta(days=1), "SUS-4", "Suspension of the training validated.")
        for r in SuspensionRequest.objects.filter(status="approved")
    ]
    rows += [
        (r.enrolment_id, r.effective_on, None, "SUS-1", "The student stopped the training.")
        for r in TerminationRequest.objects.filter(status="approved")
    ]
    covered = {(e, u) for e, _, u, _, _ in rows}
    rows += [
        (e.pk, e.suspended_until - relativedelta(months=1), e.suspended_until, "DIS-7", "Suspended by the Board.")
        for e in Enrolment.objects.filter(status="suspended", suspended_until__isnull=False)
        if (e.pk, e.suspended_until) not in covered
    ]
    for enrolment_id, starts_on, until, rule, reason in rows:
        EnrolmentPause.objects.get_or_create(
            enrolment_id=enrolment_id,
            starts_on=starts_on,
            until=until,
            rule=rule,
            defaults={"reason": reason, "recorded_at": now},
        )


class Migration(migrations.Migration):
    dependencies = [("students", "0007_weekly_schedule")]

    operations = [migrations.RunPython(record_pauses, migrations.RunPython.noop)]
