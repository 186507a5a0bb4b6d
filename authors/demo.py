"""The authors' part of the demo (see blog/management/commands/load_demo.py)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.integrity import seal

from .models import Approach, Author, Credential, FocusArea, Language
from .portraits import draw_portrait

# Who the demo says verified the verified credentials: the demo editor login.
VERIFYING_EDITOR = "editor"


# directory.yaml's sections and the models they fill.
DIRECTORY_LISTS = {"focus_areas": FocusArea, "approaches": Approach, "languages": Language}


def load_directory_lists(lists: dict) -> None:
    for section, model in DIRECTORY_LISTS.items():
        for entry in lists.get(section, []):
            model.objects.get_or_create(slug=entry["slug"], defaults={"name": entry["name"]})


def set_directory_facts(author: Author, facts: dict, today) -> None:
    """A new demo author's directory entry (directory: in authors.yaml)."""
    for section, model in DIRECTORY_LISTS.items():
        getattr(author, section).set(model.objects.filter(slug__in=facts.get(section, [])))
    author.offers_in_person = bool(facts.get("in_person"))
    author.in_person_location = facts.get("in_person", "")
    author.offers_online = facts.get("online", False)
    author.accepting_clients = facts.get("accepting", False)
    if author.accepting_clients:
        author.accepting_confirmed_on = today - timedelta(days=facts.get("confirmed_days_ago", 0))
    author.fees = facts.get("fees", "")
    author.payment_options = facts.get("payment_options", "")
    author.full_clean()  # screened like a profile saved in the admin
    author.save()


def load(content, stdout) -> None:
    User = get_user_model()
    load_directory_lists(content.DIRECTORY)
    editor = User.objects.filter(username=VERIFYING_EDITOR).first()
    today = timezone.localdate()
    credentials = verified = 0
    for data in content.AUTHORS:
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "user": User.objects.filter(username=data["username"]).first(),
                "name": data["name"],
                "headline": data["headline"],
                "short_bio": data["short_bio"],
                "bio": data.get("bio", ""),
                "booking_url": data["booking_url"],
                "booking_label": data["booking_label"],
                "website": data.get("website", ""),
            },
        )
        if created and "directory" in data:
            set_directory_facts(author, data["directory"], today)
        if not author.photo:
            author.photo = draw_portrait(
                data["name"], data["colour"], data.get("portrait_size", 480)
            )
            author.save()  # saving seals the profile (core.integrity)
        elif not author.content_seal:
            seal(author)  # loaded before seals existed
        for position, item in enumerate(data.get("credentials", []), start=1):
            expires = item.get("expires_in_days")
            credential, created = Credential.objects.get_or_create(
                author=author,
                abbreviation=item["abbreviation"],
                defaults={
                    "title": item["title"],
                    "kind": item["kind"],
                    "issuer": item.get("issuer", ""),
                    "jurisdiction": item.get("jurisdiction", ""),
                    "licence_number": item.get("licence_number", ""),
                    "expires_on": None if expires is None else today + timedelta(days=expires),
                    "position": position,
                },
            )
            if created and item.get("verified"):
                credential.mark_verified(editor)
                credential.save()
            credentials += 1
            verified += credential.is_verified
    stdout.write(
        f"  {len(content.AUTHORS)} authors with {credentials} credentials ({verified} verified)"
    )
