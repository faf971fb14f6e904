"""Writes on client cards and on the chain's additional fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.clients.fields import clean_field_values
from salonbook.clients.models import CARD_FIELD_NAMES, AdditionalField, Client
from salonbook.clients.phones import normalize_phone
from salonbook.clients.selectors import (
    access_additional_field,
    access_client,
    client_for_phone,
)
from salonbook.errors import DuplicateClient, Invalid
from salonbook.sync.services import record_change
from salonbook.sync.versioned import Change, changing
from salonbook.tenancy.context import Actor
from salonbook.validation import full_clean_or_invalid

CLIENT_FIELDS = (*CARD_FIELD_NAMES, "field_values")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def _percent(value: Decimal) -> Decimal:
    # Stored with two decimals; the same here, so what a write returns equals what a read does.
    return Decimal(value).quantize(Decimal("0.01"))


def _check_birth_date(value: date | None) -> None:
    # A date of birth to come or before 1900 is a typing slip, and would upset the greetings.
    if value is None:
        return
    if value > timezone.localdate() or value < EARLIEST_BIRTH_DATE:
        raise Invalid(
            {
                "birth_date": _("Enter a date of birth between %(first)s and today.")
                % {"first": EARLIEST_BIRTH_DATE.isoformat()}
            }
        )


# The key and kind of an additional field stay: values are stored under the key and were
# checked against the kind.
ADDITIONAL_FIELD_CHANGES = ("label", "choices", "required", "sort_order", "is_active")


def _refuse_duplicate_phone(actor: Actor, phone: str, *, exclude_id: int | None = None) -> None:
    if not phone:
        return
    others = Client.objects.filter(chain_id=actor.chain_id, phone=phone, deleted_at__isnull=True)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    existing = others.first()
    if existing is not None:
        raise DuplicateClient(
            _("%(name)s (client %(id)s) already has the phone %(phone)s.")
            % {"name": existing.name, "id": existing.pk, "phone": phone},
            extra={"existing_client": {"id": existing.pk, "name": existing.name}},
        )


def _save(actor: Actor, client: Client) -> None:
    # The check above reads; the unique index decides when two requests race.
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        _refuse_duplicate_phone(actor, client.phone, exclude_id=client.pk)
        raise


@transaction.atomic
def create_client(
    *,
    actor: Actor,
    name: str,
    phone: str = "",
    email: str = "",
    gender: str = "",
    birth_date: date | None = None,
    card_number: str = "",
    importance: str = "",
    prediscount: Decimal = Decimal("0"),
    sms_birthday: bool = False,
    sms_excluded: bool = False,
    comment: str = "",
    field_values: dict[str, Any] | None = None,
) -> Client:
    require(actor, "clients.create")
    name = (name or "").strip()
    phone = normalize_phone(phone, region=actor.chain.country)
    if not name and not phone:
        raise Invalid({"name": _("Give the client's name or phone.")})
    _check_birth_date(birth_date)
    _refuse_duplicate_phone(actor, phone)
    client = Client(
        chain=actor.chain,
        name=name or phone,
        phone=phone,
        email=(email or "").strip().lower(),
        gender=gender,
        birth_date=birth_date,
        card_number=(card_number or "").strip(),
        importance=importance,
        prediscount=_percent(prediscount),
        sms_birthday=sms_birthday,
        sms_excluded=sms_excluded,
        comment=comment,
        field_values=clean_field_values(
            chain_id=actor.chain_id, applies_to="client", values=field_values or {}
        ),
    )
    full_clean_or_invalid(client, exclude=["chain"])
    _save(actor, client)
    record_change(actor=actor, entity="client", entity_id=client.pk, action="created")
    return client


@transaction.atomic
def update_client(
    *, actor: Actor, client_id: int, expected_version: int | None = None, **changes: Any
) -> Client:
    require(actor, "clients.edit")
    client = access_client(actor=actor, client_id=client_id, lock=True)
    with changing(
        client,
        actor=actor,
        entity="client",
        expected_version=expected_version,
        save=lambda: _save(actor, client),
    ) as change:
        _change_client(actor, client, changes, change)
    return client


def _change_client(actor: Actor, client: Client, changes: dict[str, Any], change: Change) -> None:
    """The card's changes, normalised and checked as the card's fields are; what equals the
    card already is dropped, and nothing at all is written when nothing is left."""
    # Normalise what was sent; nulls and unknown fields are refused by apply_changes.
    if changes.get("phone") is not None:
        changes["phone"] = normalize_phone(changes["phone"], region=actor.chain.country)
        _refuse_duplicate_phone(actor, changes["phone"], exclude_id=client.pk)
    if changes.get("email") is not None:
        changes["email"] = changes["email"].strip().lower()
    if changes.get("name") is not None:
        changes["name"] = changes["name"].strip()
        if not changes["name"]:
            raise Invalid({"name": _("Give the client's name.")})
    if changes.get("prediscount") is not None:
        changes["prediscount"] = _percent(changes["prediscount"])
    if changes.get("card_number") is not None:
        changes["card_number"] = changes["card_number"].strip()
    if "birth_date" in changes:
        _check_birth_date(changes["birth_date"])
    if changes.get("field_values") is not None:
        changes["field_values"] = clean_field_values(
            chain_id=actor.chain_id,
            applies_to="client",
            values=changes["field_values"],
            current=client.field_values,
        )
    # What equals the card already is no change: no new version, no event sent to every device.
    changes = {
        name: value
        for name, value in changes.items()
        if name not in CLIENT_FIELDS or getattr(client, name) != value
    }
    if not changes:
        change.skip()
        return
    change.apply(changes, allowed=CLIENT_FIELDS, exclude=["chain"])


@transaction.atomic
def delete_client(*, actor: Actor, client_id: int) -> None:
    """Soft delete: the card leaves the base, its bookings keep pointing at it."""
    require(actor, "clients.edit")
    client = access_client(actor=actor, client_id=client_id, lock=True)
    client.deleted_at = timezone.now()
    client.version += 1
    client.save(update_fields=["deleted_at", "version"])
    record_change(
        actor=actor, entity="client", entity_id=client.pk, action="deleted", version=client.version
    )


def find_or_create_client(*, actor: Actor, phone: str, name: str = "", email: str = "") -> Client:
    """The live client with this phone, or a new card: how a booking names a walk-in."""
    normalized, existing = client_for_phone(actor=actor, raw=phone, field="new_client.phone")
    if existing is not None:
        return existing
    try:
        return create_client(actor=actor, name=name, phone=normalized, email=email)
    except Invalid as exc:
        raise Invalid({f"new_client.{k.split('.')[-1]}": v for k, v in exc.errors.items()}) from exc


@transaction.atomic
def create_additional_field(
    *,
    actor: Actor,
    applies_to: str,
    key: str,
    label: str,
    kind: str = AdditionalField.Kind.TEXT,
    choices: list[str] | None = None,
    required: bool = False,
    sort_order: int = 0,
) -> AdditionalField:
    require(actor, "settings.manage")
    if kind == AdditionalField.Kind.CHOICE and not choices:
        raise Invalid({"choices": _("A choice field needs its choices.")})
    if AdditionalField.objects.filter(
        chain_id=actor.chain_id, applies_to=applies_to, key=key
    ).exists():
        raise Invalid({"key": _("A field “%(key)s” exists already.") % {"key": key}})
    definition = AdditionalField(
        chain=actor.chain,
        applies_to=applies_to,
        key=key,
        label=label,
        kind=kind,
        choices=choices or [],
        required=required,
        sort_order=sort_order,
    )
    full_clean_or_invalid(definition, exclude=["chain"])
    definition.save()
    record_change(actor=actor, entity="additional_field", entity_id=definition.pk, action="created")
    return definition


def _clean_choices(choices: object) -> list[str]:
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise Invalid({"choices": _("Give the choices as a list of texts.")})
    cleaned = [c.strip() for c in choices if c.strip()]
    if len({c.casefold() for c in cleaned}) != len(cleaned):
        raise Invalid({"choices": _("A choice is listed twice.")})
    return cleaned


@transaction.atomic
def update_additional_field(*, actor: Actor, field_id: int, **changes: object) -> AdditionalField:
    """Change a field's label, choices, whether it is required, its place, or deactivate it
    (`is_active=False`: it leaves the forms, values already stored stay on their records)."""
    require(actor, "settings.manage")
    definition = access_additional_field(actor=actor, field_id=field_id, lock=True)
    was_active = definition.is_active
    with changing(definition, actor=actor, entity="additional_field") as change:
        if changes.get("choices") is not None:
            changes["choices"] = _clean_choices(changes["choices"])
        label = changes.get("label")
        if isinstance(label, str):
            changes["label"] = label.strip()
        change.apply(changes, allowed=ADDITIONAL_FIELD_CHANGES, exclude=["chain"])
        if definition.kind == AdditionalField.Kind.CHOICE and not definition.choices:
            raise Invalid({"choices": _("A choice field needs its choices.")})
        choices_given = "choices" in changes and definition.choices
        if choices_given and definition.kind != AdditionalField.Kind.CHOICE:
            raise Invalid({"choices": _("Only a choice field has choices.")})
        if was_active and not definition.is_active:
            change.action = "deactivated"
        elif definition.is_active and not was_active:
            change.action = "activated"
    return definition
