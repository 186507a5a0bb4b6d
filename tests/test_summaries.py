"""The automatic summary (core.markdown.lead_text): whole sentences, never a colon."""

from core.markdown import lead_text


def test_a_paragraph_introducing_a_list_gives_the_sentences_before_its_colon():
    body = "Trust comes back slowly. Here are five signs it is returning:\n\n- one\n- two"
    assert lead_text(body) == "Trust comes back slowly."


def test_a_paragraph_that_is_only_an_introduction_gives_way_to_the_next_prose():
    body = "Here are five signs:\n\n- one\n- two\n\nNone of them is *quick*. Each takes time."
    assert lead_text(body) == "None of them is quick. Each takes time."


def test_an_introduction_with_nothing_after_it_ends_on_a_full_stop():
    assert lead_text("Here are five signs:\n\n1. one\n2. two") == "Here are five signs."


def test_a_long_first_paragraph_gives_whole_sentences_within_the_limit():
    sentence = "We argued about money again, e.g. rent, and 2.5 hours went by."
    summary = lead_text(" ".join([sentence] * 10))
    assert len(summary) <= 300
    assert summary == " ".join([sentence] * (300 // (len(sentence) + 1)))
    assert summary.endswith("went by.")


def test_one_overlong_sentence_is_cut_between_words():
    summary = lead_text("and " * 100 + "the end.")
    assert len(summary) <= 300
    assert summary.endswith("and…") and "an…" not in summary


def test_a_short_paragraph_is_kept_whole():
    assert lead_text("# Title\n\nA short one.\n\nA second paragraph.") == "A short one."


def test_markdown_formatting_is_stripped():
    body = "![photo](/a.jpg)\n\nSee [our guide](/guide/) on **repair** and `talking`. Then rest."
    assert lead_text(body) == "See our guide on repair and talking. Then rest."


def test_no_summary_ever_ends_on_a_colon_or_mid_sentence():
    bodies = [
        "Signs:\n\n- a",
        "First. Then these:\n\n* a\n\nLater: more text here.",
        "x" * 400,
        "Words " * 80,
    ]
    for body in bodies:
        summary = lead_text(body)
        assert not summary.endswith(":"), body
        assert summary[-1] in ".!?…", (body, summary)
