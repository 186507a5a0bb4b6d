"""
What happens to a submitted comment: the spam layers that refuse it, and the
policy that approves it, holds it for a moderator, or files it as spam.

Every rule is here, configured by settings (config/settings.py, COMMENTS_*),
and every verdict is written onto the comment so a moderator sees why.

Who is published without moderation (``unknown_writer_reasons``; README,
"Comments"). A comment from the form goes live at once only when all hold:

1. an earlier *approved* comment has the same name and the same email
   (letter case and extra spaces aside): an email alone is easy to guess, and
   a spammer copying a regular's address must also use her name;
2. that email is not the address of any login of the site: editors and
   authors comment logged in, so their address typed into the form is
   someone else using it;
3. every link it brings, its website and the links in its text, points to a
   site (domain, "www." aside) that the writer's earlier approved comments
   already linked: a known name earns trust for its words, not for new links.

Otherwise it is held for a moderator, with the reason. The other layers
(blocklist, crisis language, contact details, too many links) hold a known
writer's comment too. COMMENTS_HOLD_FIRST_COMMENT = False turns this rule off.
"""

import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from blog.blocklist import blocked_phrases_in
from core.phrases import find_phrases, held_phrases
from core.rate_limits import over_limit
from core.writing_systems import review_reasons

from . import spam_rules
from .links import linked_domains
from .models import Comment, CrisisPhrase
from .spam_rules import CERTAIN, STRONG, WEAK, Evidence

TOKEN_SALT = "comments.form-token"
URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the separators phone numbers are written with.
PHONE_RE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().\-/]{6,}\d(?![\w])")
# Evidence adding up to this files a comment as spam (comments.spam_rules).
SPAM_WEIGHT = 1.0
CLASSIFIER_LAYER = "classifier"


def setting(name: str, default):
    return getattr(settings, f"COMMENTS_{name}", default)


# --- Who sent it ------------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    """
    The visitor's address. Behind one reverse proxy (COMMENTS_BEHIND_PROXY)
    it is the last X-Forwarded-For entry, the one the proxy itself added;
    earlier entries are whatever the client claimed.
    """
    if setting("BEHIND_PROXY", False):
        forwarded = request.headers.get("x-forwarded-for", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR", "") or ""


def short_user_agent(request: HttpRequest) -> str:
    return request.headers.get("user-agent", "")[:200]


# --- The signed timestamp token -----------------------------------------------


def make_form_token(issued_at: float | None = None) -> str:
    """A token for one form: when it was served and a nonce against replay."""
    issued = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"t": issued, "n": secrets.token_hex(8)}, salt=TOKEN_SALT)


class TokenProblem(Exception):
    """The form token is refused; the message tells the writer what to do."""


class TooQuick(TokenProblem):
    """Sent faster than a person types: the same token works after a short wait."""


def check_form_token(token: str) -> dict:
    """The token's data, or TokenProblem if it is forged, too fresh, too old or used."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        issued, nonce = int(data["t"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenProblem(
            "This form could not be checked. Please post your comment again."
        ) from None
    age = time.time() - issued
    if age < setting("MIN_SUBMIT_SECONDS", 3):
        raise TooQuick(
            "That was very quick. Please wait a few seconds, then press Post Comment again."
        )
    if age > setting("TOKEN_MAX_AGE", 24 * 60 * 60):
        raise TokenProblem(
            "This form was opened more than a day ago. Please check your comment and post it again."
        )
    if cache.get(_nonce_key(nonce)):
        raise TokenProblem("This comment form was already used. Your comment was sent once.")
    return {"issued": issued, "nonce": nonce}


def _nonce_key(nonce: str) -> str:
    return f"comments:nonce:{nonce}"


def spend_form_token(data: dict) -> None:
    cache.set(_nonce_key(data["nonce"]), 1, setting("TOKEN_MAX_AGE", 24 * 60 * 60) + 60)


# --- Rate limit ----------------------------------------------------------------


def rate_limited(ip_hash: str) -> bool:
    """Count one attempt from this address; True past the limit for the window."""
    return over_limit(
        "comments", ip_hash, setting("RATE_LIMIT", 5), setting("RATE_LIMIT_SECONDS", 60)
    )


