from zoneinfo import available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from openclassrooms.core.forms import DateInput, DateTimeInput, TimeInput

from . import rules
from .models import AbsenceNotice, MentorAvailability, MentoringSession, MonitoringReport, WeeklySlot
from .video_reports import DATE_ORDERS, MAX_FILE_BYTES


class LogAttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=MentoringSession.Attendance.choices)
    reason = forms.CharField(
        required=False, max_length=2000, label=gettext_lazy("Reason, if you correct the video tool")
    )
    minutes_late = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=720,
        label=gettext_lazy("Minutes after the start the student joined"),
        error_messages={
            "min_value": gettext_lazy("Minutes late cannot be negative."),
            "max_value": gettext_lazy("More than 12 hours late: check the session instead."),
        },
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("minutes_late") is not None
            and data.get("attendance") != MentoringSession.Attendance.ATTENDED
        ):
            raise forms.ValidationError(_("A join time only goes with “attended”."))
        return data


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(
        choices=AbsenceNotice.Kind.choices,
        initial=AbsenceNotice.Kind.ABSENCE,
        widget=forms.RadioSelect,
        label=gettext_lazy("What do you want to do?"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label=gettext_lazy("Reason (sent to your mentor)"),
    )


class ReplacementForm(forms.Form):
    start = forms.DateTimeField(
        widget=forms.HiddenInput, input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"]
    )


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label=gettext_lazy("Your reasons (e-mailed to your mentor)"),
    )


class MonitoringReportForm(forms.ModelForm):
    class Meta:
        model = MonitoringReport
        fields = ["period_start", "period_end", "progress", "attendance_comment"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "progress": forms.Textarea(attrs={"rows": 6}),
            "attendance_comment": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "period_start": gettext_lazy("Period start"),
            "period_end": gettext_lazy("Period end"),
            "progress": gettext_lazy("Progress"),
            "attendance_comment": gettext_lazy("Attendance comment"),
        }

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment

    def clean(self):
        """The rules' own check, with the facts of this enrolment: the message shows on the form."""
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            problem = rules.report_period_problem(
                period_start=start,
                period_end=end,
                today=timezone.localdate(),
                training_starts_on=self.enrolment.start_date,
            )
            if problem:
                raise forms.ValidationError(problem)
        return data


class WeekForm(forms.Form):
    """Which week *My week* shows: any day of it (the browser's date picker)."""

    week = forms.DateField(required=False, widget=DateInput(), label=gettext_lazy("Go to the week of"))

    def clean_week(self):
        day = self.cleaned_data["week"]
        if day and (problem := rules.week_shown_problem(day=day, today=timezone.localdate())):
            raise forms.ValidationError(problem)
        return day


class SlotForm(forms.Form):
    """The weekly session the student and their mentor agree (ATT-1): every session is planned from it."""

    weekday = forms.TypedChoiceField(
        choices=WeeklySlot.Weekday.choices, coerce=int, label=gettext_lazy("Day")
    )
    starts_at = forms.TimeField(widget=TimeInput(), label=gettext_lazy("Time"))
    minutes = forms.IntegerField(
        min_value=1, max_value=240, initial=45, label=gettext_lazy("Length (minutes)")
    )
    time_zone = forms.ChoiceField(
        choices=[(zone, zone) for zone in sorted(available_timezones())],
        label=gettext_lazy("In the student's time zone"),
        help_text=gettext_lazy("The session stays at this local time when the clocks change."),
    )
    video_link = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        label=gettext_lazy("Meeting link (the recurring video meeting)"),
        help_text=gettext_lazy(
            "Every planned session takes it; the video tool's join times are matched by it."
        ),
    )

    def clean_video_link(self):
        link = self.cleaned_data["video_link"]
        if problem := rules.meeting_link_problem(link):
            raise forms.ValidationError(problem)
        return link

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        if problem := rules.time_zone_problem(zone):
            raise forms.ValidationError(problem)
        return zone


