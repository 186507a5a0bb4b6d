"""
A post's images in the media library (core.media): which library files it
shows, and the body images it may not be published with.
"""

from typing import Any

from core.markdown import render_markdown
from core.media import MediaUse, images_without_alt_text, uses_in_html, uses_of_field


class PostImagesMixin:
    """Post's part in the media library; ``Post`` holds the fields."""

    body: str
    body_html: str
    featured_image: Any
    featured_image_alt: str
    author: Any
    author_id: int | None

    def images_without_alt_text(self) -> list[str]:
        """Why the body's images may not be published: each one no reader could have described."""
        html = render_markdown(self.body, figures=False)
        return [
            f"The image {src} in the body has no alt text. Describe it between the brackets, "
            "![like this](…), or mark it decorative in the media library."
            for src in images_without_alt_text(html)
        ]

    def media_in_use(self) -> list[MediaUse]:
        """The library images the post shows (core.media records them)."""
        owner = self.author.user_id if self.author_id else None
        return [
            *uses_in_html("body", self.body_html, owner),
            *uses_of_field("featured image", self.featured_image, self.featured_image_alt, owner),
        ]
