"""
The therapist directory at /authors/ (issue 17): filters and their counts,
licences as the only source of where an author practises, availability that
goes stale, the page cache's key, the profile's facts and structured data,
where booking clicks came from, and the therapists a post suggests.
"""

import itertools
import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from authors.directory import DirectoryFilters
from authors.models import Approach, Author, BookingClick, Credential, FocusArea, Language
from authors.page_cache import next_availability_lapse
from blog.models import BlockedPhrase

from .admin_forms import unchanged_submission
from .directory_people import therapist

TODAY = timezone.localdate


@pytest.fixture
def lists(db):
    """The editors' lists."""
    return {
        "anxiety": FocusArea.objects.create(name="Anxiety", slug="anxiety"),
        "couples": FocusArea.objects.create(name="Couples", slug="couples"),
        "grief": FocusArea.objects.create(name="Grief", slug="grief"),
        "eft": Approach.objects.create(name="EFT", slug="eft"),
        "cbt": Approach.objects.create(name="CBT", slug="cbt"),
        "es": Language.objects.create(name="Spanish", slug="es"),
        "en": Language.objects.create(name="English", slug="en"),
    }


@pytest.fixture
def therapists(lists):
    return {
        "ana": therapist(
            "Ana Diaz",
            focus=[lists["anxiety"], lists["grief"]],
            approaches=[lists["cbt"]],
            languages=[lists["es"], lists["en"]],
            licensed_in=["Oregon"],
        ),
        "bea": therapist(
            "Bea Stone",
            focus=[lists["couples"], lists["anxiety"]],
            approaches=[lists["eft"]],
            languages=[lists["en"]],
            licensed_in=["Oregon", "Washington"],
            offers_in_person=True,
            in_person_location="Portland, Oregon",
            offers_online=False,
        ),
        "cam": therapist(
            "Cam Lee",
            focus=[lists["couples"]],
            approaches=[lists["eft"]],
            languages=[lists["es"]],
            licensed_in=["Colorado"],
            accepting_clients=False,
        ),
    }


# What the reader sees, read from the HTML (the pages are Jinja2 templates,
# whose context Django's test client does not record).


def names(response) -> list[str]:
    """The therapists the directory lists, in order."""
    return _entry_names(response.content.decode(), "h2")


def counts(response, parameter: str) -> dict[str, int]:
    """A filter's options with the number each shows ("Oregon (2)")."""
    html = response.content.decode()
    section = re.search(
        rf'<section aria-labelledby="facet-{re.escape(parameter)}">(.*?)</section>', html, re.S
    )
    if section is None:  # a filter without options is not shown
        return {}
    return {
        unescape(label): int(count)
        for label, count in re.findall(r">([^<>]+) \((\d+)\)(?: ×)?</", section.group(1))
    }


def no_filter_chosen(response) -> bool:
    html = response.content.decode()
    return 'aria-current="true"' not in html and "Clear all filters" not in html


def _entry_names(html: str, heading: str) -> list[str]:
    return [
        unescape(name)
        for name in re.findall(
            rf'<{heading} class="author-card__name">\s*<a href="[^"]*">([^<]*)</a>', html
        )
    ]


def suggestions(response) -> str | None:
    """The "Therapists who work with" section under a post, or None."""
    found = re.search(r'<section class="suggestions".*?</section>', response.content.decode(), re.S)
    return found.group(0) if found else None


def suggested_names(response) -> list[str]:
    return _entry_names(suggestions(response) or "", "h3")


def suggested_place(response) -> str:
    """The place chosen in the suggestions' "Where do you live?" list ("" for anywhere)."""
    found = re.search(r"<option selected>([^<]*)</option>", suggestions(response) or "")
    return unescape(found.group(1)) if found else ""


# --- Filters and counts --------------------------------------------------------