class AvailabilityForm(forms.ModelForm):
    """A weekly window in which the mentor takes replacement sessions (ATT-2, SUS-3)."""

    class Meta:
        model = MentorAvailability
        fields = ["weekday", "starts_at", "ends_at"]
        labels = {
            "weekday": gettext_lazy("Day"),
            "starts_at": pgettext_lazy("weekly window", "From"),
            "ends_at": pgettext_lazy("weekly window", "To"),
        }
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}


class AbsenceForm(forms.Form):
    """A period the mentor is away: their sessions in it are cancelled by them (ATT-7)."""

    starts_at = forms.DateTimeField(widget=DateTimeInput(), label=gettext_lazy("Away from"))
    ends_at = forms.DateTimeField(widget=DateTimeInput(), label=gettext_lazy("Back on"))
    reason = forms.CharField(max_length=255, label=gettext_lazy("Why (your students read it)"))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at"):
            problem = rules.mentor_absence_problem(
                starts_at=data["starts_at"], ends_at=data["ends_at"], now=timezone.now()
            )
            if problem:
                raise forms.ValidationError(problem)
        return data


class ToolReportForm(forms.Form):
    """The video tool's attendance report for one session (CSV)."""

    report = forms.FileField(label=gettext_lazy("Attendance report (CSV exported from the video tool)"))
    date_order = forms.ChoiceField(
        choices=list(DATE_ORDERS.items()), initial="dmy", label=gettext_lazy("Dates in the file are written")
    )
    time_zone = forms.ChoiceField(
        choices=[(zone, zone) for zone in sorted(available_timezones())],
        label=gettext_lazy("Times in the file are in the time zone"),
        help_text=gettext_lazy(
            "The tool writes the meeting host's local times, usually without saying which: yours."
        ),
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB: export only this meeting's participants.")
            )
        return report


# --- Projects: the mentor's review (TRN-1 a) and the final presentation (TRN-1 b) ------------------------


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve the project")),
            ("return", gettext_lazy("Return it with comments")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Approve the project or return it.")},
    )
    comment = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=gettext_lazy("Comments for the student"),
        help_text=gettext_lazy(
            "Required to return the project: say what to change. The jury reads them too (TRN-2)."
        ),
    )


class PresentationBookingForm(forms.Form):
    mentor = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Validating mentor"),
        empty_label=None,
        help_text=gettext_lazy("Any mentor but your own (TRN-1 b)."),
        error_messages={"invalid_choice": gettext_lazy("Choose one of the validating mentors listed.")},
    )
    start = forms.DateTimeField(
        required=False,
        widget=forms.HiddenInput,
        input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"],
    )
    audio_only = forms.BooleanField(
        required=False, label=gettext_lazy("Audio only, under my accepted accommodation (ACC-1)")
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class RecordingForm(forms.Form):
    link = forms.URLField(
        label=gettext_lazy("Link to the recording"),
        max_length=200,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Where the video tool keeps the recording (REC-2 deletes it after the training)."
        ),
    )


class CancelPresentationForm(forms.Form):
    reason = forms.CharField(max_length=500, label=gettext_lazy("Why it is cancelled"))


class ConclusionForm(forms.Form):
    """One result and one comment per skill of the project (TRN-1 b), then the overall comments."""

    RESULTS = [("acquired", gettext_lazy("Acquired")), ("not_acquired", gettext_lazy("Not acquired"))]

    comments = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Overall comments"),
    )

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"skill_{skill.pk}"] = forms.ChoiceField(
                choices=self.RESULTS,
                widget=forms.RadioSelect,
                label=skill.name,
                error_messages={
                    "required": _("Assess “%(skill)s”: acquired or not.") % {"skill": skill.name}
                },
            )
            self.fields[f"comment_{skill.pk}"] = forms.CharField(
                required=False, max_length=2000, label=_("Comment on “%(skill)s”") % {"skill": skill.name}
            )

    def skill_rows(self):
        return [(skill, self[f"skill_{skill.pk}"], self[f"comment_{skill.pk}"]) for skill in self.skills]

    def results(self) -> list[tuple[int, bool, str]]:
        data = self.cleaned_data
        return [
            (skill.pk, data[f"skill_{skill.pk}"] == "acquired", data.get(f"comment_{skill.pk}", ""))
            for skill in self.skills
        ]
