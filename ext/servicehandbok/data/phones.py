"""Phone numbers in text, found and compared as a reader would recognise them (libphonenumber).

One rule for every use: a contact's phone field is split into numbers to link, free text is
searched for numbers the contacts option hides, and ``check`` warns about numbers in free text.
A number counts only where it is written as a phone number is: with a leading ``0`` or ``+``
(perhaps in brackets) and at least eight digits, so amounts (``750 000``), years (``2014–2020``) and dates are not.
"""

from __future__ import annotations

import re

import phonenumbers

REGION = "SE"
_DIGITS = re.compile(r"[0-9]")


def _plausible(raw: str) -> bool:
    written = raw.strip().lstrip("(")  # (070) 987 65 43
    return written[:1] in ("0", "+") and len(_DIGITS.findall(written)) >= 8


def numbers_in(text: str) -> list[tuple[int, int, str]]:
    """Every phone number in *text* as ``(start, end, E.164)``, in order."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.POSSIBLE):
        if _plausible(match.raw_string):
            number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.append((match.start, match.end, number))
    return found


def e164(written: str) -> str | None:
    """A number as written (``070-123 45 67``, ``+46 70 123 45 67``) in E.164, or None if it is not one."""
    if not _plausible(written):
        return None
    try:
        number = phonenumbers.parse(written, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
