"""The counted clicks on authors' booking links (counted by ``authors.booking``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .profiles import Author


class BookingClick(models.Model):
    """
    One counted click on a booking link: which author, from which post (or
    from the profile, the directory with its filters, or elsewhere), and when. A reader
    clicking again within half an hour is not counted again
    (authors.booking); to know her, the click keeps a keyed hash of her
    address and browser for those 30 minutes only, then forgets it.
    """

    class Source(models.TextChoices):
        POST = "post", "Posts"
        # A therapist a post suggested ("Therapists who work with…"): any author's post.
        SUGGESTED = "suggested", "Post suggestions"
        PROFILE = "profile", "Profile"
        # Stored as "list" since the directory was a plain list of authors.
        DIRECTORY = "list", "Directory"
        ELSEWHERE = "elsewhere", "Elsewhere"

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="booking_clicks")
    # The post's primary key, not a foreign key: authors cannot depend on blog.
    post_pk = models.PositiveBigIntegerField("post", null=True, blank=True)
    source = models.CharField(
        max_length=10, choices=Source, default=Source.ELSEWHERE, editable=False
    )
    # The directory's filters the reader had chosen, as a query string of the
    # allowed parameters only (authors.directory_filters), e.g. "focus=grief&in=Oregon".
    filters = models.CharField(max_length=300, blank=True, default="", editable=False)
    # HMAC (SECRET_KEY) of address and user agent; emptied after 30 minutes.
    visitor = models.CharField(max_length=64, blank=True, default="", editable=False)
    clicked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-clicked_at"]
        indexes = [
            models.Index(fields=["author", "clicked_at"]),
            # The dashboard's recent weeks and top posts (blog, authors
            # dashboard.py): a range on the date that needs no table lookups.
            models.Index(fields=["clicked_at", "author", "post_pk"], name="bookingclick_recent"),
            # The few clicks whose visitor hash is still kept (the last 30 minutes).
            models.Index(
                fields=["clicked_at"], condition=~Q(visitor=""), name="bookingclick_visitor_kept"
            ),
        ]

    def __str__(self) -> str:
        return f"Booking click for {self.author} at {self.clicked_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return self.author.get_absolute_url()
