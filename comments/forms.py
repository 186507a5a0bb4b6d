"""
The comment forms. As in django-contrib-comments, the spam defences are a
security form (the signed form token and the honeypot) under the "Leave a
Reply" form, which adds the checks on what was written: the fields, the
parent it replies to and an identical comment posted before.

A check that refuses the comment raises a ValidationError with one of
REFUSALS' codes; ``CommentForm.refusal()`` says which one the page names
first, and ``shown_again()`` readies the form to be typed into again.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from . import moderation
from .models import Comment, display_name, writer_badge

HONEYPOT_FIELD = "homepage"

NOT_POSTED = "Your comment was not posted yet: see below."
PARENT_UNAVAILABLE = (
    "The comment you replied to is not available on this post. You can post yours as a new comment."
)
DUPLICATE = "You have already posted this comment. It was not posted twice."

# The codes of the checks whose reason is said at the top of the page rather
# than beside a field, in the order the page names them.
TOO_QUICK, TOKEN, PARENT, REPEATED = "too_quick", "token", "parent_unavailable", "duplicate"
REFUSALS = (TOO_QUICK, TOKEN, PARENT, REPEATED)


class CommentSecurityForm(forms.Form):
    """
    The defences every comment form carries: ``token``, the signed time the
    form was served (forged, too quick, too old and reused tokens are
    refused), and ``homepage``, the honeypot people never see.
    """

    # A plain field: the token is checked exactly as it was sent.
    token = forms.Field(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(required=False, label="Leave this field empty", max_length=200)

    # The checked token's data, to spend it once the comment is saved.
    token_data: dict | None = None
    # Filled in by a bot: the comment is not refused (the bot is not told)
    # but filed as spam by the moderation policy.
    caught_by_honeypot = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_token(self):
        token = self.cleaned_data.get("token")
        try:
            self.token_data = moderation.check_form_token(token or "")
        except moderation.TooQuick as problem:
            raise ValidationError(str(problem), code=TOO_QUICK) from None
        except moderation.TokenProblem as problem:
            raise ValidationError(str(problem), code=TOKEN) from None
        return token

    def clean_homepage(self) -> str:
        value = self.cleaned_data.get(HONEYPOT_FIELD, "")
        self.caught_by_honeypot = bool(value)
        return value

    def spend_token(self) -> None:
        """The form has been used: its token cannot post again."""
        moderation.spend_form_token(self.token_data)


class CommentForm(CommentSecurityForm, forms.ModelForm):
    """
    The "Leave a Reply" form. Field names are WordPress's (name, email, url,
    body, parent). Bound to a ``post`` and the sender's ``ip_hash`` for the
    checks on the parent and on duplicates.
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

    def __init__(self, *args, user=None, post=None, ip_hash: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.post, self.ip_hash = user, post, ip_hash
        self.fields["email"].required = True
        self.fields["name"].widget.attrs.update(autocomplete="name", maxlength=80)
        self.fields["email"].widget.attrs.update(autocomplete="email", maxlength=254)
        self.fields["url"].widget.attrs.update(autocomplete="url", maxlength=200)
        self.fields["body"].widget.attrs.update(maxlength=5000)
        if self.is_staff_writer:
            for name in ("name", "email"):
                self.fields[name].required = False

    # Read by __init__, clean, signature and twice by the template: once per
    # form (one request, one user), not one group query each time.
    @cached_property
    def is_staff_writer(self) -> bool:
        """A logged-in editor, author or other staff member: signs with a badge, no name typed."""
        return bool(self.user and self.user.is_authenticated and writer_badge(self.user))

    @property
    def signature(self) -> str:
        return display_name(self.user) if self.is_staff_writer else ""

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data.get("name", "").split())

    def clean_body(self) -> str:
        return _typed_comment(self.cleaned_data.get("body", ""))

    def clean_parent(self) -> Comment | None:
        """The approved comment on this post that this one replies to, if any."""
        if not (pk := self.cleaned_data.get("parent")):
            return None
        parent = Comment.objects.filter(pk=pk).first()
        if (
            parent is None
            or parent.post_id != self.post.pk
            or parent.status != Comment.Status.APPROVED
        ):
            raise ValidationError(PARENT_UNAVAILABLE, code=PARENT)
        return parent

    def clean(self):
        data = super().clean()
        if self.is_staff_writer:
            data["name"] = self.signature
            data["email"] = self.user.email
        data["email"] = (data.get("email") or "").strip()
        # Only a comment that could be posted is compared with earlier ones.
        if not self.errors and moderation.is_duplicate(data["body"], data["email"], self.ip_hash):
            raise ValidationError(DUPLICATE, code=REPEATED)
        return data

    def refusal(self) -> str:
        """Why a form that did not validate was not posted, said first on the page."""
        code = self._refusal_code()
        if code in (TOKEN, TOO_QUICK):
            return self.errors["token"][0]
        return {PARENT: PARENT_UNAVAILABLE, REPEATED: DUPLICATE}.get(code, NOT_POSTED)

    def _refusal_code(self) -> str:
        """A token problem first, then the fields' own errors, the parent, a duplicate."""
        if self.has_error("token"):
            return TOO_QUICK if self.has_error("token", TOO_QUICK) else TOKEN
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        if codes - set(REFUSALS):
            return "fields"
        return PARENT if PARENT in codes else REPEATED

    def shown_again(self, *, refused: bool = True) -> "CommentForm":
        """
        The form to show again with what was typed. When it was refused (not
        only held back by the rate limit): a new token unless that one works
        after a short wait, and no parent when the parent was the reason.
        The refusals' own errors leave the form: the page says the reason
        once, above it.
        """
        code = self._refusal_code() if refused else ""
        self.data = self.data.copy()
        if code == TOKEN:
            self.data["token"] = moderation.make_form_token()
        elif code == PARENT:
            self.data["parent"] = ""
        for name, errors in list(self.errors.items()):
            errors.data = [error for error in errors.as_data() if error.code not in REFUSALS]
            if not errors:
                del self.errors[name]
        return self

    def new_comment(self, user_agent: str) -> Comment:
        """The comment to save, placed in its thread and judged by the moderation policy."""
        data = self.cleaned_data
        user = self.user if self.is_staff_writer else None
        comment = Comment(
            post=self.post,
            name=data["name"],
            email=data["email"],
            url=data.get("url") or "",
            body=data["body"],
            notify_replies=bool(data.get("notify_replies")) and bool(data["email"]),
            user=user,
            ip_hash=self.ip_hash,
            user_agent=user_agent,
        )
        comment.attach_to(data.get("parent"))
        verdict = moderation.assess(
            comment, honeypot=self.caught_by_honeypot, trusted=user is not None
        )
        moderation.apply(verdict, comment)
        return comment


def _typed_comment(body: str) -> str:
    body = body.strip()
    if len(body) < 2:
        raise ValidationError("Please type a comment.")
    return body


class CommentEditForm(forms.ModelForm):
    """What a writer may change in the minutes after posting: the words."""

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": "Comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "cols": 45, "maxlength": 5000})}
        error_messages = CommentForm.Meta.error_messages

    def clean_body(self) -> str:
        return _typed_comment(self.cleaned_data.get("body", ""))
