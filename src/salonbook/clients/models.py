"""The client base, and the chain's additional fields for clients and bookings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from salonbook.clients.phones import phone_search_key
from salonbook.records import Created, Versioned
from salonbook.tenancy.models import Chain


class Gender(models.TextChoices):
    UNSPECIFIED = "", _("Not specified")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Importance(models.TextChoices):
    NONE = "", _("No class")
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


# The card's own fields that people edit (the additional fields' values come on top): what the
# services change, the card's form shows, and an import's merge may overwrite.
CARD_FIELD_NAMES = (
    "name",
    "phone",
    "email",
    "gender",
    "birth_date",
    "card_number",
    "importance",
    "prediscount",
    "sms_birthday",
    "sms_excluded",
    "comment",
)


def client_search_text(*, name: str, email: str, card_number: str, phone: str = "") -> str:
    """What a name search looks in, case-folded here because SQLite's LIKE folds only ASCII.

    A card named by its phone leaves the name out: digits are searched in `phone_digits`, and
    only by whom may see numbers whole.
    """
    parts = (name if name != phone else "", email, card_number)
    return " ".join(part for part in parts if part).casefold()


class Client(Versioned):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=200)
    # E.164 ("+14155550123"); empty when unknown. Unique per chain among live clients.
    phone = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField(null=True, blank=True)
    card_number = models.CharField(max_length=40, blank=True)
    importance = models.CharField(max_length=10, choices=Importance.choices, blank=True, default="")
    # A percent taken off the services and products of this client's new visits.
    prediscount = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # SMS consents, honoured by the notifications: greet on the birthday; send no mailings.
    sms_birthday = models.BooleanField(default=False)
    sms_excluded = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    field_values = models.JSONField(default=dict, blank=True)
    # Derived columns the search reads (kept by save(); bulk writers call fill_search_columns).
    search_text = models.TextField(blank=True, editable=False)
    phone_digits = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "phone"],
                condition=models.Q(deleted_at__isnull=True) & ~models.Q(phone=""),
                name="one_live_client_per_phone",
            )
        ]
        indexes = [models.Index(fields=["chain", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "phone_digits"}
        super().save(*args, **kwargs)

    def fill_search_columns(self) -> None:
        self.search_text = client_search_text(
            name=self.name, email=self.email, card_number=self.card_number, phone=self.phone
        )
        self.phone_digits = phone_search_key(self.phone)


class ClientFile(models.Model):
    """A file on a client's card. Kept under the data directory, never the public web root,
    and handed out only by a view that checks the right to see client files."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="files")
    # The name as uploaded, shown and used for downloads; the stored name is random.
    name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=10)  # the checked type: jpeg, png, gif, pdf, doc, ...
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ClientImport(Created):
    """One import of clients from a CSV or Excel file: its choices, progress and report."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for the column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class OnDuplicate(models.TextChoices):
        MERGE = "merge", _("Merge into the client with that phone")
        SKIP = "skip", _("Skip the row")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="client_imports")
    file_name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    # Column of the file -> field of the card ("name", "phone", "field:<key>", or "" to ignore).
    mapping = models.JSONField(default=dict, blank=True)
    on_duplicate = models.CharField(
        max_length=10, choices=OnDuplicate.choices, default=OnDuplicate.SKIP
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    merged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # [{"row": 12, "errors": {"phone": "..."}}, ...], file row numbers counting the header as 1.
    rejected = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class AdditionalField(models.Model):
    """A field the owner adds to client cards or bookings, chain-wide."""

    class AppliesTo(models.TextChoices):
        CLIENT = "client", _("Client")
        BOOKING = "booking", _("Booking")

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes/no")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="additional_fields")
    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices)
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "applies_to", "key"], name="additional_field_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label
