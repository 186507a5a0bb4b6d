"""
The blocklist the site ships with: adult, pharma and gambling spam as it
arrives in comment forms, in Latin, Cyrillic, Arabic and CJK scripts. Kept to the terms
spam uses, not words readers of a relationship blog use in earnest ("sex",
"sexual" and "drugs" are deliberately absent). Editors extend it in the admin.
"""

from django.db import migrations

PHRASES = {
    "pharma": {
        "en": ["viagra", "cialis", "levitra", "kamagra", "tadalafil", "sildenafil", "tramadol",
               "online pharmacy", "cheap pills", "pills without prescription",
               "no prescription needed", "buy pills online", "male enhancement", "erection pills"],
        "es": ["farmacia online", "sin receta"],
        "de": ["potenzmittel", "ohne rezept"],
        "fr": ["sans ordonnance"],
        "ru": ["виагра", "сиалис", "купить виагру", "без рецепта", "аптека онлайн"],
        "ar": ["فياجرا", "فياغرا", "سياليس", "حبوب الانتصاب"],
        "zh": ["伟哥", "威而鋼", "壮阳药", "春药"],
        "ja": ["バイアグラ", "精力剤"],
    },
    "other": {
        "en": ["online casino", "casino bonus", "free spins"],
        "ru": ["онлайн казино"],
        "ar": ["كازينو"],
        "zh": ["网上赌场", "博彩"],
    },
    "adult": {
        "en": ["porn", "porno", "pornhub", "xxx", "xvideos", "sex cam", "sex cams", "live sex",
               "adult dating", "hot singles", "escort service", "escort girls", "nude pics",
               "onlyfans leaks", "webcam girls", "hookup tonight"],
        "es": ["videos porno", "chicas calientes"],
        "de": ["pornos", "sexkontakte"],
        "fr": ["rencontre coquine", "sexe gratuit"],
        "ru": ["порно", "секс знакомства", "интим услуги", "проститутки", "эскорт услуги"],
        "ar": ["سكس", "افلام سكس", "سكس عربي", "مواقع اباحية", "اباحي"],
        "zh": ["色情", "成人视频", "成人影片", "援交", "约炮", "黄色网站"],
        "ja": ["アダルト動画", "出会い系", "エロ動画"],
        "ko": ["성인방송", "야동"],
    },
}  # fmt: skip


def add_phrases(apps, schema_editor) -> None:
    BlockedPhrase = apps.get_model("blog", "BlockedPhrase")
    for kind, by_language in PHRASES.items():
        for language, phrases in by_language.items():
            for phrase in phrases:
                BlockedPhrase.objects.get_or_create(
                    phrase=phrase, defaults={"kind": kind, "language": language}
                )


class Migration(migrations.Migration):
    dependencies = [("blog", "0004_comments_open_and_blocklist")]

    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
