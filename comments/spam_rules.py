"""
The evidence that a comment is spam, each piece with a weight
(``comments.moderation.assess`` adds them up):

- ``CERTAIN`` (2.0): the honeypot, filled in by a bot: spam whatever else.
- ``STRONG`` (1.0): alone enough for the spam folder: a blocklisted phrase
  (``blog.blocklist``, after its evasion handling), a link to a site
  moderators filed as spam and never approved, a text nearly the same as
  earlier spam (``comments.fingerprints``), a known spam name, website or link
  pattern (below: selling words, an address as a name, a bare IP, an affiliate
  link, a link beside a keyword in another script), the classifier sure
  beyond ``COMMENTS_SPAM_SCORE``.
- weak (under 1.0): holds for a person, and only adds up to spam with other
  evidence. The classifier unsure (``COMMENTS_SPAM_HOLD_SCORE``), too many
  links, another script, contact details.
- against (negative): the classifier reads an ordinary reader's comment, or
  the text is nearly the same as one moderators said was not spam. One strong
  piece of evidence against this is mixed evidence: held for a person.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from blog.models import AllowedDomain, is_allowed_domain
from core.phrases import UNSPACED, normalise
from core.weblinks import host_of
from core.writing_systems import analyse

from . import fingerprints, spam_filter
from .links import linked_domains
from .models import Comment, SpamDomain, SpamLabel

CERTAIN = 2.0
STRONG = 1.0
CLASSIFIER_UNSURE = 0.5
WEAK = 0.25
AGAINST = -0.5

# Words that sell, as whole words of a name or of a website's address
# ("Best SEO Services", "cheap-loans-online.example"). Names are people's
# names; these are not.
SPAM_WORDS = frozenset(
    """
    seo backlink backlinks casino casinos slot slots gacor betting bet poker jackpot
    loan loans payday crypto bitcoin forex cheap buy discount replica pills pharmacy
    meds essay essays followers escort escorts hookup porn xxx sexcam bonus
    купить казино ставки займ кредит займы
    """.split()
)
SPAM_CHARACTERS = re.compile("[赌博彩票贷款]|カジノ|バカラ|토토|카지노")
WORDS = re.compile(r"[^\W_]+")
# A name that is a web address or an email address.
ADDRESS_IN_NAME = re.compile(
    r"https?://|www\.|@|\b[\w-]+\.(?:com|net|org|info|biz|ru|xyz|top|club|online|site|shop)\b",
    re.IGNORECASE,
)
IP_HOST = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
AFFILIATE = re.compile(r"[?&](?:ref|aff|affiliate|affid|partner|promo)=", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    layer: str
    detail: str
    weight: float

    def as_reason(self) -> dict:
        return {"layer": self.layer, "detail": self.detail, "weight": self.weight}


def spam_words_in(text: str) -> list[str]:
    folded = normalise(text)
    found = sorted({word for word in WORDS.findall(folded) if word in SPAM_WORDS})
    return found + SPAM_CHARACTERS.findall(folded)


def _spaced(address: str) -> str:
    return re.sub(r"[-_./:?=&]", " ", address)


def body_links(text: str) -> list[str]:
    return spam_filter.LINK.findall(text or "")


def injected_keywords(text: str) -> list[str]:
    """
    One to three words in another script in a text otherwise in the site's:
    with a link, the sample spam of issue 20 ("Read and watch more: <link>"
    and an Arabic-script keyword).
    """
    report = analyse(text)
    if report.mixed_words or report.foreign_share >= 0.5:
        return []
    return report.foreign_words if 1 <= len(report.foreign_words) <= 3 else []


def pattern_evidence(comment: Comment) -> list[Evidence]:
    """A known spam name or website: keywords for a name, an address as a name, odd links."""
    found = []
    if ADDRESS_IN_NAME.search(comment.name or ""):
        found.append(Evidence("spam pattern", "the name is a web or email address", STRONG))
    elif words := spam_words_in(comment.name or ""):
        found.append(
            Evidence("spam pattern", "selling words as a name: " + ", ".join(words), STRONG)
        )
    links = body_links(comment.body)
    if words := sorted({word for link in links for word in spam_words_in(_spaced(link))}):
        found.append(
            Evidence("spam pattern", "selling words in a link: " + ", ".join(words), STRONG)
        )
    if links and (keywords := injected_keywords(comment.body)):
        found.append(
            Evidence(
                "spam pattern",
                "a link with a keyword in another script: " + ", ".join(keywords),
                STRONG,
            )
        )
    if comment.url:
        host = host_of(comment.url)
        if IP_HOST.match(host):
            found.append(Evidence("spam pattern", "the website is a bare IP address", STRONG))
        elif words := spam_words_in(_spaced(comment.url)):
            found.append(
                Evidence(
                    "spam pattern", "selling words in the website: " + ", ".join(words), STRONG
                )
            )
        elif AFFILIATE.search(comment.url):
            found.append(Evidence("spam pattern", "the website is an affiliate link", STRONG))
    return found


def _with_parents(domain: str) -> list[str]:
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def domain_evidence(comment: Comment) -> list[Evidence]:
    """Links to sites moderators filed as spam and never approved (one query, two with links)."""
    domains = linked_domains(comment)
    if not domains:
        return []
    allowed = list(AllowedDomain.objects.values_list("domain", flat=True))
    wanted = {
        parent: domain
        for domain in domains
        if not is_allowed_domain(domain, allowed)
        for parent in _with_parents(domain)
    }
    marked = SpamDomain.objects.marked_spam().filter(domain__in=wanted)
    if spam := sorted({wanted[found] for found in marked.values_list("domain", flat=True)}):
        return [
            Evidence("spam site", "links to sites marked spam before: " + ", ".join(spam), STRONG)
        ]
    return []


def fingerprint_evidence(comment: Comment) -> list[Evidence]:
    label = fingerprints.nearest_label(comment)
    if label == SpamLabel.SPAM:
        return [Evidence("near duplicate", "nearly the same text as earlier spam", STRONG)]
    if label == SpamLabel.HAM:
        return [
            Evidence(
                "near duplicate",
                "nearly the same text as a comment moderators said was not spam",
                AGAINST,
            )
        ]
    return []


# How much text the classifier needs before its word counts: shorter texts
# ("Page 12, chapter 3.") score anywhere, so only the rules judge them. A
# character of a script written without spaces (Chinese, Japanese, Thai)
# carries about a word, and counts three times.
MIN_READABLE = 40
MIN_READABLE_AGAINST = 60


def readable_length(text: str) -> int:
    text = " ".join((text or "").split())
    return len(text) + 2 * len(UNSPACED.findall(text))


def classifier_evidence(score: float, text: str) -> list[Evidence]:
    """What the classifier's score says, when ``text`` (the body) is long enough to read."""
    length = readable_length(text)
    if length < MIN_READABLE:
        return []
    sure = getattr(settings, "COMMENTS_SPAM_SCORE", 0.99)
    unsure = getattr(settings, "COMMENTS_SPAM_HOLD_SCORE", 0.8)
    if score >= sure:
        return [Evidence("classifier", f"reads like spam ({score:.2f})", STRONG)]
    if score >= unsure:
        return [Evidence("classifier", f"may be spam ({score:.2f})", CLASSIFIER_UNSURE)]
    ham_score = getattr(settings, "COMMENTS_SPAM_HAM_SCORE", 0.2)
    if score <= ham_score and length >= MIN_READABLE_AGAINST:
        # A reader may name a blocklisted word in earnest ("porn use was a
        # problem in our marriage"): mixed evidence holds for a person.
        return [Evidence("classifier", f"reads like a reader's comment ({score:.2f})", AGAINST)]
    return []


def spam_score(comment: Comment) -> float:
    return spam_filter.spam_probability(comment)
