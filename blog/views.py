from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from authors.images import reencode_image
from authors.markdown import render_markdown
from authors.page_cache import tag_response

from .models import Category, Post, Tag
from .page_cache import card_tags, post_page_tags


class PublishedPostsMixin:
    """A paginated list of published posts, with what their cards show."""

    paginate_by = 10

    def get_queryset(self):
        return Post.objects.published().for_cards()

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
            .select_related("author")
            .prefetch_related("categories", "tags")
        )

    def get_context_data(self, **kwargs):
        post = self.object
        related_posts = post.related()
        if post.is_public:
            tag_response(self.request, post_page_tags(post, related_posts))
        return super().get_context_data(
            is_preview=not post.is_public, related_posts=related_posts, **kwargs
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            # A draft must never be kept by a browser or a shared cache.
            add_never_cache_headers(response)
        return response


def _staff_only(view):
    """Endpoints the editor calls by XHR: 403, not a login redirect, for anyone else."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.is_active and user.is_staff and user.has_perm("blog.change_post")):
            return JsonResponse(
                {"error": "Only logged-in editors and authors may use this."}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@_staff_only
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The admin's live preview: the same function that renders published posts."""
    return HttpResponse(render_markdown(request.POST.get("content", "")))


@require_POST
@_staff_only
def markdown_image_upload(request: HttpRequest) -> JsonResponse:
    """An image dropped into the Markdown editor, accepted only if it is a real image."""
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["No image was sent."]}, status=400)
    try:
        clean = reencode_image(upload)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=400)
    name = default_storage.save(f"markdown/{timezone.now():%Y/%m}/{clean.name}", clean)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
