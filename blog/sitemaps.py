"""/sitemap.xml through django.contrib.sitemaps: only what the public can see."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from authors.models import Author

from .models import Category, Post, Tag


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["blog:post_list"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str):
        return Post.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Post]:
        return Post.objects.published().order_by("-published_at", "-pk")

    def lastmod(self, post: Post):
        return max(post.updated_at, post.published_at)


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Category]:
        return Category.objects.filter(posts__in=Post.objects.published()).distinct()


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self) -> QuerySet[Tag]:
        return Tag.objects.filter(posts__in=Post.objects.published()).distinct()


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Author]:
        return Author.objects.active()


SITEMAPS = {
    "home": HomeSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
