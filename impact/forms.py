"""The Impact Committee's own pages (IMP-2): its criteria and their figures."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.forms import DateInput

from .measures import CATALOGUE, measure_choices
from .models import AnnualReport, Criterion


class CriterionForm(forms.ModelForm):
    """IMP-2: what the Committee measures, how, and against which target."""

    measure = forms.ChoiceField(
        required=False,
        choices=[("", _("None: the figures are entered by hand, from a source")), *measure_choices()],
        label=_("Computed from the school's data by"),
        help_text=_(
            "Each measure's formula is shown below; cells of fewer than 10 students are never shown (IMP-4)."
        ),
    )

    class Meta:
        model = Criterion
        fields = ["code", "name", "definition", "measurement_method", "measure", "unit", "target", "source"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "measurement_method": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "definition": _("Definition"),
            "unit": _("Unit"),
            "target": _("Target"),
            "measurement_method": _("How it is measured"),
            "source": _("Source (figures entered by hand)"),
        }
        help_texts = {"code": _("A short name for links, e.g. completion-rate.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measurement_method"].required = False
        self.fields["measurement_method"].help_text = _(
            "Left empty for a computed criterion: the measure's formula."
        )

    def clean(self):
        data = super().clean()
        if data.get("measure") and not (data.get("measurement_method") or "").strip():
            data["measurement_method"] = str(CATALOGUE[data["measure"]].formula)
        return data


class ComputeForm(forms.Form):
    """IMP-2: a computed criterion's figure for a period that has passed (a year at most)."""

    period_start = forms.DateField(widget=DateInput(), label=_("From"))
    period_end = forms.DateField(widget=DateInput(), label=_("To"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            last_year = date.today().year - 1
            self.initial = {"period_start": date(last_year, 1, 1), "period_end": date(last_year, 12, 31)}


class FigureForm(forms.Form):
    """IMP-2: a figure entered by hand from the criterion's source, aggregated (IMP-4)."""

    period_start = forms.DateField(widget=DateInput(), label=_("From"))
    period_end = forms.DateField(widget=DateInput(), label=_("To"))
    value = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        label=_("Figure"),
        help_text=_(
            "An aggregated figure from the criterion's source; never one about fewer than 10 students "
            "(IMP-4): the system cannot check a figure typed by hand."
        ),
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note")
    )


class BoardRequestForm(forms.Form):
    """IMP-3: a request to the company Board, which must answer by the due date."""

    subject = forms.CharField(max_length=200, label=_("Subject"))
    body = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 6}), label=_("Request"))
    due_on = forms.DateField(
        widget=DateInput(), label=_("Answer due by"), help_text=_("After today, within a year.")
    )


class AnswerForm(forms.Form):
    """IMP-3: the Board's answer, on record with who and when."""

    answer = forms.CharField(
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("The Board's answer"),
        error_messages={"required": _("Write the answer.")},
    )


class ReportForm(forms.ModelForm):
    """IMP-4: the year's report — its summary, sections and the criteria whose figures it publishes."""

    class Meta:
        model = AnnualReport
        fields = ["year", "title", "summary", "criteria"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "criteria": forms.CheckboxSelectMultiple,
        }
        labels = {
            "year": _("Year"),
            "title": _("Title"),
            "summary": _("Summary"),
            "criteria": _("Criteria whose figures of the year it publishes"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criterion.objects.filter(is_active=True).order_by("name")
        if self.instance.corrects_id:
            self.fields["year"].disabled = True


class SectionForm(forms.Form):
    heading = forms.CharField(max_length=200, required=False, label=_("Section heading"))
    body = forms.CharField(
        max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_("Text")
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=2)


class CorrectionForm(forms.Form):
    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What the new version corrects"),
        error_messages={"required": _("Say what the new version corrects: readers see it.")},
    )