def test_unfiltered_directory_lists_every_active_author_with_counts(client, therapists):
    Author.objects.create(name="Gone Away", slug="gone-away", is_active=False)
    response = client.get("/authors/")
    assert names(response) == ["Ana Diaz", "Bea Stone", "Cam Lee"]
    assert counts(response, "focus") == {"Anxiety": 2, "Couples": 2, "Grief": 1}
    assert counts(response, "language") == {"English": 2, "Spanish": 2}
    assert counts(response, "format") == {"In person": 1, "Online": 2}
    assert counts(response, "in") == {"Colorado": 1, "Oregon": 2, "Washington": 1}
    assert counts(response, "accepting") == {"Accepting new clients": 2}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("focus=anxiety", ["Ana Diaz", "Bea Stone"]),
        ("focus=anxiety&language=es", ["Ana Diaz"]),
        ("focus=couples&approach=eft", ["Bea Stone", "Cam Lee"]),
        ("focus=couples&approach=eft&accepting=1", ["Bea Stone"]),
        ("in=oregon&format=in-person", ["Bea Stone"]),
        ("in=Washington", ["Bea Stone"]),
        ("format=online&language=es&focus=anxiety&in=Oregon&accepting=1", ["Ana Diaz"]),
        ("focus=grief&in=Colorado", []),
    ],
)
def test_filters_combine(client, therapists, query, expected):
    assert names(client.get(f"/authors/?{query}")) == expected


def test_each_count_is_what_choosing_that_option_would_leave(client, therapists):
    response = client.get("/authors/?focus=couples")
    # Other facets count among the couples therapists...
    assert counts(response, "language") == {"English": 1, "Spanish": 1}
    assert counts(response, "in") == {"Colorado": 1, "Oregon": 1, "Washington": 1}
    assert counts(response, "accepting") == {"Accepting new clients": 1}
    # ...and the chosen facet counts as if it were not chosen (switching is one click).
    assert counts(response, "focus") == {"Anxiety": 2, "Couples": 2, "Grief": 1}
    for label, count in [("English", 1), ("Anxiety", 2)]:
        assert f"{label} ({count})" in response.content.decode()


def test_options_are_plain_links_that_keep_the_other_filters(client, therapists):
    html = client.get("/authors/?focus=couples&in=Oregon").content.decode()
    assert '<a href="?focus=couples&amp;in=Oregon&amp;accepting=1"' in html
    # The chosen one links to the page without it.
    assert re.search(r'<a href="\?in=Oregon" aria-current="true"[^>]*>Couples', html)
    assert "<form" not in html.split('class="facets"')[1].split("</nav>")[0]


@pytest.mark.parametrize(
    "query",
    [
        "focus=not-a-focus",
        "focus=%3Cscript%3E",
        "approach=" + "x" * 500,
        "in=Narnia",
        "in=%00%01",
        "format=telepathy",
        "accepting=maybe",
        "utm_source=newsletter&page=9&focus[]=anxiety",
        "focus=anxiety&focus=",
    ],
)
def test_unknown_and_garbage_parameters_are_ignored(client, therapists, query):
    response = client.get(f"/authors/?{query}")
    assert response.status_code == 200
    assert names(response) == ["Ana Diaz", "Bea Stone", "Cam Lee"]
    assert no_filter_chosen(response)


# --- Licences: the only source of where an author practises --------------------


def test_only_verified_unexpired_licences_say_where_an_author_practises(client, lists, editor):
    yesterday = TODAY() - timedelta(days=1)
    ana = therapist("Ana Diaz", licensed_in=[("Oregon", yesterday), ("Idaho", TODAY())])
    # Self-declared (not verified) and a degree with a jurisdiction do not count either.
    Credential.objects.create(
        author=ana, abbreviation="LPC", title="Licence", kind="licence", jurisdiction="Utah"
    )
    degree = Credential(
        author=ana, abbreviation="MA", title="MA", kind="degree", jurisdiction="Nevada"
    )
    degree.mark_verified(editor)
    degree.save()
    assert list(Author.objects.licensed_in("Oregon")) == []
    assert list(Author.objects.licensed_in(" idaho ")) == [ana]
    assert list(Author.objects.licensed_in("Utah")) == []
    assert list(Author.objects.licensed_in("Nevada")) == []
    response = client.get("/authors/")
    assert counts(response, "in") == {"Idaho": 1}
    assert "Licensed in</span> Idaho" in response.content.decode()


