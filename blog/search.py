"""
Full-text search over published posts: the one search function.

``search(text)`` turns what a reader typed into plain words, asks the
database's own full-text engine for the matching posts in rank order (title
above excerpt above body) and returns their ids. PostgreSQL uses
``django.contrib.postgres.search`` over a weighted vector with a GIN index;
SQLite uses an FTS5 table (``blog_post_fts``) that the migration creates and
blog/search_index.py keeps in step with the posts. Both backends get the same
words, the same stemming and stop words, and the same tie-breaking, so they
find the same posts on the same content.

Readers never write query syntax: quotes, operators and brackets are reduced
to words before either engine sees them, so no query can be malformed.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Post

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_RESULTS = 1000
PASSAGE_LENGTH = 240

# PostgreSQL's English stop words (tsearch_data/english.stop). Dropping them
# here as well means SQLite does not insist on words PostgreSQL ignores.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
    """.split()
)

# Letters and digits of any script; everything else (operators, quotes,
# punctuation, underscores) separates words, as in FTS5's unicode61 tokenizer.
_WORD_RE = re.compile(r"[^\W_]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# --- SQLite -----------------------------------------------------------------

# Porter stemming like PostgreSQL's English configuration; no accent folding,
# which PostgreSQL's English configuration does not do either.
SQLITE_FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS blog_post_fts USING fts5("
    "title, excerpt, body, tokenize = 'porter unicode61 remove_diacritics 0')"
)
SQLITE_FTS_INSERT = "INSERT INTO blog_post_fts(rowid, title, excerpt, body) VALUES (%s, %s, %s, %s)"
# Column weights for bm25(): title, excerpt, body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)


def fts_row(post) -> tuple:
    """
    What the FTS5 table holds for a post: its id and its words as plain text
    (``Post.search_document``, which reads only stored fields, so the
    migration's historical posts are indexed the same way).
    """
    return (post.pk, *Post.search_document(post))


# --- PostgreSQL -------------------------------------------------------------

SEARCH_CONFIG = "english"
POSTGRES_INDEX_NAME = "blog_post_search_gin"


def search_vector():
    """
    The weighted vector searched on PostgreSQL. The body is searched as its
    rendered HTML: PostgreSQL's parser skips tags, so it sees the same words
    as the plain text SQLite indexes, and no link targets or Markdown marks.
    """
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("excerpt", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_html", weight="C", config=SEARCH_CONFIG)
    )


def postgres_index():
    """The GIN index over exactly the expression ``search_vector`` queries."""
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(search_vector(), name=POSTGRES_INDEX_NAME)


# --- The query ----------------------------------------------------------------


@dataclass
class Query:
    """What a reader typed, cleaned, and the words that will be searched for."""

    text: str = ""
    terms: list[str] = field(default_factory=list)
    too_long: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.text


def parse_query(raw: str | None) -> Query:
    text = _CONTROL_RE.sub("", raw or "").strip()
    too_long = len(text) > MAX_QUERY_LENGTH
    if too_long:
        text = text[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    for word in _WORD_RE.findall(text.lower()):
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return Query(text=text, terms=terms[:MAX_TERMS], too_long=too_long)


def search(query: Query) -> list[int]:
    """Ids of the published posts matching every word of ``query``, best first."""
    if not query.terms:
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(query.terms)
    return _search_sqlite(query.terms)


def _search_postgres(terms: list[str]) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    ts_query = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")
    vector = search_vector()
    return list(
        Post.objects.published()
        .annotate(search=vector, rank=SearchRank(vector, ts_query))
        .filter(search=ts_query)
        .order_by("-rank", "-published_at", "-pk")
        .values_list("pk", flat=True)[:MAX_RESULTS]
    )


def _search_sqlite(terms: list[str]) -> list[int]:

    # Every term quoted: FTS5 then reads it as a plain word, never as syntax.
    match = " ".join(f'"{term}"' for term in terms)
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25(blog_post_fts, {weights}) FROM blog_post_fts "
            "WHERE blog_post_fts MATCH %s",
            [match],
        )
        scores = dict(cursor.fetchall())
    if not scores:
        return []
    # Which of them the public may see is decided by the one definition.
    public = Post.objects.published().filter(pk__in=list(scores)).values_list("pk", "published_at")
    # bm25 is lower for better matches; ties go to the newer post, like PostgreSQL.
    ranked = sorted(public, key=lambda row: (scores[row[0]], -row[1].timestamp(), -row[0]))
    return [pk for pk, _ in ranked[:MAX_RESULTS]]


# --- Highlighting -------------------------------------------------------------

_SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s", "e", "y")


def _root(term: str) -> str:
    """A rough stem, so that "trusting" in a query also marks "trusted" in the text."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def terms_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    roots = sorted({_root(term) for term in terms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(root) for root in roots) + r")\w*", re.I)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with the searched words wrapped in our own <mark> elements."""
    pattern = terms_pattern(terms)
    if pattern is None:
        return escape(text)
    parts: list[str] = []
    position = 0
    for found in pattern.finditer(text):
        parts.append(escape(text[position : found.start()]))
        parts.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    parts.append(escape(text[position:]))
    # Safe: every piece of the text went through escape(); only <mark> is ours.
    return mark_safe("".join(parts))  # noqa: S308


def passage(texts: list[str], terms: list[str], length: int = PASSAGE_LENGTH) -> SafeString:
    """
    The stretch of the first text that mentions a searched word, about
    ``length`` characters long, highlighted; else the start of the first text.
    """
    pattern = terms_pattern(terms)
    texts = [text for text in texts if text]
    if not texts:
        return mark_safe("")
    for text in texts:
        found = pattern.search(text) if pattern else None
        if found:
            break
    else:
        text, found = texts[0], None
    start = 0
    if found and found.start() > length // 3:
        start = found.start() - length // 3
        # Begin at a word, not in the middle of one.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = highlight(text[start:end], terms)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{snippet}{suffix}")  # noqa: S308
