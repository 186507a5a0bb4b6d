from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from .models import Author
from .page_cache import tag_response


class AuthorListView(ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        return Author.objects.active()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag_response(self.request, "authors", context["authors"])
        return context


class AuthorDetailView(ListView):
    """An author's profile, with their published posts paginated under it."""

    template_name = "authors/author_detail.html"
    paginate_by = 10

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.active(), slug=self.kwargs["slug"])
        # Authors cannot import blog: the reverse relation gives us their posts.
        return self.author.posts.published().select_related("author").prefetch_related("categories")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        # "posts" and each card's objects, as the blog's post lists declare them
        # (authors cannot import blog.page_cache).
        tag_response(self.request, self.author, "posts")
        for post in context["page_obj"].object_list:
            tag_response(self.request, post, f"author:{post.author_id}", post.categories.all())
        return context