# --- Duplicates ----------------------------------------------------------------


def is_duplicate(body: str, email: str, ip_hash: str) -> bool:
    """The same body from the same email or address within a day."""
    since = timezone.now() - timedelta(days=1)
    same_writer = Comment.objects.filter(created_at__gte=since, body=body.strip())
    if email:
        if same_writer.filter(email__iexact=email).exists():
            return True
    return bool(ip_hash) and same_writer.filter(ip_hash=ip_hash).exists()


# --- The policy ------------------------------------------------------------------


@dataclass
class Verdict:
    """
    The evidence about a comment (``reasons``, each with its ``weight`` when it
    is evidence of spam: ``comments.spam_rules``) and what follows from it.
    """

    reasons: list[dict] = field(default_factory=list)
    crisis: bool = False
    # A name and email with an approved comment: the classifier alone never files it as spam.
    known_writer: bool = False
    score: float | None = None  # the classifier's, when it read the comment

    def add(self, layer: str, detail: str, weight: float = 0.0) -> None:
        """A reason; ``weight`` 0 holds for a person, 1 alone files as spam (spam_rules)."""
        reason: dict = {"layer": layer, "detail": detail}
        if weight:
            reason["weight"] = weight
        self.reasons.append(reason)

    def add_evidence(self, evidence: list[Evidence]) -> None:
        self.reasons.extend(item.as_reason() for item in evidence)

    @property
    def spam_weight(self) -> float:
        return sum(reason.get("weight", 0.0) for reason in self.reasons)

    @property
    def spam_weight_without_classifier(self) -> float:
        return sum(
            reason.get("weight", 0.0)
            for reason in self.reasons
            if reason.get("layer") != CLASSIFIER_LAYER
        )

    @property
    def is_spam(self) -> bool:
        """
        Enough evidence for the spam folder: never with crisis language, and
        for a known writer never on the classifier's word alone.
        """
        if self.crisis or self.spam_weight < SPAM_WEIGHT:
            return False
        return not (self.known_writer and self.spam_weight_without_classifier < SPAM_WEIGHT)

    @property
    def status(self) -> str:
        if self.is_spam:
            return Comment.Status.SPAM
        # Evidence against spam alone (a negative weight) holds nothing.
        if any(reason.get("weight", 0.0) >= 0 for reason in self.reasons):
            return Comment.Status.PENDING
        return Comment.Status.APPROVED


def count_links(text: str) -> int:
    return len(URL_RE.findall(text))


def contact_details_in(text: str) -> list[str]:
    found = []
    if EMAIL_RE.search(text):
        found.append("an email address")
    for match in PHONE_RE.finditer(text):
        digits = sum(char.isdigit() for char in match.group())
        if 9 <= digits <= 15:
            found.append("a phone number")
            break
    return found


def crisis_phrases_in(text: str) -> list[str]:
    phrases = held_phrases(
        "crisis", lambda: CrisisPhrase.objects.active().values_list("phrase", flat=True)
    )
    return find_phrases(text, phrases)


# How many of a writer's latest approved comments tell which sites she links.
KNOWN_LINKS_FROM = 200


def unknown_writer_reasons(comment: Comment) -> list[tuple[str, str]]:
    """
    Why this comment is not from a known writer (the rule in the module
    docstring), as (layer, detail) pairs; none when it may be published at once.
    """
    email = comment.email.strip()
    if not email:
        return [("first comment", "no email address")]
    if get_user_model().objects.filter(email__iexact=email).exists():
        return [
            (
                "site login",
                "this email belongs to a login of the site, whose owner comments logged in",
            )
        ]
    earlier = list(
        Comment.objects.approved()
        .filter(email__iexact=email, name__iexact=comment.name.strip())
        .exclude(pk=comment.pk)
        .order_by("-created_at")
        .only("name", "url", "body")[:KNOWN_LINKS_FROM]
    )
    if not earlier:
        return [("first comment", "no earlier approved comment with this name and email")]
    known = set().union(*map(linked_domains, earlier))
    if new := sorted(linked_domains(comment) - known):
        return [
            (
                "new link",
                "links to sites this writer's approved comments never linked: " + ", ".join(new),
            )
        ]
    return []


