from django import forms
from django.conf import settings


class LanguageForm(forms.Form):
    """The language switch: one of ``LANGUAGES``, and where to go back to."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)
