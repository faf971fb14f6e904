"""What the mapping step shows of an uploaded file: its first rows, with the phone numbers in
them masked for whoever may not see numbers (the upload may be someone else's)."""

from __future__ import annotations

from typing import Any

from salonbook.clients.phones import mask_phone, normalize_phone
from salonbook.clients.transfer.import_rows import MASKED_PHONE_CHARACTERS
from salonbook.errors import Invalid
from salonbook.tenancy.context import Actor


def shown_rows(
    *,
    actor: Actor,
    columns: list[str],
    sample: list[tuple[int, dict[str, str]]],
    mapping: dict[str, str],
) -> list[dict[str, Any]]:
    """The rows as {"row": number, "cells": [...]}. Without clients.view_phone, the cells of the
    column mapped to the phone, and any cell written like a phone number (a card named by its
    number, a second phone column), are masked."""
    cells = [[record[c] for c in columns] for _number, record in sample]
    if not actor.can("clients.view_phone"):
        phone_columns = {i for i, c in enumerate(columns) if mapping.get(c) == "phone"}
        region = actor.chain.country
        cells = [
            [
                masked_cell(cell, region=region)
                if cell and (i in phone_columns or looks_like_phone(cell))
                else cell
                for i, cell in enumerate(row)
            ]
            for row in cells
        ]
    return [{"row": n, "cells": c} for (n, _record), c in zip(sample, cells, strict=True)]


def looks_like_phone(text: str) -> bool:
    return sum(c.isdigit() for c in text) >= 5 and set(text) <= MASKED_PHONE_CHARACTERS


def masked_cell(text: str, *, region: str) -> str:
    """A cell that holds a phone number as someone without the right to see numbers sees it:
    the number masked as the card masks it, else every digit but the last two starred."""
    try:
        phone = normalize_phone(text, region=region)
    except Invalid:
        phone = ""
    if phone:
        return mask_phone(phone)
    digits = sum(c.isdigit() for c in text)
    shown = 0
    masked = []
    for c in text:
        if c.isdigit():
            shown += 1
            masked.append(c if shown > digits - 2 else "*")
        else:
            masked.append(c)
    return "".join(masked)