def test_a_licence_that_expires_stops_counting_by_itself(client, lists):
    ana = therapist("Ana Diaz", licensed_in=[("Oregon", TODAY())])
    assert names(client.get("/authors/?in=Oregon")) == ["Ana Diaz"]
    # The next day (its expiry date now in the past), without any save.
    Credential.objects.filter(author=ana).update(expires_on=TODAY() - timedelta(days=1))
    cache.clear()
    response = client.get("/authors/?in=Oregon")
    assert no_filter_chosen(response)  # no such place any more
    assert counts(response, "in") == {}
    assert list(Author.objects.licensed_in("Oregon")) == []


# --- Availability --------------------------------------------------------------


def test_availability_older_than_90_days_is_not_confirmed_recently(client, lists):
    ana = therapist("Ana Diaz")
    assert ana.accepting_confirmed_on == TODAY()
    assert ana.availability == "Accepting new clients"
    Author.objects.filter(pk=ana.pk).update(accepting_confirmed_on=TODAY() - timedelta(days=91))
    ana.refresh_from_db()
    assert ana.availability == "Availability not confirmed recently"
    html = client.get("/authors/").content.decode()
    assert "Availability not confirmed recently" in html
    assert names(client.get("/authors/?accepting=1")) == []
    Author.objects.filter(pk=ana.pk).update(accepting_confirmed_on=TODAY() - timedelta(days=90))
    cache.clear()
    assert names(client.get("/authors/?accepting=1")) == ["Ana Diaz"]


def test_saving_the_profile_with_the_box_ticked_confirms_it_again(client, lists, author):
    Author.objects.filter(pk=author.pk).update(
        accepting_clients=True, accepting_confirmed_on=TODAY() - timedelta(days=200)
    )
    client.force_login(author.user)
    response = client.get(f"/admin/authors/author/{author.pk}/change/")
    assert "Saving your profile with this ticked confirms it" in response.content.decode()
    data = admin_form_data(response)
    assert client.post(f"/admin/authors/author/{author.pk}/change/", data).status_code == 302
    author.refresh_from_db()
    assert author.accepting_confirmed_on == TODAY()
    assert author.availability == "Accepting new clients"


def admin_form_data(response) -> dict:
    return unchanged_submission(response.content.decode(), "author_form")


# --- Queries and the page cache --------------------------------------------------


def combinations():
    values = {
        "focus": ["", "anxiety", "couples", "unknown"],
        "approach": ["", "eft"],
        "language": ["", "es"],
        "format": ["", "online", "in-person"],
        "in": ["", "Oregon", "Narnia"],
        "accepting": ["", "1"],
    }
    every = itertools.product(*values.values())
    # Every 7th of the 288, and the fullest one: a spread over every filter.
    chosen = [combo for n, combo in enumerate(every) if n % 7 == 0] + [
        ("couples", "eft", "es", "online", "Oregon", "1")
    ]
    for combo in chosen:
        yield "&".join(f"{k}={v}" for k, v in zip(values, combo, strict=True) if v)


def test_no_filter_combination_makes_more_queries_than_the_unfiltered_page(
    client, therapists, django_assert_max_num_queries
):
    """The facets' counts are one query each, whatever is chosen (no query per option)."""
    cache.clear()
    with CaptureQueriesContext(connection) as unfiltered:
        client.get("/authors/")
    for number in range(4):  # more authors, more terms: still the same queries
        therapist(
            f"Extra{number} Person",
            focus=[FocusArea.objects.create(name=f"Topic {number}", slug=f"topic-{number}")],
            licensed_in=[f"State {number}"],
        )
    queries = list(combinations())
    assert len(queries) > 40
    for query in queries:
        cache.clear()
        with django_assert_max_num_queries(len(unfiltered)):
            assert client.get(f"/authors/?{query}").status_code == 200


