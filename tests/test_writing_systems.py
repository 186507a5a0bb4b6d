import pytest

from core.writing_systems import analyse, review_reasons

ENGLISH = "Trust grows when small promises are kept, day after day, without an audience."


def test_plain_english_needs_no_review():
    assert review_reasons(ENGLISH) == []


def test_arabic_keyword_at_the_end_of_an_english_post_is_flagged():
    reasons = review_reasons(ENGLISH + " كازينو")
    assert reasons and "كازينو" in reasons[0]


@pytest.mark.parametrize(
    "disguised",
    [
        "саsino",  # Cyrillic с and а
        "viаgra",  # Cyrillic а
        "pοrn",  # Greek omicron
    ],
)
def test_latin_words_with_look_alike_letters_are_flagged(disguised):
    reasons = review_reasons(f"Great post! {disguised} here")
    assert reasons and "mixing alphabets" in reasons[0] and disguised in reasons[0]


def test_text_mostly_in_another_script_is_flagged_even_where_words_are_allowed():
    reasons = review_reasons("Отличная статья, спасибо большое за советы", allow_foreign_words=True)
    assert reasons and "Cyrillic" in reasons[0]


def test_a_quoted_foreign_word_is_fine_in_a_comment():
    text = "My grandmother called it 'сердце', the heart of the matter, and she was right."
    assert review_reasons(text, allow_foreign_words=True) == []
    assert review_reasons(text) != []  # but a post gets a second look


def test_cjk_and_digits_and_accents():
    assert analyse("Café naïve résumé 2024").foreign_words == []
    assert analyse("约会 dating").by_script["HAN"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "Room Nº 5, where she came 1º and he 2ª.",  # the ordinal indicators
        "( &gt; º &lt; )  a cat in ASCII art",  # as in WordPress's Theme Unit Test poem
    ],
)
def test_latin_ordinal_indicators_are_latin_letters(text):
    """º and ª are Latin letters whose Unicode names do not start with LATIN."""
    assert review_reasons(text) == []
