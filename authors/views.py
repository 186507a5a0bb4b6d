from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import ListView, TemplateView

from core.fragments import cached_object
from core.list_pages import KeptListPageMixin
from core.page_cache import tag_response

from .booking import record_click
from .directory import DirectoryFilters, directory
from .models import DIRECTORY_TERMS, Author
from .page_cache import AVAILABILITY, CREDENTIALS


class DirectoryView(TemplateView):
    """
    ``/authors/``: the therapists, filtered by plain GET parameters
    (authors.directory), cached per allowed query string.
    """

    template_name = "authors/author_list.html"

    def get_context_data(self, **kwargs):
        page = directory(DirectoryFilters.read(self.request.GET))
        # Which authors match and what their entries say: any author's save
        # ("authors"), a credential's mark, a list's names, availability's date.
        tag_response(self.request, "authors", CREDENTIALS, DIRECTORY_TERMS, AVAILABILITY)
        return super().get_context_data(
            directory=page, filters=page.filters, authors=page.authors, **kwargs
        )


class AuthorDetailView(KeptListPageMixin, ListView):
    """
    An author's profile, with their published posts paginated under it
    (the page's posts kept like a fragment, under the tags the page declares).
    """

    template_name = "authors/author_detail.html"
    paginate_by = 10

    def get_queryset(self):
        # Anonymous readers share one cached copy of the author with her
        # credentials and lists' terms, kept while none of them changes.
        self.author = cached_object(
            self.request,
            f"author|{self.kwargs['slug']}",
            self._fetch_author,
            tags_of=lambda author: [author, CREDENTIALS, DIRECTORY_TERMS],
            shareable=lambda author: True,  # only active authors are found
        )
        # Authors cannot import blog: the reverse relation gives us their posts.
        # Every card shows this same author, so it is attached rather than fetched again.
        return self.author.posts.published().without_long_text().prefetch_related("categories")

    def _fetch_author(self) -> Author:
        author = get_object_or_404(
            Author.objects.active().with_directory_facts(), slug=self.kwargs["slug"]
        )
        author.directory_terms  # read now, so that the kept copy holds them  # noqa: B018
        return author

    def kept_page_tags(self, rows: list) -> list:
        return [
            "posts",
            self.author,
            [(post, f"author:{post.author_id}", post.categories.all()) for post in rows],
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        for post in context["object_list"]:
            post.author = self.author
        # "posts" and each card's objects, as the blog's post lists declare them
        # (authors cannot import blog.page_cache).
        tag_response(
            self.request,
            self.author,
            "posts",
            CREDENTIALS,
            DIRECTORY_TERMS,
            expires_at=self.author.availability_lapses_at,
        )
        for post in context["page_obj"].object_list:
            tag_response(self.request, post, f"author:{post.author_id}", post.categories.all())
        return context


class BookingRedirectView(View):
    """
    Count a click on a booking link and send the reader to the author's
    stored booking address. Never to an address taken from the request, nor
    to one the site refuses now (``Author.booking_address``).
    """

    def _author_and_address(self, slug: str) -> tuple[Author, str]:
        author = get_object_or_404(Author.objects.active(), slug=slug)
        if not (address := author.booking_address):
            raise Http404("This author takes no bookings through the site.")
        return author, address

    def get(self, request: HttpRequest, slug: str) -> HttpResponseRedirect:
        author, address = self._author_and_address(slug)
        record_click(author, request)
        response = HttpResponseRedirect(address)
        # Every click must reach us to be counted.
        add_never_cache_headers(response)
        return response

    def head(self, request: HttpRequest, slug: str) -> HttpResponseRedirect:
        # Link checkers and previews send HEAD: answer like GET, count nothing.
        return HttpResponseRedirect(self._author_and_address(slug)[1])
