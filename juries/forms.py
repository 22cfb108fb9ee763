from django import forms


class ConflictForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        label="What ties you to the candidate",
        help_text="You will not sit on their panel (TRN-3); Student Success assigns them another.",
    )
