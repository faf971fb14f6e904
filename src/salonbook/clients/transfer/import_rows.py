"""What an imported column can fill on a client card, how a file's header is guessed onto those
fields, and how one row's texts become a card's values (or the reasons they cannot).

The rules are the card's: the phone read in the chain's country, an e-mail that is one, a
birth date that has happened, the choices of gender and importance, a prediscount of 0-100 %.
The export writes its headers and values with the same labels, so what it writes comes back
in (see clients.transfer.exports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from salonbook.clients.models import AdditionalField, Gender, Importance
from salonbook.clients.phones import normalize_phone
from salonbook.errors import Invalid

FIELD_PREFIX = "field:"

# The card's own fields an import may fill, with the labels the export uses as its headers.
CARD_FIELDS: dict[str, Promise] = {
    "name": gettext_lazy("Name"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "gender": gettext_lazy("Gender"),
    "birth_date": gettext_lazy("Birth date"),
    "card_number": gettext_lazy("Card number"),
    "importance": gettext_lazy("Importance"),
    "prediscount": gettext_lazy("Prediscount, %"),
    "sms_birthday": gettext_lazy("SMS birthday greeting"),
    "sms_excluded": gettext_lazy("Excluded from SMS"),
    "comment": gettext_lazy("Comment"),
}

# Other headers people give these columns, in English and Russian (compared normalised:
# case, spaces and punctuation ignored, ё as е).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "full name", "client", "client name", "customer", "first name",
        "имя", "фио", "ф.и.о.", "клиент", "имя клиента", "полное имя",
    ),
    "phone": (
        "phone number", "mobile", "mobile phone", "telephone", "tel", "cell", "cell phone",
        "телефон", "тел", "мобильный", "мобильный телефон", "номер телефона", "сотовый",
    ),
    "email": ("email", "mail", "email address", "почта", "электронная почта", "эл почта", "емейл"),
    "gender": ("sex", "пол"),
    "birth_date": (
        "date of birth", "birthday", "birthdate", "dob",
        "дата рождения", "день рождения", "др",
    ),
    "card_number": (
        "card", "card no", "club card", "loyalty card", "discount card",
        "номер карты", "карта", "дисконтная карта", "клубная карта",
    ),
    "importance": ("class", "importance class", "важность", "класс", "класс важности"),
    "prediscount": ("discount", "personal discount", "скидка", "предскидка", "персональная скидка"),
    "sms_birthday": (
        "birthday sms", "birthday greeting", "sms birthday",
        "поздравлять с днем рождения", "смс поздравление с днем рождения", "поздравление с др",
    ),
    "sms_excluded": (
        "no sms", "exclude from sms", "excluded from sms mailings",
        "исключить из смс рассылок", "исключен из смс рассылок", "без смс",
        "исключить из sms рассылок", "исключен из sms рассылок", "без sms",
    ),
    "comment": ("comments", "note", "notes", "комментарий", "примечание", "заметки", "заметка"),
}  # fmt: skip

YES = {"yes", "y", "true", "1", "on", "+", "x", "да", "д", "истина"}
NO = {"no", "n", "false", "0", "off", "-", "нет", "н", "ложь"}
GENDER_WORDS = {
    Gender.FEMALE: {"female", "f", "woman", "w", "ж", "жен", "женский", "женщина"},
    Gender.MALE: {"male", "m", "man", "м", "муж", "мужской", "мужчина"},
}
IMPORTANCE_WORDS = {
    Importance.NONE: {"none", "no class", "без класса", "нет"},
    Importance.BRONZE: {"bronze", "бронза", "бронзовый"},
    Importance.SILVER: {"silver", "серебро", "серебряный"},
    Importance.GOLD: {"gold", "золото", "золотой"},
}
DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),
    re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"),
)
MAX_LENGTHS = {"name": 200, "card_number": 40, "email": 254}
# What a phone number, or a masked one ("+1 ********01"), is written with.
PHONE_CHARACTERS = frozenset("0123456789+-() .")
MASKED_PHONE_CHARACTERS = PHONE_CHARACTERS | {"*"}


def normalized(text: str) -> str:
    return "".join(c for c in text.casefold().replace("ё", "е") if c.isalnum())


def _in_languages(label: Promise) -> set[str]:
    """A label as written (English) and in the page's language, normalised."""
    with override("en"):
        english = str(label)
    return {normalized(english), normalized(str(label))}


