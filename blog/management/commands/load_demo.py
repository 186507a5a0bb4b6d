"""
Load the demo site: logins, authors, posts, comments.

The content is data in the ``demo/`` folder at the project's root (see
demo/README.md), read by ``blog.demo_files``. Each app loads its own part
from a ``demo`` module (authors, then blog, then comments, in INSTALLED_APPS
order), given that content; this command never imports a later app. Running
it twice changes nothing.
"""

import os
import secrets
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from blog.demo_files import read_demo


def demo_password() -> tuple[str, bool]:
    """DEMO_PASSWORD, or one generated on the first run and kept in var/."""
    if password := os.environ.get("DEMO_PASSWORD"):
        return password, False
    path = settings.VAR_DIR / "demo_password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip(), True


def ensure_user(
    username: str, password: str, *, group: str | None = None, superuser: bool = False
) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.com", "is_staff": True, "is_superuser": superuser},
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class Command(BaseCommand):
    help = "Load the demo content (idempotent)."

    def handle(self, *args, **options) -> None:
        content = read_demo()
        password, generated = demo_password()
        with transaction.atomic():
            ensure_user("admin", password, superuser=True)
            ensure_user("editor", password, group="Editors")
            for author in content.AUTHORS:
                ensure_user(author["username"], password, group="Authors")
            for app_config in apps.get_app_configs():
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load(content, self.stdout)

        author_logins = ", ".join(author["username"] for author in content.AUTHORS)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        self.stdout.write(
            f"  Logins: admin (superuser), editor (Editors), {author_logins} (Authors)"
        )
        if generated:
            self.stdout.write(
                f"  Password for all of them: {password}  (set DEMO_PASSWORD to choose one)"
            )
        else:
            self.stdout.write("  Password for all of them: the value of DEMO_PASSWORD")
