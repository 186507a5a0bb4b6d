"""How posts are filed: categories and tags, each with a page of its own."""

from django.db import models
from django.urls import reverse

from core.markdown import render_markdown
from core.page_cache import tag_for


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="Markdown, shown on the category page.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:category", kwargs={"slug": self.slug})

    def redirect_urls(self) -> list[str]:
        """Its page and feeds: a new slug leaves redirects from these (core.redirects)."""
        urls = ["blog:category", "blog:category_feed", "blog:category_feed_atom"]
        return [reverse(name, kwargs={"slug": self.slug}) for name in urls]

    # The page cache (core.bumps): a save bumps the category as shown; a delete
    # also its list of posts, and the lists that showed it on their cards.
    def page_cache_tags(self) -> list[str]:
        return [tag_for(self)]

    def page_cache_lists(self) -> list[str]:
        return [f"category-posts:{self.pk}", "posts"]

    @property
    def description_html(self) -> str:
        """The description through the one sanitising Markdown function."""
        return render_markdown(self.description)


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, help_text="Markdown, shown on the tag page.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", kwargs={"slug": self.slug})

    def redirect_urls(self) -> list[str]:
        """Its page and feeds: a new slug leaves redirects from these (core.redirects)."""
        urls = ["blog:tag", "blog:tag_feed", "blog:tag_feed_atom"]
        return [reverse(name, kwargs={"slug": self.slug}) for name in urls]

    # The page cache (core.bumps): a save bumps the tag as shown; a delete
    # also its list of posts, and the lists that showed it on their cards.
    def page_cache_tags(self) -> list[str]:
        return [tag_for(self)]

    def page_cache_lists(self) -> list[str]:
        return [f"tag-posts:{self.pk}", "posts"]

    @property
    def description_html(self) -> str:
        """The description through the one sanitising Markdown function."""
        return render_markdown(self.description)