def test_page_cache_keys_the_directory_on_its_allowed_parameters_only(client, therapists, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    cache.clear()
    first = client.get("/authors/?focus=anxiety")
    assert first["X-Page-Cache"] == "miss"
    # Other parameters do not make another copy...
    again = client.get("/authors/?utm_source=x&focus=anxiety&nonsense=1")
    assert again["X-Page-Cache"] == "hit"
    assert names(first) == ["Ana Diaz", "Bea Stone"]
    # ...every allowed one does.
    assert client.get("/authors/?focus=anxiety&in=Oregon")["X-Page-Cache"] == "miss"
    assert client.get("/authors/?focus=couples")["X-Page-Cache"] == "miss"
    # Saving an author changes what the directory shows.
    therapists["cam"].save()
    assert client.get("/authors/?focus=anxiety")["X-Page-Cache"] == "miss"


# --- Profiles and structured data --------------------------------------------------


def test_profile_shows_the_directory_facts(client, therapists):
    bea = therapists["bea"]
    bea.fees = "$120–$180 a session"
    bea.payment_options = "Sliding scale available"
    bea.save()
    html = client.get(bea.get_absolute_url()).content.decode()
    for text in [
        "Works with</span> Anxiety, Couples",
        "Approaches</span> EFT",
        "Sessions</span> In person (Portland, Oregon)",
        "Languages</span> English",
        "Licensed in</span> Oregon, Washington",
        "Fees</span> $120–$180 a session",
        "Payment</span> Sliding scale available",
        "Accepting new clients",
    ]:
        assert text in html


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        )
    ]


def test_profile_structured_data_says_what_she_knows_and_verified_credentials_only(
    client, therapists
):
    ana = therapists["ana"]
    Credential.objects.create(author=ana, abbreviation="PhD", title="Doctorate", kind="degree")
    html = client.get(ana.get_absolute_url()).content.decode()
    (page,) = [data for data in json_ld(html) if data["@type"] == "ProfilePage"]
    person = page["mainEntity"]
    assert person["@type"] == "Person"
    assert person["knowsAbout"] == ["Anxiety", "Grief", "CBT"]
    assert person["knowsLanguage"] == [
        {"@type": "Language", "name": "English", "alternateName": "en"},
        {"@type": "Language", "name": "Spanish", "alternateName": "es"},
    ]
    assert [c["name"] for c in person["hasCredential"]] == ["Licensed Professional Counselor"]


