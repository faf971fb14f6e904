"""What the settings pages share: a colour choice, rows of breaks, sort order and money inputs,
read-only forms, and the answer to a successful save.

Forms here parse shapes only (a time is a time, a colour looks like #rrggbb); every rule stays
in the services, whose refusals the views put back on the form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import time
from decimal import Decimal
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # what gettext_lazy gives, to the stubs

# The colours the shell's colour field offers (a staff member's, a booking category's, a
# booking's); "" leaves the colour to whatever else decides it.
PALETTE = (
    "#ef5350",
    "#ff9800",
    "#fdd835",
    "#66bb6a",
    "#26a69a",
    "#42a5f5",
    "#5c6bc0",
    "#ab47bc",
    "#8d6e63",
)


class ColorField(forms.CharField):
    """A colour from the palette, any #rrggbb set elsewhere (the API), or none ("")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(r"^(#[0-9a-fA-F]{6})?$", message=_("Choose one of the colours."))
        )


class BreaksWidget(forms.Widget):
    """Rows of two time inputs posted as `<name>_start` and `<name>_end`, in pairs."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[tuple[str, str]]:
        if not hasattr(data, "getlist"):
            return []
        starts = [s.strip() for s in data.getlist(f"{name}_start")]
        ends = [e.strip() for e in data.getlist(f"{name}_end")]
        return list(zip_longest(starts, ends, fillvalue=""))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}_start" not in data and f"{name}_end" not in data


class BreaksField(forms.Field):
    """Breaks as (start, end) times; rows left empty are dropped."""

    widget = BreaksWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[tuple[time, time]]:
        pairs = []
        for start, end in value or []:
            if not start and not end:
                continue
            if not start or not end:
                raise forms.ValidationError(_("Give each break a start and an end."))
            try:
                pairs.append((time.fromisoformat(start), time.fromisoformat(end)))
            except (TypeError, ValueError):
                raise forms.ValidationError(_("Enter times such as 13:00.")) from None
        return pairs


def break_rows(value: Any) -> list[tuple[str, str]]:
    """A breaks field's value as rows of "HH:MM" texts for the template (bound or initial)."""
    rows = []
    for start, end in value or []:
        rows.append(
            tuple(v.strftime("%H:%M") if isinstance(v, time) else str(v) for v in (start, end))
        )
    return rows  # type: ignore[return-value]


def sort_order_field(help_text: str | _StrPromise | None = None) -> forms.IntegerField:
    """Where a row goes in its list: the same bounds and input on every settings page;
    `help_text` says where it shows (in the calendar, in the form...)."""
    return forms.IntegerField(
        label=_("Sort order"),
        initial=0,
        min_value=-1_000_000,
        max_value=1_000_000,
        help_text=_("Smaller numbers come first.") if help_text is None else help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def money_field(**kwargs: Any) -> forms.DecimalField:
    """An amount of money in the active language's format: shown and read with its decimal
    separator (110,50 in Russian, 110.50 in English; a point is read in Russian too).

    A text input, because a number input neither shows nor takes a decimal comma everywhere;
    `inputmode` still brings up the phone's number pad.
    """
    kwargs.setdefault("min_value", Decimal(0))
    kwargs.setdefault("max_digits", 12)
    # A money column holds 12 digits, 2 of them cents: at most 10 before the point. More
    # decimals are let through for the service to round.
    kwargs.setdefault("max_value", Decimal("9999999999.99"))
    attrs = {"inputmode": "decimal", "autocomplete": "off", **kwargs.pop("attrs", {})}
    return forms.DecimalField(localize=True, widget=forms.TextInput(attrs=attrs), **kwargs)


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def date_input() -> forms.DateInput:
    """A date input's value is always YYYY-MM-DD, whatever the language: a browser shows any
    other text (18.11.2026) as an empty date. Typed dates are read in ISO form in every
    language too (Django adds the ISO formats to each language's input formats)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def read_only(form: forms.BaseForm) -> forms.BaseForm:
    """Show a form to someone who may look but not change: every field disabled."""
    for field in form.fields.values():
        field.disabled = True
    form.read_only = True  # type: ignore[attr-defined]
    return form


def changes(obj: models.Model, cleaned: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The cleaned values among `names` that differ from `obj`, so an edit writes only those."""
    return {name: cleaned[name] for name in names if getattr(obj, name) != cleaned[name]}


def saved(request: HttpRequest, message: str, to: str) -> HttpResponseRedirect:
    """POST/redirect/GET: say what was saved on the next page, which is `?next=` when safe."""
    messages.success(request, message)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = to
    return HttpResponseRedirect(target)
