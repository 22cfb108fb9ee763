from django import forms


class ConflictForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        label="What ties you to the candidate",
        help_text="You will not sit on their panel (TRN-3); Student Success assigns them another.",
    )


class VerdictForm(forms.Form):
    """TRN-4: award, or refuse naming the skills to improve and one remedial project on them."""

    decision = forms.ChoiceField(
        choices=[("awarded", "Award the diploma"), ("refused", "Refuse it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Award the diploma or refuse it."},
    )
    reasons = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reasons",
        help_text="Required for a refusal: the student reads them.",
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Skills to improve"
    )
    remedial_title = forms.CharField(required=False, max_length=200, label="Remedial project: title")
    remedial_brief = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Remedial project: brief",
    )

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = skills
