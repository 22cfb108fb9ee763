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


class RemedialSubmitForm(forms.Form):
    link = forms.URLField(
        max_length=200, assume_scheme="https", label="Link to your work", help_text="https:// only."
    )
    declared_own_work = forms.BooleanField(
        label="This work is my own, and it cites every source it uses (IP-1).",
        error_messages={"required": "State that the work is your own and cites every source (IP-1)."},
    )


class RemedialReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Send back")],
        widget=forms.RadioSelect,
        error_messages={"required": "Approve the remedial project or send it back."},
    )
    comment = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label="Comment"
    )
