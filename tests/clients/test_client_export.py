"""Exporting the client base to CSV and Excel: the columns, masked phones without the right,
the search filter, rights, the audit event, streaming under ASGI, and the round trip (an
export imported into another salon gives the same cards)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from openpyxl import load_workbook

from salonbook.accounts.models import Role
from salonbook.clients.models import AdditionalField, Client
from salonbook.clients.selectors import shown_name
from salonbook.clients.services import (
    create_additional_field,
    create_client,
    update_additional_field,
)
from salonbook.sync.models import ChangeEvent
from tests.clients.test_client_import import finish, private_files, start
from tests.helpers_api import field_errors, not_allowed
from tests.pages import browser_as
from tests.salon import make_salon

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db

CARD_HEADER = [
    "Name",
    "Phone",
    "E-mail",
    "Gender",
    "Birth date",
    "Card number",
    "Importance",
    "Prediscount, %",
    "SMS birthday greeting",
    "Excluded from SMS",
    "Comment",
    "Created",
]


def fields_of(salon) -> None:
    actor = salon.actor()
    create_additional_field(actor=actor, applies_to="client", key="allergies", label="Allergies")
    create_additional_field(actor=actor, applies_to="client", key="vip", label="VIP", kind="yes_no")
    create_additional_field(
        actor=actor, applies_to="client", key="first_visit", label="First visit", kind="date"
    )
    create_additional_field(
        actor=actor,
        applies_to="client",
        key="source",
        label="Where from",
        kind="choice",
        choices=["Instagram", "Friends"],
    )
    create_additional_field(
        actor=actor, applies_to="client", key="height", label="Height", kind="number"
    )
    old = create_additional_field(actor=actor, applies_to="client", key="old", label="Old field")
    update_additional_field(actor=actor, field_id=old.pk, is_active=False)
    create_additional_field(actor=actor, applies_to="booking", key="room", label="Room")


def base_of(salon) -> list[Client]:
    """Three clients (one with every field filled), in a salon with its client fields."""
    fields_of(salon)
    actor = salon.actor()
    return [
        create_client(
            actor=actor,
            name="Maria Lopez",
            phone="(212) 555-0101",
            email="maria@example.com",
            gender="female",
            birth_date=date(1990, 5, 17),
            card_number="A-17",
            importance="gold",
            prediscount=Decimal("10"),
            sms_birthday=True,
            comment='Likes tea, "green";\nno coffee',
            field_values={
                "allergies": "pollen",
                "vip": True,
                "first_visit": "2020-01-31",
                "source": "Friends",
                "height": "170.5",
            },
        ),
        create_client(
            actor=actor,
            name='=HYPERLINK("http://evil")',
            phone="(212) 555-0102",
            sms_excluded=True,
            field_values={"vip": False},
        ),
        create_client(actor=actor, name="Walk-in without a phone"),
    ]


def download(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_export_has_the_card_columns_and_one_per_active_client_field(salon, api):
    maria, evil, walk_in = base_of(salon)

    response = api.get("/clients/export", format="csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')
    header, *rows = csv_rows(download(response))
    assert header == [*CARD_HEADER, "Allergies", "VIP", "First visit", "Where from", "Height"]
    by_name = {row[0].lstrip("'"): row for row in rows}
    assert list(by_name) == sorted(by_name) and len(rows) == 3
    created = maria.created_at.astimezone(salon.tz).strftime("%d.%m.%Y %H:%M")
    assert by_name["Maria Lopez"] == [
        "Maria Lopez",
        "'+1 212-555-0101",
        "maria@example.com",
        "Female",
        "17.05.1990",
        "A-17",
        "Gold",
        "10.00",
        "Yes",
        "No",
        'Likes tea, "green";\nno coffee',
        created,
        "pollen",
        "Yes",
        "31.01.2020",
        "Friends",
        "170.5",
    ]
    # A spreadsheet would run a cell starting with "=" as a formula: it is written as text.
    assert by_name['=HYPERLINK("http://evil")'][:2] == [
        '\'=HYPERLINK("http://evil")',
        "'+1 212-555-0102",
    ]
    assert by_name["Walk-in without a phone"][1:4] == ["", "", ""]


def test_the_excel_export_keeps_texts_as_texts_and_dates_as_dates(salon, api):
    base_of(salon)

    response = api.get("/clients/export", format="xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    header, *rows = xlsx_rows(download(response))
    assert header[: len(CARD_HEADER)] == CARD_HEADER
    evil, maria, _walk_in = rows
    assert maria[:5] == [
        "Maria Lopez",
        "+1 212-555-0101",
        "maria@example.com",
        "Female",
        datetime(1990, 5, 17),
    ]
    assert evil[0] == '=HYPERLINK("http://evil")'  # a text cell, not a formula
    workbook = load_workbook(io.BytesIO(download(api.get("/clients/export", format="xlsx"))))
    assert workbook.worksheets[0]["A2"].data_type == "s"


def without(salon, role: str, *permissions: str) -> None:
    row = Role.objects.get(chain=salon.chain, key=role)
    row.permissions = [p for p in row.permissions if p not in permissions]
    row.save()


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_without_the_right_to_see_phones_the_export_masks_them(salon, login_as, format):
    base_of(salon)
    without(salon, "administrator", "clients.view_phone")

    content = download(login_as("administrator").get("/clients/export", format=format))

    rows = csv_rows(content) if format == "csv" else xlsx_rows(content)
    phones = sorted(str(row[1]).lstrip("'") for row in rows[1:] if row[1])
    assert phones == ["+1 ********01", "+1 ********02"]
    event = ChangeEvent.objects.get(action="clients_exported")
    assert event.data["phones_masked"] is True


def test_the_export_holds_what_the_search_finds(salon, api):
    base_of(salon)

    header, *rows = csv_rows(download(api.get("/clients/export", format="csv", q="MARIA")))
    assert [row[0] for row in rows] == ["Maria Lopez"]
    _header, *rows = csv_rows(download(api.get("/clients/export", format="csv", q="555-0102")))
    assert len(rows) == 1 and rows[0][1] == "'+1 212-555-0102"


def test_who_exported_what_goes_to_the_change_feed_without_naming_anyone(salon, api):
    base_of(salon)

    download(api.get("/clients/export", format="xlsx", q="maria"))

    event = ChangeEvent.objects.get(action="clients_exported")
    assert (event.entity, event.entity_id, event.actor_id) == (
        "chain",
        salon.chain.pk,
        salon.owner.pk,
    )
    assert event.data == {"format": "xlsx", "filtered": True, "rows": 1, "phones_masked": False}


def test_exporting_needs_the_rights_to_export_and_to_see_clients(salon, login_as):
    not_allowed(login_as("specialist").get("/clients/export"))
    without(salon, "administrator", "clients.view")
    not_allowed(login_as("administrator").get("/clients/export"))
    assert not ChangeEvent.objects.filter(action="clients_exported").exists()


def test_an_unknown_format_is_refused(api):
    assert "format" in field_errors(api.get("/clients/export", format="pdf"))


def test_the_export_page_downloads_and_refuses_like_the_api(salon):
    base_of(salon)

    response = browser_as(salon).get("/clients/export/", {"format": "xlsx"})
    assert len(xlsx_rows(download(response))) == 4
    assert browser_as(salon, "specialist").get("/clients/export/").status_code == 403
    assert browser_as(salon).get("/clients/export/", {"format": "doc"}).status_code == 422


def test_under_asgi_the_export_streams_its_rows_as_they_are_read(salon):
    base_of(salon)
    client = AsyncClient()
    client.force_login(salon.owner)

    async def fetch() -> tuple[bool, bytes]:
        response = await client.get("/api/v1/clients/export", {"format": "csv"})
        assert response.status_code == 200
        return response.is_async, b"".join([piece async for piece in response])

    is_async, content = async_to_sync(fetch)()

    assert is_async
    assert [row[0] for row in csv_rows(content)[1:]] == sorted(
        ["Maria Lopez", '\'=HYPERLINK("http://evil")', "Walk-in without a phone"],
        key=lambda name: name.lstrip("'"),
    )


# --- the round trip --------------------------------------------------------------------


def card(client: Client) -> tuple:
    return (
        client.name,
        client.phone,
        client.email,
        client.gender,
        client.birth_date,
        client.card_number,
        client.importance,
        client.prediscount,
        client.sms_birthday,
        client.sms_excluded,
        client.comment,
        tuple(sorted(client.field_values.items())),
    )


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_an_export_imported_into_another_salon_gives_the_same_cards(salon, api, login_as, format):
    base_of(salon)
    content = download(api.get("/clients/export", format=format))
    other = make_salon(name="Other")
    fields_of(other)
    other_api = login_as("owner", of=other)

    started = start(other_api, f"export.{format}", content)
    assert started["mapping"] == {
        "Name": "name",
        "Phone": "phone",
        "E-mail": "email",
        "Gender": "gender",
        "Birth date": "birth_date",
        "Card number": "card_number",
        "Importance": "importance",
        "Prediscount, %": "prediscount",
        "SMS birthday greeting": "sms_birthday",
        "Excluded from SMS": "sms_excluded",
        "Comment": "comment",
        "Created": "",
        "Allergies": "field:allergies",
        "VIP": "field:vip",
        "First visit": "field:first_visit",
        "Where from": "field:source",
        "Height": "field:height",
    }
    result = finish(other_api, other, started)

    assert (result["created"], result["rejected"]) == (3, [])
    exported = sorted(card(c) for c in Client.objects.filter(chain=salon.chain))
    imported = sorted(card(c) for c in Client.objects.filter(chain=other.chain))
    assert imported == exported


def test_an_export_imported_back_with_merge_changes_nothing(salon, api):
    base_of(salon)
    before = sorted(card(c) for c in Client.objects.filter(chain=salon.chain))

    result = finish(api, salon, start(api, "x.csv", download(api.get("/clients/export"))))

    # Cards with a phone merge into themselves; the one without a phone is made again.
    assert (result["merged"], result["created"], result["rejected"]) == (2, 1, [])
    after = sorted(card(c) for c in Client.objects.filter(chain=salon.chain))
    assert sorted(set(after)) == sorted(set(before)) and len(after) == 4
    assert not AdditionalField.objects.filter(chain=salon.chain, key="old", is_active=True)


# --- a card named by its phone, and characters XML cannot hold --------------------------


def named_by_phone(salon) -> Client:
    client = create_client(actor=salon.actor(), name="", phone="(212) 555-0100")
    assert client.name == client.phone == "+12125550100"
    return client


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_card_named_by_its_phone_is_exported_with_the_name_masked_like_the_phone(
    salon, login_as, format
):
    named_by_phone(salon)
    without(salon, "administrator", "clients.view_phone")

    content = download(login_as("administrator").get("/clients/export", format=format))

    rows = csv_rows(content) if format == "csv" else xlsx_rows(content)
    assert [str(cell).lstrip("'") for cell in rows[1][:2]] == ["+1 ********00"] * 2


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_card_named_by_its_phone_comes_back_from_a_merge_named_by_its_phone(salon, api, format):
    client = named_by_phone(salon)
    content = download(api.get("/clients/export", format=format))
    rows = csv_rows(content) if format == "csv" else xlsx_rows(content)
    assert str(rows[1][0]).lstrip("'") == "+1 212-555-0100"  # as the phone column shows it

    result = finish(api, salon, start(api, f"x.{format}", content))

    assert (result["merged"], result["rejected"]) == (1, [])
    client.refresh_from_db()
    assert (client.name, client.version) == ("+12125550100", 1)
    without(salon, "administrator", "clients.view_phone")
    admin = salon.actor("administrator")
    assert shown_name(actor=admin, name=client.name, phone=client.phone) == "+1 ********00"


def test_a_card_named_by_its_phone_is_named_by_it_in_another_salon_too(salon, api, login_as):
    named_by_phone(salon)
    content = download(api.get("/clients/export", format="csv"))
    other = make_salon(name="Other")
    other_api = login_as("owner", of=other)

    finish(other_api, other, start(other_api, "x.csv", content))

    client = Client.objects.get(chain=other.chain)
    assert client.name == client.phone == "+12125550100"


def test_a_masked_number_is_never_taken_for_a_name(salon, api):
    existing = create_client(actor=salon.actor(), name="Ann", phone="(212) 555-0101")
    rows = [
        ["Name", "Phone"],
        ["+1 ********00", "+1 212 555 0100"],
        ["+1 ********01", "2125550101"],
    ]
    content = "\n".join(",".join(row) for row in rows).encode()

    result = finish(api, salon, start(api, "x.csv", content))

    assert (result["created"], result["merged"]) == (1, 1)
    existing.refresh_from_db()
    assert existing.name == "Ann"
    assert Client.objects.get(phone="+12125550100").name == "+12125550100"


def test_the_excel_export_leaves_out_characters_a_workbook_cannot_hold(salon, api):
    base_of(salon)
    Client.objects.filter(name="Maria Lopez").update(
        name="Maria\x07 Lopez", comment="tea\x1b\x0c, no coffee\ttab"
    )

    header, *rows = xlsx_rows(download(api.get("/clients/export", format="xlsx")))

    maria = next(row for row in rows if str(row[0]).startswith("Maria"))
    assert (maria[0], maria[10]) == ("Maria Lopez", "tea, no coffee\ttab")
