"""
Editors moderate comments and edit the blocklist and crisis phrases; the site
ships with crisis phrases in several languages and a help message, all
editable in the admin.
"""

from importlib import import_module

from django.db import migrations

EDITORS = {
    "comments": ["change_comment", "delete_comment", "view_comment",
                 "add_crisisphrase", "change_crisisphrase", "delete_crisisphrase",
                 "view_crisisphrase", "change_crisishelp", "view_crisishelp"],
    "blog": ["add_blockedphrase", "change_blockedphrase", "delete_blockedphrase",
             "view_blockedphrase"],
}  # fmt: skip

# Words of someone who may be thinking of ending their life or harming
# themselves. A match holds the comment and shows the writer where to get help.
CRISIS_PHRASES = {
    "en": ["suicide", "suicidal", "kill myself", "killing myself", "end my life",
           "ending my life", "take my own life", "want to die", "wanna die", "self harm",
           "self-harm", "hurt myself", "cutting myself", "no reason to live",
           "better off dead", "better off without me"],
    "es": ["suicidio", "suicidarme", "quiero morir", "quiero morirme", "matarme",
           "quitarme la vida", "hacerme daño"],
    "fr": ["suicide", "me suicider", "envie de mourir", "me tuer", "en finir avec la vie"],
    "de": ["selbstmord", "suizid", "mich umbringen", "nicht mehr leben", "will sterben"],
    "pt": ["suicídio", "quero morrer", "me matar", "tirar minha vida"],
    "ru": ["суицид", "самоубийство", "покончить с собой", "хочу умереть", "убить себя"],
    "ar": ["انتحار", "الانتحار", "انتحر", "اريد ان اموت", "اقتل نفسي"],
    "zh": ["自杀", "不想活", "想死"],
    "ja": ["自殺", "死にたい"],
}  # fmt: skip

HELP_MESSAGE = (
    "Thank you for telling us how you feel. It sounds like things are very hard right now, "
    "and you deserve support. If you might act on thoughts of harming yourself, please call "
    "your local emergency number now. In the US, call or text 988 (Suicide & Crisis Lifeline); "
    "in the UK and Ireland, call Samaritans on 116 123; elsewhere, findahelpline.com lists free, "
    "confidential lines in your country. A moderator will read your comment."
)


def forwards(apps, schema_editor) -> None:
    groups = import_module("blog.migrations.0002_editor_and_author_groups")
    groups.ensure_permissions(apps)
    groups.grant(apps, "Editors", EDITORS)
    add_crisis_defaults(apps)


def add_crisis_defaults(apps) -> None:
    CrisisPhrase = apps.get_model("comments", "CrisisPhrase")
    for language, phrases in CRISIS_PHRASES.items():
        for phrase in phrases:
            CrisisPhrase.objects.get_or_create(phrase=phrase, defaults={"language": language})
    CrisisHelp = apps.get_model("comments", "CrisisHelp")
    if not CrisisHelp.objects.exists():
        CrisisHelp.objects.create(message=HELP_MESSAGE)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("blog", "0005_default_blocked_phrases"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
