from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from .models import Author


class AuthorListView(ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        return Author.objects.active()


class AuthorDetailView(ListView):
    """An author's profile, with their published posts paginated under it."""

    template_name = "authors/author_detail.html"
    paginate_by = 10

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.active(), slug=self.kwargs["slug"])
        # Authors cannot import blog: the reverse relation gives us their posts.
        return self.author.posts.published().select_related("author").prefetch_related("categories")

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
