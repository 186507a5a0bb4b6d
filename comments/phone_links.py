"""
Phone numbers in the crisis help message as links a phone can call (issue 17).

A writer whose comment is held for crisis language reads the help message at
once, most often on a phone: a number there must be one tap away. Editors
write the message as plain text (``CrisisHelp``); numbers are found in it with
libphonenumber's rules (the ``phonenumbers`` package), never by a pattern of
our own.

- A full number ("+44 808 164 0123", "1-800-273-8255") links to its E.164
  form, ``tel:+18002738255``, which dials from any country.
- A short crisis line ("988", "116 123") has no E.164 form: ``tel:+1988`` does
  not connect. It links to its digits, ``tel:988``, as the lines' own sites do,
  and only when it is a free, non-carrier short number in one of the regions of
  COMMENTS_PHONE_REGIONS (so "in 2026" or "24 hours" stay text).

National numbers are read in those regions, the first one winning.
"""

import re
from collections.abc import Iterator, Sequence

import phonenumbers
from django.conf import settings
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from phonenumbers import shortnumberinfo

DEFAULT_REGIONS = ("US", "GB", "IE", "CA")

# Where a short line may stand: three digits, or six in two groups ("116 123"),
# not part of a longer run of digits, letters or a hyphenated number.
SHORT_NUMBER = re.compile(r"(?<![\w+-])\d{3}(?:[ -]?\d{3})?(?![\w-])", re.ASCII)

Span = tuple[int, int, str]  # start, end, the tel: address


def phone_regions() -> Sequence[str]:
    """COMMENTS_PHONE_REGIONS less the codes libphonenumber does not know: a typo fails no page."""
    regions = getattr(settings, "COMMENTS_PHONE_REGIONS", None) or DEFAULT_REGIONS
    known = [
        region.upper() for region in regions if region.upper() in phonenumbers.SUPPORTED_REGIONS
    ]
    return known or DEFAULT_REGIONS


def phone_numbers_in(text: str, regions: Sequence[str] | None = None) -> list[Span]:
    """Every callable number in ``text``, in order, as (start, end, tel: address)."""
    regions = phone_regions() if regions is None else regions
    spans: list[Span] = []
    for start, end, address in _full_numbers(text, regions):
        if not _overlaps(spans, start, end):
            spans.append((start, end, address))
    for match in SHORT_NUMBER.finditer(text):
        if _overlaps(spans, match.start(), match.end()):
            continue
        digits = re.sub(r"\D", "", match.group())
        if any(_is_free_short_line(digits, region) for region in regions):
            spans.append((match.start(), match.end(), f"tel:{digits}"))
    return sorted(spans)


def linked_phone_numbers(text: str) -> SafeString:
    """``text`` escaped, with paragraphs and line breaks, its numbers as tel: links."""
    parts, position = [], 0
    for start, end, address in phone_numbers_in(text):
        parts.append(escape(text[position:start]))
        parts.append(format_html('<a href="{}">{}</a>', address, text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    # Every part is escaped above: linebreaks only adds <p> and <br>.
    return mark_safe(linebreaks(mark_safe("".join(parts)), autoescape=False))


def _full_numbers(text: str, regions: Sequence[str]) -> Iterator[Span]:
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            yield match.start, match.end, f"tel:{e164}"


def _is_free_short_line(digits: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:  # "011" is the US's prefix for abroad, say
        return False
    return (
        shortnumberinfo.is_valid_short_number_for_region(number, region)
        and not shortnumberinfo.is_carrier_specific_for_region(number, region)
        and shortnumberinfo.expected_cost_for_region(number, region)
        == shortnumberinfo.ShortNumberCost.TOLL_FREE
    )


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end, _ in spans)