def has_approved_comment(comment: Comment) -> bool:
    """Someone wrote with this name and email before, and a moderator approved it."""
    email, name = comment.email.strip(), comment.name.strip()
    if not (email and name):
        return False
    approved = Comment.objects.approved().filter(email__iexact=email, name__iexact=name)
    return approved.exclude(pk=comment.pk).exists() if comment.pk else approved.exists()


def assess(comment: Comment, *, honeypot: bool = False, trusted: bool = False) -> Verdict:
    """
    Decide a new or edited comment's status: approved, held for a person, or
    spam (the evidence and weights in ``comments.spam_rules``). ``honeypot``:
    the form's hidden field was filled in. ``trusted`` is a logged-in staff
    member (or a writer the old site vouched for, on import), who skips the
    first-comment and link rules but not the others.
    """
    verdict = Verdict(known_writer=trusted or has_approved_comment(comment))
    if honeypot:
        verdict.add("honeypot", "the hidden field was filled in", CERTAIN)
    if setting("HOLD_CRISIS", True) and (phrases := crisis_phrases_in(comment.body)):
        verdict.crisis = True
        verdict.add("crisis", "crisis language: " + ", ".join(phrases))
    if setting("HOLD_BLOCKLIST", True):
        # Each field the page shows, on its own: the moderator sees which one.
        for label, value in (
            ("name", comment.name),
            ("website", comment.url),
            ("comment", comment.body),
        ):
            if value and (phrases := blocked_phrases_in(value)):
                verdict.add(
                    "blocklist", f"blocked phrases in the {label}: " + ", ".join(phrases), STRONG
                )
    # Readers may quote a word in their own language, but text mostly in another
    # script, or words mixing alphabets (look-alike letters), waits for a person.
    if setting("HOLD_FOREIGN_SCRIPT", True) and (
        reasons := review_reasons(f"{comment.name} {comment.body}", allow_foreign_words=True)
    ):
        verdict.add("script", "; ".join(reasons), WEAK)
    if setting("HOLD_CONTACT_DETAILS", True) and (details := contact_details_in(comment.body)):
        verdict.add("contact", "the body contains " + " and ".join(details), WEAK)
    if setting("SPAM_FILTER", True) and comment.user_id is None:
        verdict.add_evidence(spam_rules.pattern_evidence(comment))
        verdict.add_evidence(spam_rules.domain_evidence(comment))
        verdict.add_evidence(spam_rules.fingerprint_evidence(comment))
        verdict.score = spam_rules.spam_score(comment)
        classifier = spam_rules.classifier_evidence(verdict.score, comment.body)
        if verdict.known_writer:
            # A known writer is published unless the classifier is sure (then held).
            classifier = [item for item in classifier if item.weight >= STRONG or item.weight < 0]
        verdict.add_evidence(classifier)
    if not trusted:
        max_links = setting("MAX_LINKS", 2)
        if max_links is not None and (links := count_links(comment.body)) > max_links:
            verdict.add("links", f"{links} links (more than {max_links})", WEAK)
        if setting("HOLD_FIRST_COMMENT", True):
            for layer, detail in unknown_writer_reasons(comment):
                verdict.add(layer, detail)
    if not any(reason.get("weight", 0) > 0 for reason in verdict.reasons):
        # Evidence against spam matters only beside evidence for it.
        verdict.reasons = [r for r in verdict.reasons if r.get("weight", 0) >= 0]
    if verdict.spam_weight >= SPAM_WEIGHT and not verdict.is_spam:
        verdict.add("not spam", kept_from_spam_because(verdict))
    return verdict


def apply(verdict: Verdict, comment: Comment) -> None:
    """Write a new comment's verdict onto it: status, reasons, crisis flag, classifier score."""
    comment.status, comment.reasons, comment.crisis = (
        verdict.status,
        verdict.reasons,
        verdict.crisis,
    )
    comment.spam_score = verdict.score
    if comment.status == Comment.Status.SPAM:
        comment.marked_spam_at = timezone.now()


def kept_from_spam_because(verdict: Verdict) -> str:
    if verdict.crisis:
        return "held, not filed as spam: a person reads every comment with crisis language"
    return "held, not filed as spam: the classifier alone never files a known writer's comment"
