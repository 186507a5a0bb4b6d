"""The authors' part of the demo (see blog/management/commands/load_demo.py)."""

from django.contrib.auth import get_user_model

from .integrity import seal
from .models import Author
from .portraits import draw_portrait


def load(content, stdout) -> None:
    User = get_user_model()
    for data in content.AUTHORS:
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "user": User.objects.filter(username=data["username"]).first(),
                "name": data["name"],
                "headline": data["headline"],
                "short_bio": data["short_bio"],
                "booking_url": data["booking_url"],
                "booking_label": data["pronoun_label"],
            },
        )
        if not author.photo:
            author.photo = draw_portrait(data["name"], data["colour"])
            author.save()  # saving seals the profile (authors.integrity)
        elif not author.admin_hash:
            seal(author)  # loaded before seals existed
    stdout.write(f"  {len(content.AUTHORS)} authors")