def _words(words: Iterable[str], *labels: Promise) -> set[str]:
    found = {w.casefold() for w in words}
    for label in labels:
        with override("en"):
            found.add(str(label).casefold())
        found.add(str(label).casefold())
    return found


def client_fields(chain_id: int) -> list[AdditionalField]:
    """The chain's active client fields: each may be filled from a column."""
    return list(
        AdditionalField.objects.filter(
            chain_id=chain_id, applies_to=AdditionalField.AppliesTo.CLIENT, is_active=True
        )
    )


def targets(definitions: Iterable[AdditionalField]) -> dict[str, str]:
    """Every target a column can be mapped to, with its label in the page's language."""
    found = {key: str(label) for key, label in CARD_FIELDS.items()}
    for definition in definitions:
        found[FIELD_PREFIX + definition.key] = definition.label
    return found


def guess_mapping(columns: list[str], definitions: Iterable[AdditionalField]) -> dict[str, str]:
    """Column -> target for the columns whose header names a field ("" for the others);
    each target taken by the first column naming it."""
    definitions = list(definitions)
    # Weakest first, each overwriting: other names people use, the chain's field labels,
    # then the card's own labels (what the export writes).
    names: dict[str, str] = {}
    for target, aliases in ALIASES.items():
        names.update((normalized(alias), target) for alias in aliases)
    for definition in definitions:
        names[normalized(definition.key)] = FIELD_PREFIX + definition.key
    for definition in definitions:
        names[normalized(definition.label)] = FIELD_PREFIX + definition.key
    for target, label in CARD_FIELDS.items():
        names[normalized(target)] = target
        names.update((name, target) for name in _in_languages(label))
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        target = names.get(normalized(column), "")
        if target in taken:
            target = ""
        mapping[column] = target
        if target:
            taken.add(target)
    return mapping


def check_mapping(
    mapping: Mapping[str, Any], *, columns: list[str], allowed: Mapping[str, str]
) -> dict[str, str]:
    """The mapping cleaned: every column known, every target known and used once, and a
    name or a phone among them. Invalid names the column or the mapping as a whole."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    seen: dict[str, str] = {}
    for column, target in mapping.items():
        target = target or ""
        if column not in columns:
            errors[f"mapping.{column}"] = _("The file has no column “%(column)s”.") % {
                "column": column
            }
        elif not isinstance(target, str) or (target and target not in allowed):
            errors[f"mapping.{column}"] = _("“%(target)s” is not a field of the client card.") % {
                "target": target
            }
        elif target in seen:
            errors[f"mapping.{column}"] = _(
                "“%(field)s” is already filled from the column “%(column)s”."
            ) % {"field": allowed[target], "column": seen[target]}
        elif target:
            seen[target] = column
            cleaned[column] = target
    if errors:
        raise Invalid(errors)
    if "name" not in seen and "phone" not in seen:
        raise Invalid({"mapping": _("Choose the column with the client's name or phone.")})
    return cleaned


def parse_date(text: str) -> date:
    for pattern in DATE_FORMATS:
        match = pattern.match(text)
        if match:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
    raise ValueError


class _Words:
    """The words a yes/no, gender or importance cell may hold, in English, Russian and the
    page's language; built once per import."""

    def __init__(self) -> None:
        self.yes = _words(YES, gettext_lazy("Yes"))
        self.no = _words(NO, gettext_lazy("No"))
        self.gender = {str(k): _words(v, Gender(k).label) for k, v in GENDER_WORDS.items()}
        self.importance = {
            str(k): _words(v, Importance(k).label) for k, v in IMPORTANCE_WORDS.items()
        }

    def boolean(self, text: str) -> bool:
        word = text.casefold()
        if word in self.yes:
            return True
        if word in self.no:
            return False
        raise ValueError(_("Write yes or no."))

    @staticmethod
    def choice(text: str, words: Mapping[str, set[str]], choices: Any) -> str:
        word = text.casefold()
        for value, known in words.items():
            if word in known:
                return str(value)
        labels = ", ".join(str(label) for value, label in choices if value)
        raise ValueError(_("Write one of: %(choices)s.") % {"choices": labels})


def _not_a_date(text: str) -> ValueError:
    return ValueError(
        _("“%(text)s” is not a date: write it as 31.12.1990, 31/12/1990 or 1990-12-31.")
        % {"text": text}
    )


