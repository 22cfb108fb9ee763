from django import forms

from openclassrooms.core.forms import MAX_FILES, MultipleFileField

from . import rules


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


class HandInForm(forms.Form):
    """A portfolio (TRN-2) or a remedial project (TRN-4): files, a link or both, checked as a project's
    deliverables are, with IP-1's statement."""

    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="PDF, ZIP archive of your code, PNG or JPEG; 25 MB each at most, 10 files at most.",
    )
    link = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label="Link to your work",
        help_text="A repository or a shared folder, https:// only.",
    )
    declared_own_work = forms.BooleanField(
        label="This work is my own, and it cites every source it uses (IP-1).",
        error_messages={"required": "State that the work is your own and cites every source (IP-1)."},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Attach {MAX_FILES} files at most: put code in one ZIP archive.")
        return files

    def clean(self):
        data = super().clean()
        if not data.get("files") and not data.get("link") and not self.errors.get("link"):
            raise forms.ValidationError("Hand in your work: attach files, give a link, or both.")
        return data


class RemedialReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Send back")],
        widget=forms.RadioSelect,
        error_messages={"required": "Approve the remedial project or send it back."},
    )
    comment = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label="Comment"
    )


class VerifyForm(forms.Form):
    """The public check of a diploma: its verification code, as printed on the certificate."""

    code = forms.CharField(
        max_length=40,
        label="Verification code",
        help_text="As printed on the certificate, e.g. 7KQ2-M9XD-4TRB.",
        error_messages={"required": "Type the code printed on the certificate."},
    )

    def clean_code(self):
        code = rules.normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                "A verification code has 12 letters and digits, as printed on the certificate."
            )
        return code
