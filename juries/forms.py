from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules


class ConflictForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        label=_("What ties you to the candidate"),
        help_text=_("You will not sit on their panel (TRN-3); Student Success assigns them another."),
    )


class VerdictForm(forms.Form):
    """TRN-4: award, or refuse naming the skills to improve and one remedial project on them."""

    decision = forms.ChoiceField(
        choices=[("awarded", _("Award the diploma")), ("refused", _("Refuse it"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
        error_messages={"required": _("Award the diploma or refuse it.")},
    )
    reasons = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Reasons"),
        help_text=_("Required for a refusal: the student reads them."),
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Skills to improve")
    )
    remedial_title = forms.CharField(required=False, max_length=200, label=_("Remedial project: title"))
    remedial_brief = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Remedial project: brief"),
    )

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = skills


class RemedialReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Send back"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
        error_messages={"required": _("Approve the remedial project or send it back.")},
    )
    comment = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment")
    )


class VerifyForm(forms.Form):
    """The public check of a diploma: its verification code, as printed on the certificate."""

    code = forms.CharField(
        max_length=40,
        label=_("Verification code"),
        help_text=_("As printed on the certificate, e.g. 7KQ2-M9XD-4TRB."),
        error_messages={"required": _("Type the code printed on the certificate.")},
    )

    def clean_code(self):
        code = rules.normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("A verification code has 12 letters and digits, as printed on the certificate.")
            )
        return code