@dataclass
class ParsedRow:
    """One row of the file: the card's values it gives, its additional fields (checked later
    against the card they land on), or why it cannot be imported."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def phone(self) -> str:
        return str(self.values.get("phone", ""))


class RowReader:
    """Reads the rows of one import: its mapping, the chain's country and client fields."""

    def __init__(
        self, *, mapping: Mapping[str, str], definitions: Iterable[AdditionalField], region: str
    ) -> None:
        self.mapping = dict(mapping)
        self.definitions = {d.key: d for d in definitions}
        self.region = region
        self.words = _Words()
        self.today = timezone.localdate()

    def parse(self, number: int, record: Mapping[str, str]) -> ParsedRow:
        """The values of the mapped, non-empty cells of a row. A cell left empty fills nothing
        (a merge keeps what the card has)."""
        row = ParsedRow(number=number)
        for column, target in self.mapping.items():
            text = (record.get(column) or "").strip()
            if not text:
                continue
            try:
                if target.startswith(FIELD_PREFIX):
                    key = target[len(FIELD_PREFIX) :]
                    row.fields[key] = self._field_value(self.definitions[key], text)
                else:
                    row.values[target] = self._card_value(target, text)
            except ValueError as exc:
                row.errors[target] = str(exc)
            except Invalid as exc:
                row.errors[target] = next(iter(exc.errors.values()))[0]
        name = row.values.get("name")
        if name and self._names_the_phone(name, row.phone):
            # A card named by its number (clients.selectors.shown_name) comes back from an
            # export with its number, formatted or masked, as its name: it is named by the
            # number again (a new card), or keeps its name (a merge), so the name stays
            # masked wherever the phone is.
            del row.values["name"]
        if not row.errors and not row.values.get("name") and not row.phone:
            row.errors["name"] = _("Give the client's name or phone.")
        return row

    def _names_the_phone(self, name: str, phone: str) -> bool:
        """Whether a name is a masked number, or the row's phone written some other way."""
        characters = set(name)
        if "*" in characters and characters <= MASKED_PHONE_CHARACTERS:
            return True
        if not phone or not characters <= PHONE_CHARACTERS:
            return False
        try:
            return normalize_phone(name, region=self.region) == phone
        except Invalid:
            return False

    def _card_value(self, target: str, text: str) -> Any:
        """One card field's value from its text; ValueError or Invalid with the reason."""
        limit = MAX_LENGTHS.get(target)
        if limit is not None and len(text) > limit:
            raise ValueError(_("Longer than %(limit)s characters.") % {"limit": limit})
        if target == "phone":
            return normalize_phone(text, region=self.region)
        if target == "email":
            return _email(text)
        if target == "birth_date":
            return self._birth_date(text)
        if target == "gender":
            return self.words.choice(text, self.words.gender, Gender.choices)
        if target == "importance":
            return self.words.choice(text, self.words.importance, Importance.choices)
        if target == "prediscount":
            return _percent(text)
        if target in ("sms_birthday", "sms_excluded"):
            return self.words.boolean(text)
        return text

    def _birth_date(self, text: str) -> date:
        try:
            born = parse_date(text)
        except ValueError:
            raise _not_a_date(text) from None
        if born > self.today or born.year < 1900:
            # The card's own words (clients.services._check_birth_date).
            raise ValueError(
                _("Enter a date of birth between %(first)s and today.") % {"first": "1900-01-01"}
            )
        return born

    def _field_value(self, definition: AdditionalField, text: str) -> Any:
        """An additional field's text in the shape clean_field_values checks (a date as ISO,
        yes/no as a boolean, a choice in its listed spelling)."""
        kind = definition.kind
        if kind == AdditionalField.Kind.YES_NO:
            return self.words.boolean(text)
        if kind == AdditionalField.Kind.NUMBER:
            return text.replace(" ", "").replace(",", ".")
        if kind == AdditionalField.Kind.DATE:
            try:
                return parse_date(text).isoformat()
            except ValueError:
                raise _not_a_date(text) from None
        if kind == AdditionalField.Kind.CHOICE:
            for choice in definition.choices:
                if str(choice).casefold() == text.casefold():
                    return choice
        return text


def _percent(text: str) -> Decimal:
    try:
        percent = Decimal(text.replace("%", "").replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(_("Write a percent from 0 to 100.")) from None
    if not percent.is_finite() or not 0 <= percent <= 100 or percent != round(percent, 2):
        raise ValueError(_("Write a percent from 0 to 100."))
    return percent


def _email(text: str) -> str:
    email = text.lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(_("“%(text)s” is not an e-mail address.") % {"text": text}) from None
    return email