# --- Booking clicks: where they came from ------------------------------------------


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def test_directory_booking_links_carry_the_filters_and_the_click_records_them(client, therapists):
    html = client.get("/authors/?focus=anxiety&in=oregon&utm_source=x").content.decode()
    link = "/authors/ana-diaz/book/?via=directory&amp;focus=anxiety&amp;in=Oregon"
    assert f'href="{link}"' in html
    response = client.get(link.replace("&amp;", "&"), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    click = BookingClick.objects.get()
    assert (click.source, click.filters) == ("list", "focus=anxiety&in=Oregon")


def test_the_report_shows_the_directory_filters_readers_chose(client, therapists, editor):
    for number, query in enumerate(
        [
            "via=directory&focus=anxiety&in=Oregon",
            "via=directory&focus=anxiety&in=Oregon",
            "via=directory",
            "via=profile",
        ]
    ):
        client.get(
            f"/authors/ana-diaz/book/?{query}",
            HTTP_USER_AGENT=BROWSER,
            REMOTE_ADDR=f"203.0.113.{number}",
        )
    assert BookingClick.objects.count() == 4
    client.force_login(editor)
    html = client.get("/admin/authors/bookingclick/").content.decode()
    assert "From: Directory" in html and "From: Post suggestions" in html
    assert "<li>focus area anxiety · licensed in Oregon: 2</li>" in html


def test_filters_in_a_booking_link_are_kept_only_in_their_checked_shape(client, therapists):
    client.get(
        "/authors/ana-diaz/book/?via=directory&focus=%3Cb%3E&in=Oregon&evil=1",
        HTTP_USER_AGENT=BROWSER,
    )
    assert BookingClick.objects.get().filters == "in=Oregon"
    assert DirectoryFilters(focus="grief", accepting=True).query == "focus=grief&accepting=1"


# --- Post -> therapists -------------------------------------------------------------


@pytest.fixture
def anxiety_post(make_post, lists):
    post = make_post(title="When worry runs the house", slug="worry")
    post.focus_areas.set([lists["anxiety"]])
    return post


def test_a_post_suggests_up_to_three_accepting_therapists_who_work_with_its_focus(
    client, therapists, anxiety_post, lists
):
    for name in ["Dee Park", "Eve Moss", "Fay Hart"]:
        therapist(name, focus=[lists["anxiety"]], licensed_in=["Idaho"])
    therapist("Gil Not Accepting", focus=[lists["anxiety"]], accepting_clients=False)
    response = client.get(anxiety_post.get_absolute_url())
    assert suggested_names(response) == ["Ana Diaz", "Bea Stone", "Dee Park"]
    availability = re.findall(
        r'<li class="facts__availability">([^<]*)</li>', suggestions(response)
    )
    assert availability == ["Accepting new clients"] * 3
    html = response.content.decode()
    assert "Therapists who work with anxiety" in html
    assert 'href="/authors/?focus=anxiety&amp;accepting=1"' in html
    assert 'href="/authors/ana-diaz/book/?via=suggested&amp;from=worry"' in html


def test_suggestions_follow_the_jurisdiction_the_reader_chose(client, therapists, anxiety_post):
    response = client.get(anxiety_post.get_absolute_url() + "?in=washington")
    assert suggested_place(response) == "Washington"
    assert suggested_names(response) == ["Bea Stone"]
    html = response.content.decode()
    assert "<option selected>Washington</option>" in html
    assert 'href="/authors/?focus=anxiety&amp;in=Washington&amp;accepting=1"' in html
    # An unknown place is ignored: everyone's suggestions.
    response = client.get(anxiety_post.get_absolute_url() + "?in=Atlantis")
    assert suggested_place(response) == ""
    assert len(suggested_names(response)) == 2


def test_a_post_without_focus_areas_suggests_nobody(client, therapists, make_post):
    post = make_post()
    response = client.get(post.get_absolute_url())
    assert suggestions(response) is None
    assert "Therapists who work with" not in response.content.decode()


def test_post_page_with_suggestions_stays_cacheable_per_jurisdiction(
    client, therapists, anxiety_post, settings
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CLOCK_SKEW = 0
    cache.clear()
    url = anxiety_post.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url + "?in=Oregon")["X-Page-Cache"] == "miss"
    assert client.get(url + "?in=Oregon&fbclid=1")["X-Page-Cache"] == "hit"
    # A therapist who stops accepting clients leaves the suggestions at once.
    therapists["ana"].accepting_clients = False
    therapists["ana"].save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert suggested_names(response) == ["Bea Stone"]


def test_a_suggested_therapist_click_records_the_post_it_came_from(
    client, therapists, anxiety_post
):
    client.get(
        "/authors/bea-stone/book/?via=suggested&from=worry&in=Oregon", HTTP_USER_AGENT=BROWSER
    )
    click = BookingClick.objects.get()
    assert (click.source, click.post_pk, click.filters) == (
        "suggested",
        anxiety_post.pk,
        "in=Oregon",
    )


# --- Who keeps what ---------------------------------------------------------------


def test_an_author_edits_only_her_own_directory_facts(client, author, second_author, lists):
    client.force_login(author.user)
    assert client.get(f"/admin/authors/author/{second_author.pk}/change/").status_code in (302, 403)
    response = client.get(f"/admin/authors/author/{author.pk}/change/")
    data = admin_form_data(response)
    data.update(
        focus_areas=[lists["grief"].pk],
        languages=[lists["es"].pk],
        offers_online="on",
        fees="$90",
    )
    assert client.post(f"/admin/authors/author/{author.pk}/change/", data).status_code == 302
    author.refresh_from_db()
    assert list(author.focus_areas.all()) == [lists["grief"]] and author.fees == "$90"
    # The lists themselves are the editors'.
    assert client.get("/admin/authors/focusarea/add/").status_code == 403


def test_in_person_sessions_need_a_place(author, lists):
    author.offers_in_person = True
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "in_person_location" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("in_person_location", "Above the ᴄᴀsɪɴᴏ, Reno"),
        ("fees", "Free with every v.i.a.g.r.a order"),
        ("payment_options", "Sliding scale; casino chips accepted"),
    ],
)
def test_directory_text_is_screened_like_the_rest_of_the_profile(client, author, field, value):
    for phrase in ("casino", "viagra"):
        BlockedPhrase.objects.get_or_create(phrase=phrase)
    client.force_login(author.user)
    response = client.get(f"/admin/authors/author/{author.pk}/change/")
    data = admin_form_data(response)
    data.update(offers_in_person="on", in_person_location="Portland")
    data[field] = value
    response = client.post(f"/admin/authors/author/{author.pk}/change/", data)
    assert response.status_code == 200  # the form again, with what she typed
    html = response.content.decode()
    assert "spam blocklist" in html and escape(value) in html
    author.refresh_from_db()
    assert getattr(author, field) != value


