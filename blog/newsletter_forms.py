"""The newsletter's forms: the subscribe form (one field) and the confirmation's choice."""

from django import forms

from . import newsletter
from .models import Subscriber


class SubscribeForm(forms.Form):
    # No max_length: an overlong address gets its own message, and is kept.
    email = forms.CharField(
        label="Email",
        strip=False,
        error_messages={"required": "Enter your email address."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}),
    )
    # The honeypot: hidden from people (CSS), filled in by bots.
    website = forms.CharField(required=False, label="Leave this field empty")
    # The page the form was on; shown as the subscriber's source in the admin.
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if problem := newsletter.address_problem(email):
            raise forms.ValidationError(problem)
        return email.strip()

    def clean_source(self) -> str:
        # Only a path on this site is kept: the form is the page's, not a link's.
        source = self.cleaned_data.get("source", "")
        return source[:300] if source.startswith("/") and not source.startswith("//") else ""

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ConfirmForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Send me",
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.EVERY_POST,
        widget=forms.RadioSelect,
    )
