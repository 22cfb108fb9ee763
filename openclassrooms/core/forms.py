"""Widgets every form shares."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD): in any other format the browser shows
    the field empty, and a form that looks filled in fails when it is sent."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, with the ISO value it needs (YYYY-MM-DDTHH:MM)."""

    input_type = "datetime-local"
    input_formats = ["%Y-%m-%dT%H:%M"]

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    """The browser's time picker, with the value it needs (HH:MM)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); an empty choice is an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


# Files handed in at once (projects, remedial projects): code goes in one ZIP archive.
MAX_FILES = 10


class HandInForm(forms.Form):
    """Work a student hands in — a project, a portfolio, a remedial project: files (each checked by the
    service from its bytes), a https link or both, with IP-1's statement that it is their own."""

    nothing_handed_in = _("Hand in your work: attach files, give a link, or both.")

    files = MultipleFileField(
        required=False,
        label=_("Files"),
        help_text=_("PDF, ZIP archive of your code, PNG or JPEG; 25 MB each at most, 10 files at most."),
    )
    link = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label=_("Link to your work"),
        help_text=_("A repository or a shared folder, https:// only."),
    )
    declared_own_work = forms.BooleanField(
        label=_("This work is my own, and it cites every source it uses (IP-1)."),
        error_messages={"required": _("State that the work is your own and cites every source (IP-1).")},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                ngettext(
                    "Attach %(count)s file at most: put code in one ZIP archive.",
                    "Attach %(count)s files at most: put code in one ZIP archive.",
                    MAX_FILES,
                )
                % {"count": MAX_FILES}
            )
        return files

    def clean(self):
        data = super().clean()
        if not data.get("files") and not data.get("link") and not self.errors.get("link"):
            raise forms.ValidationError(self.nothing_handed_in)
        return data