def test_pages_showing_availability_end_when_the_next_confirmation_lapses(lists):
    ana = therapist("Ana Diaz")
    Author.objects.filter(pk=ana.pk).update(accepting_confirmed_on=TODAY() - timedelta(days=10))
    therapist("Bea Stone")  # confirmed today: lapses later
    therapist("Cam Lee", accepting_clients=False)
    cache.clear()
    lapse = next_availability_lapse()
    assert timezone.localdate(lapse) == TODAY() + timedelta(days=81)
    assert (timezone.localtime(lapse).hour, timezone.localtime(lapse).minute) == (0, 0)
    ana.refresh_from_db()
    assert ana.availability_lapses_at == lapse


@pytest.mark.parametrize("extra", [0, 6])
def test_suggestions_cost_the_same_queries_however_many_therapists(
    client, lists, anxiety_post, extra, django_assert_max_num_queries
):
    """Credentials and lists' terms of the suggested therapists are not read one by one."""
    therapist("Ana Diaz", focus=[lists["anxiety"]], licensed_in=["Oregon"])
    for number in range(extra):
        therapist(f"Extra{number} Person", focus=[lists["anxiety"]], licensed_in=["Idaho"])
    cache.clear()
    # The post page as before, plus: its focus areas, the places, the
    # therapists, their credentials, their lists' terms.
    with django_assert_max_num_queries(15):
        response = client.get(anxiety_post.get_absolute_url())
    assert len(suggested_names(response)) == min(1 + extra, 3)


def test_an_author_names_the_focus_areas_of_her_own_post(client, author, make_post, lists):
    post = make_post(status="draft")
    client.force_login(author.user)
    url = f"/admin/blog/post/{post.pk}/change/"
    data = unchanged_submission(client.get(url).content.decode(), "post_form")
    data["focus_areas"] = [str(lists["anxiety"].pk), str(lists["grief"].pk)]
    assert client.post(url, data).status_code == 302
    assert sorted(post.focus_areas.values_list("slug", flat=True)) == ["anxiety", "grief"]
