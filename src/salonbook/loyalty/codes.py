"""Codes of memberships and gift cards: how a typed code is read, and how a fresh one is made.

A code is kept in one canonical form: Latin capital letters and digits, nothing else. What a
person types is read case-insensitively, and the spaces and hyphens people put in to read a
long code aloud are dropped ("abcd-efgh 23" is ABCDEFGH23), so a code printed on a card in
groups is found however it is typed back.

A generated code is ten characters from an alphabet without look-alikes (no 0/O, no 1/I/L),
shown as it is stored, without groups: ten characters are read over the phone or copied onto
a card in one go, and a phone keyboard needs no hyphen. 31 symbols to the tenth power (about
8 * 10^14) codes make a collision in a chain a matter of chance that the generator still rules
out by checking the codes in use.
"""

from __future__ import annotations

import random
import re
import secrets

from django.utils.translation import gettext as _

# Digits and capitals without the look-alikes 0/O and 1/I/L.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GENERATED_LENGTH = 10
MIN_LENGTH = 4
MAX_LENGTH = 32

_SEPARATORS = re.compile(r"[\s\-]+")
_CANONICAL = re.compile(r"^[A-Z0-9]+$")
_system_random = secrets.SystemRandom()


def normalize_code(raw: str) -> str:
    """`raw` in the stored form: separators (spaces, hyphens) dropped, letters capitalised.

    Only ASCII letters are capitalised, so a Cyrillic "а" stays itself and is refused by
    `code_problem` rather than passing for the Latin "A" it looks like.
    """
    text = _SEPARATORS.sub("", raw)
    return "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in text)


def code_problem(code: str) -> str | None:
    """What is wrong with a code in stored form (see `normalize_code`), or None if nothing."""
    if not code:
        return _("Enter a code.")
    if not _CANONICAL.match(code):
        return _("A code has only Latin letters and digits (spaces and hyphens are ignored).")
    if not MIN_LENGTH <= len(code) <= MAX_LENGTH:
        return _("A code has %(min)s to %(max)s letters and digits.") % {
            "min": MIN_LENGTH,
            "max": MAX_LENGTH,
        }
    return None


def random_code(rng: random.Random = _system_random) -> str:
    """A random code of `GENERATED_LENGTH` characters from `ALPHABET` (unchecked for use).

    The system's random source by default: a code is worth money, so it must not be guessable
    from codes seen before."""
    return "".join(rng.choice(ALPHABET) for _position in range(GENERATED_LENGTH))
