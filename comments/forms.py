from django import forms
from django.core.validators import URLValidator

from .models import Comment, display_name, writer_badge

HONEYPOT_FIELD = "homepage"


class CommentForm(forms.ModelForm):
    """
    The "Leave a Reply" form. Field names are WordPress's (name, email, url,
    body, parent); ``homepage`` is the honeypot that people never see and
    ``token`` the signed timestamp.
    """

    url = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": "Enter a website address starting with http:// or https://.",
            "max_length": "Keep the website address under 200 characters.",
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(required=False, label="Leave this field empty", max_length=200)

    class Meta:
        model = Comment
        fields = ["name", "email", "url", "body", "notify_replies"]
        labels = {"notify_replies": "Notify me of replies by email", "body": "Comment"}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "cols": 45}),
        }
        error_messages = {
            "name": {
                "required": "Please type your name.",
                "max_length": "Keep your name under 80 characters.",
            },
            "email": {
                "required": "Please type your email address. It will not be published.",
                "invalid": "Enter a valid email address, like name@example.com.",
                "max_length": "Keep your email address under 254 characters.",
            },
            "body": {
                "required": "Please type a comment.",
                "max_length": "Keep your comment under 5000 characters (it has %(show_value)d).",
            },
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].required = True
        self.fields["name"].widget.attrs.update(autocomplete="name", maxlength=80)
        self.fields["email"].widget.attrs.update(autocomplete="email", maxlength=254)
        self.fields["url"].widget.attrs.update(autocomplete="url", maxlength=200)
        self.fields["body"].widget.attrs.update(maxlength=5000)
        self.fields[HONEYPOT_FIELD].widget.attrs.update(tabindex="-1", autocomplete="off")
        if self.is_staff_writer:
            for name in ("name", "email"):
                self.fields[name].required = False

    @property
    def is_staff_writer(self) -> bool:
        """A logged-in editor, author or other staff member: signs with a badge, no name typed."""
        return bool(self.user and self.user.is_authenticated and writer_badge(self.user))

    @property
    def signature(self) -> str:
        return display_name(self.user) if self.is_staff_writer else ""

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data.get("name", "").split())

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "").strip()
        if len(body) < 2:
            raise forms.ValidationError("Please type a comment.")
        return body

    def clean(self):
        data = super().clean()
        if self.is_staff_writer:
            data["name"] = self.signature
            data["email"] = self.user.email
        return data


class CommentEditForm(forms.ModelForm):
    """What a writer may change in the minutes after posting: the words."""

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": "Comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "cols": 45, "maxlength": 5000})}
        error_messages = CommentForm.Meta.error_messages

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "").strip()
        if len(body) < 2:
            raise forms.ValidationError("Please type a comment.")
        return body
