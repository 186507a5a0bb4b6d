from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from authors.directory import DirectoryFilters, suggestions
from authors.models import DIRECTORY_TERMS
from authors.page_cache import AVAILABILITY, CREDENTIALS
from core.fragments import cached_object
from core.list_pages import KeptListPageMixin
from core.markdown import markdown_to_text
from core.page_cache import tag_response

from . import search as post_search
from .models import Category, Post, Tag
from .page_cache import card_tags, post_links_tags, post_page_tags

# Who is suggested under a post changes with any author, licence, list name
# or availability that lapses by date.
SUGGESTIONS_TAGS = ("authors", CREDENTIALS, DIRECTORY_TERMS, AVAILABILITY)


class PublishedPostsMixin(KeptListPageMixin):
    """
    A paginated list of published posts, with what their cards show; the
    page's posts are kept like a fragment, under the tags the page declares.
    """

    paginate_by = 10

    def get_queryset(self):
        return Post.objects.published().for_cards()

    def kept_page_tags(self, rows: list) -> list:
        return [*card_tags(rows), getattr(self, "archive", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag_response(self.request, card_tags(context["page_obj"].object_list))
        if archive := getattr(self, "archive", None):
            tag_response(self.request, archive)
        return context


class PostListView(PublishedPostsMixin, ListView):
    template_name = "blog/post_list.html"


class CategoryView(PublishedPostsMixin, ListView):
    template_name = "blog/post_archive.html"

    def get_queryset(self):
        self.archive = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(categories=self.archive)

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, archive_kind="Category", **kwargs)


class TagView(PublishedPostsMixin, ListView):
    template_name = "blog/post_archive.html"

    def get_queryset(self):
        self.archive = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.archive)

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, archive_kind="Tag", **kwargs)


class PostDetailView(DetailView):
    template_name = "blog/post_detail.html"

    def get_queryset(self):
        return (
            Post.objects.visible_to(self.request.user)
            .select_related("author", "reviewed_by")
            # Credentials are read only where the byline and structured data
            # are rendered, not when the page reuses those cached fragments.
            .prefetch_related("categories", "tags")
            # Whether it names focus areas, in the same query: most posts do
            # not, and then nothing more is read for suggestions.
            .annotate(
                names_focus_areas=Exists(
                    Post.focus_areas.through.objects.filter(post_id=OuterRef("pk"))
                )
            )
        )

    def get_object(self, queryset=None):
        # Anonymous readers share one cached copy of a published post with its
        # author, categories and tags, kept while none of them changes.
        return cached_object(
            self.request,
            f"post|{self.kwargs['slug']}",
            lambda: super(PostDetailView, self).get_object(queryset),
            tags_of=post_page_tags,
            shareable=lambda post: post.is_public,
        )

    def is_public_page(self) -> bool:
        """Whether this page is the public one (shared caches), not a preview."""
        return self.object.is_public

    def get_context_data(self, **kwargs):
        post = self.object
        page_tags = list(post_page_tags(post))
        if self.is_public_page():
            # "Reviewed by" is true only until the next review is due: no save
            # marks that day, so the page ends by itself then.
            tag_response(self.request, page_tags, expires_at=post.clinical_review_lapses_at)
        # The article and its structured data read the review's state, which
        # changes with the date alone: each state is a fragment of its own.
        review_state = post.clinical_review_state
        # Fetched (and declared to the page cache) only if the links are
        # rendered, not when the page reuses their cached fragment.
        neighbours = SimpleLazyObject(post.neighbours)
        suggestions_fragment = self._suggestions_fragment(post)
        return super().get_context_data(
            is_preview=not self.is_public_page(),
            # Computed here once; the fragments in the template reuse them.
            page_tags=page_tags,
            article_fragment=f"post-article|review:{review_state}",
            json_ld_fragment=f"post-json-ld|review:{review_state}",
            related_tags=list(post_links_tags(post)),
            # Fetched only if the suggestions are rendered, not when the page
            # reuses their cached fragment.
            therapists=(
                SimpleLazyObject(lambda: self._suggested_therapists(post))
                if suggestions_fragment
                else None
            ),
            suggestions_fragment=suggestions_fragment,
            suggestions_tags=[post, *SUGGESTIONS_TAGS],
            # Listed three times on the page: read once (prefetched, no query).
            post_categories=list(post.categories.all()),
            post_tags=list(post.tags.all()),
            related_posts=self._shown(post.related),
            previous_post=self._shown(lambda: neighbours[0]),
            next_post=self._shown(lambda: neighbours[1]),
            **kwargs,
        )

    def _suggestions_fragment(self, post: Post) -> str | None:
        """
        The suggestions' fragment name, or None for a post naming no focus
        areas. The HTML differs by post and by the reader's ``?in=`` (as
        the directory reads it); its tags say who is suggested.
        """
        if not getattr(post, "names_focus_areas", True):
            return None
        jurisdiction = DirectoryFilters.read(self.request.GET).jurisdiction
        return f"post-suggestions|{post.pk}|in:{jurisdiction}"

    def _suggested_therapists(self, post: Post):
        """
        "Therapists who work with …" when the post names focus areas: the
        same for every visitor of one address (``?in=`` is part of the page
        cache's key), so the page stays cacheable.
        """
        if not getattr(post, "names_focus_areas", True):
            return None
        focus_areas = list(post.focus_areas.all())
        if not focus_areas:
            return None
        if self.is_public_page():
            tag_response(self.request, *SUGGESTIONS_TAGS)
        return suggestions(focus_areas, self.request.GET, post.slug)

    def _shown(self, fetch):
        def fetch_and_declare():
            found = fetch()
            if self.is_public_page():
                tag_response(self.request, found)
            return found

        return SimpleLazyObject(fetch_and_declare)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            # A draft must never be kept by a browser or a shared cache.
            add_never_cache_headers(response)
        return response


def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=: published posts matching the words typed, best first, 10 a page."""
    query = post_search.parse_query(request.GET.get("q"))
    ids = post_search.search(query)
    page_obj = Paginator(ids, PublishedPostsMixin.paginate_by).get_page(request.GET.get("page"))
    posts = Post.objects.published().for_cards(with_body=True).in_bulk(list(page_obj.object_list))
    results = []
    for pk in page_obj.object_list:
        if post := posts.get(pk):
            results.append(
                {
                    "post": post,
                    "title": post_search.highlight(post.title, query.terms),
                    "passage": post_search.passage(
                        [post.summary, markdown_to_text(post.body)], query.terms
                    ),
                }
            )
    response = render(
        request,
        "blog/search.html",
        {"query": query, "search_query": query.text, "results": results, "page_obj": page_obj},
    )
    # Result pages are for the reader who asked, not for search engines.
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page helps the reader on: the search box and the latest posts."""
    latest = Post.objects.published().for_cards()[:5]
    return render(request, "404.html", {"latest_posts": latest}, status=404)
