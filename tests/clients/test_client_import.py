"""Importing clients from a CSV or Excel file through the API: a few thousand rows with broken
ones (every refusal reported with its row and field, nothing of a refused row written),
duplicates merged or skipped, the mapping's refusals, rights, other chains, encodings and
delimiters, and a failure in the middle that keeps what was written before it whole."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from salonbook.accounts.models import Role
from salonbook.clients.models import AdditionalField, Client, ClientImport
from salonbook.clients.services import create_additional_field, create_client
from salonbook.clients.transfer import import_run
from salonbook.clients.transfer.tasks import import_clients
from salonbook.sync.models import ChangeEvent
from tests.helpers_api import field_errors, not_allowed, not_found, problem, refused_for_field
from tests.salon import make_salon

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Phone", "E-mail", "Birth date", "Gender", "Allergies", "Comment"]
GUESSED = {
    "Name": "name",
    "Phone": "phone",
    "E-mail": "email",
    "Birth date": "birth_date",
    "Gender": "gender",
    "Allergies": "field:allergies",
    "Comment": "comment",
}
BIRTH_DATES = ["1990-05-17", "17.05.1990", "17/05/1990"]
GENDERS = [("female", "female"), ("м", "male"), ("Female", "female"), ("", "")]


# --- helpers shared by the other import and export tests -------------------------------


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files go under the test's own directory."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


def csv_bytes(rows: list[list[Any]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(api, name: str, content: bytes):
    return api.client.post("/api/v1/clients/imports", {"file": SimpleUploadedFile(name, content)})


def confirm(api, import_id: int, mapping: dict[str, str], on_duplicate: str = "merge"):
    return api.post(
        f"/clients/imports/{import_id}/confirm", {"mapping": mapping, "on_duplicate": on_duplicate}
    )


def start(api, name: str, content: bytes) -> dict[str, Any]:
    response = upload(api, name, content)
    assert response.status_code == 201, response.content
    return response.json()


def finish(
    api,
    salon,
    started: dict[str, Any],
    *,
    on_duplicate: str = "merge",
    mapping: dict[str, str] | None = None,
    role: str = "owner",
) -> dict[str, Any]:
    """Confirm with the guessed mapping (or `mapping`) and, when the import went to the
    background, run its job's function here; the import as GET /clients/imports/{id} says."""
    response = confirm(api, started["id"], mapping or started["mapping"], on_duplicate)
    assert response.status_code in (200, 202), response.content
    if response.status_code == 202:
        import_clients.call(started["id"], salon.users[role].pk, "en")
    return api.get(f"/clients/imports/{started['id']}").json()


def import_file(api, salon, name: str, content: bytes, **options: Any) -> dict[str, Any]:
    return finish(api, salon, start(api, name, content), **options)


def allergies_field(salon) -> AdditionalField:
    return create_additional_field(
        actor=salon.actor(), applies_to="client", key="allergies", label="Allergies", required=True
    )


def phone(i: int) -> str:
    return f"+1 212 555 {i:04d}"


def e164(i: int) -> str:
    return f"+1212555{i:04d}"


# --- a few thousand rows with broken ones ----------------------------------------------

# Within every 500 rows, the row at this offset is broken in this way (or duplicates).
BAD_PHONE, BAD_DATE, BAD_EMAIL, NO_NAME_NOR_PHONE, NO_ALLERGIES, TWO_ERRORS = 7, 11, 13, 17, 19, 31
FILE_DUPLICATE, BASE_DUPLICATE, NUMERIC_PHONE = 23, 29, 3
BROKEN = {
    BAD_PHONE: {"phone"},
    BAD_DATE: {"birth_date"},
    BAD_EMAIL: {"email"},
    NO_NAME_NOR_PHONE: {"name"},
    NO_ALLERGIES: {"field:allergies"},
    TWO_ERRORS: {"phone", "email"},
}


def existing_phone(i: int) -> int:
    return 9000 + i // 500


def big_table(count: int, *, excel: bool = False) -> list[list[Any]]:
    rows: list[list[Any]] = [HEADER]
    for i in range(count):
        birth: Any = BIRTH_DATES[i % 3]
        if excel and i % 3 == 0:
            birth = date(1990, 5, 17)  # a real date cell
        row: list[Any] = [
            f"Client {i}",
            phone(i),
            f"c{i}@example.com",
            birth,
            GENDERS[i % 4][0],
            "none",
            "",
        ]
        kind = i % 500
        if kind == BAD_PHONE:
            row[1] = "12-34"
        elif kind == BAD_DATE:
            row[3] = "31.02.1990"
        elif kind == BAD_EMAIL:
            row[2] = f"c{i}-at-example"
        elif kind == NO_NAME_NOR_PHONE:
            row[0] = row[1] = ""
        elif kind == NO_ALLERGIES:
            row[5] = ""
        elif kind == TWO_ERRORS:
            row[1], row[2] = "phone?", "mail?"
        elif kind == FILE_DUPLICATE:
            row[0], row[1] = f"Client {i} again", phone(i - 1)
        elif kind == BASE_DUPLICATE:
            row[1] = phone(existing_phone(i))
        elif kind == NUMERIC_PHONE and excel:
            row[1] = int(f"1212555{i:04d}")  # a phone Excel keeps as a number
        rows.append(row)
    return rows


def existing_clients(salon, count: int) -> dict[int, Client]:
    actor = salon.actor()
    return {
        i: create_client(
            actor=actor,
            name=f"Existing {i}",
            phone=phone(existing_phone(i)),
            comment="keep me",
            field_values={"allergies": "pollen"},
        )
        for i in range(BASE_DUPLICATE, count, 500)
    }


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "xlsx"])
def test_thousands_of_rows_import_with_every_broken_row_reported_and_nothing_of_it_written(
    salon, api, excel
):
    count = 3000
    allergies_field(salon)
    before = existing_clients(salon, count)
    table = big_table(count, excel=excel)
    content = xlsx_bytes(table) if excel else csv_bytes(table)

    started = start(api, "clients.xlsx" if excel else "clients.csv", content)
    assert (started["mapping"], started["total_rows"]) == (GUESSED, count)
    result = finish(api, salon, started)

    blocks = count // 500
    assert result["status"] == "done", result["error"]
    assert (result["processed_rows"], result["total_rows"]) == (count, count)
    assert result["rejected_count"] == len(BROKEN) * blocks
    assert (result["merged"], result["skipped"]) == (2 * blocks, 0)
    assert result["created"] == count - len(BROKEN) * blocks - 2 * blocks
    # Every refused row, by its row in the file (the header is row 1) and its fields.
    reported = {entry["row"]: set(entry["errors"]) for entry in result["rejected"]}
    assert reported == {
        block * 500 + kind + 2: fields for block in range(blocks) for kind, fields in BROKEN.items()
    }
    assert all(all(entry["errors"].values()) for entry in result["rejected"])
    lives = Client.objects.filter(chain=salon.chain, deleted_at__isnull=True)
    assert lives.count() == result["created"] + len(before)
    for block in range(blocks):
        base = block * 500
        # Nothing of a refused row: neither its phone nor its name is in the base.
        for kind in (BAD_DATE, BAD_EMAIL, NO_ALLERGIES):
            assert not lives.filter(phone=e164(base + kind)).exists()
        assert not lives.filter(name__in=[f"Client {base + k}" for k in BROKEN]).exists()
        # A phone repeated in the file merged into the card its first row made.
        repeated = lives.get(phone=e164(base + FILE_DUPLICATE - 1))
        assert (repeated.name, repeated.email) == (
            f"Client {base + FILE_DUPLICATE} again",
            f"c{base + FILE_DUPLICATE}@example.com",
        )
        # A phone of the base merged into that card: filled cells overwrite, others stay.
        existing = lives.get(pk=before[base + BASE_DUPLICATE].pk)
        assert (existing.name, existing.comment, existing.version) == (
            f"Client {base + BASE_DUPLICATE}",
            "keep me",
            2,
        )
        assert existing.field_values == {"allergies": "none"}
    sample = lives.get(phone=e164(1))
    assert (sample.birth_date, sample.gender, sample.email) == (
        date(1990, 5, 17),
        "male",
        "c1@example.com",
    )
    assert sample.field_values == {"allergies": "none"}
    assert sample.search_text == "client 1 c1@example.com" and sample.phone_digits
    assert lives.filter(birth_date=date(1990, 5, 17)).count() == lives.count()
    if excel:
        assert lives.filter(phone=e164(NUMERIC_PHONE)).exists()


def test_each_chunk_is_one_change_event_naming_the_cards_it_created_and_changed(
    salon, api, monkeypatch
):
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 100)
    allergies_field(salon)
    before = existing_clients(salon, 250)
    result = import_file(api, salon, "clients.csv", csv_bytes(big_table(250)))

    events = list(
        ChangeEvent.objects.filter(entity="client_import", entity_id=result["id"]).order_by("id")
    )
    assert [e.action for e in events] == [
        "uploaded",
        "queued",
        "rows_imported",
        "rows_imported",
        "rows_imported",
        "done",
    ]
    chunks = [e.data for e in events if e.action == "rows_imported"]
    assert [c["rows"] for c in chunks] == [[2, 101], [102, 201], [202, 251]]
    created = [pk for c in chunks for pk in c["created"]]
    assert len(created) == result["created"]
    assert set(created) == set(
        Client.objects.filter(chain=salon.chain)
        .exclude(pk__in=[c.pk for c in before.values()])
        .values_list("pk", flat=True)
    )
    assert [pk for c in chunks for pk in c["merged"]] == [before[BASE_DUPLICATE].pk]
    assert events[-1].data == {
        "rows": 250,
        "processed": 250,
        "created": result["created"],
        "merged": 2,
        "skipped": 0,
        "rejected": len(BROKEN),
    }


def test_skip_leaves_the_client_with_that_phone_as_it_was_and_counts_the_row(salon, api):
    allergies_field(salon)
    before = existing_clients(salon, 500)
    result = import_file(api, salon, "clients.csv", csv_bytes(big_table(500)), on_duplicate="skip")

    assert (result["created"], result["merged"], result["skipped"]) == (
        500 - len(BROKEN) - 2,
        0,
        2,
    )
    existing = Client.objects.get(pk=before[BASE_DUPLICATE].pk)
    assert (existing.name, existing.version) == (f"Existing {BASE_DUPLICATE}", 1)
    first = Client.objects.get(phone=e164(FILE_DUPLICATE - 1))
    assert first.name == f"Client {FILE_DUPLICATE - 1}"


def test_a_merge_fills_a_required_field_from_the_card_when_the_row_leaves_it_empty(salon, api):
    allergies_field(salon)
    existing = create_client(
        actor=salon.actor(), name="Ann", phone=phone(1), field_values={"allergies": "nuts"}
    )
    rows = [["Phone", "Comment", "Allergies"], [phone(1), "VIP", ""], [phone(2), "new", ""]]

    result = import_file(api, salon, "c.csv", csv_bytes(rows))

    assert (result["merged"], result["created"]) == (1, 0)
    assert result["rejected"] == [
        {"row": 3, "errors": {"field:allergies": "Allergies is required."}}
    ]
    existing.refresh_from_db()
    assert (existing.name, existing.comment, existing.field_values) == (
        "Ann",
        "VIP",
        {"allergies": "nuts"},
    )


def test_a_row_with_only_a_phone_makes_a_card_named_by_it(salon, api):
    result = import_file(api, salon, "c.csv", csv_bytes([["Phone"], ["(212) 555-0100"]]))

    assert result["created"] == 1
    client = Client.objects.get(chain=salon.chain)
    assert (client.name, client.phone) == ("+12125550100", "+12125550100")


def test_card_fields_are_read_in_english_and_russian_words(salon, api):
    header = ["ФИО", "Телефон", "Пол", "Класс", "Скидка", "Поздравлять с днём рождения",
              "Исключить из SMS-рассылок", "Номер карты", "Примечание"]  # fmt: skip
    rows = [
        header,
        ["Анна", phone(1), "ж", "Золото", "10,5", "да", "нет", "A-1", "Хорошая"],
        ["Bob", phone(2), "Male", "silver", "5%", "yes", "Yes", "B-2", ""],
        ["Cat", phone(3), "кот", "platinum", "150", "maybe", "", "", ""],
    ]
    started = upload(api, "c.csv", csv_bytes(rows))
    mapping = started.json()["mapping"]
    assert mapping == {
        "ФИО": "name",
        "Телефон": "phone",
        "Пол": "gender",
        "Класс": "importance",
        "Скидка": "prediscount",
        "Поздравлять с днём рождения": "sms_birthday",
        "Исключить из SMS-рассылок": "sms_excluded",
        "Номер карты": "card_number",
        "Примечание": "comment",
    }
    result = confirm(api, started.json()["id"], mapping).json()

    anna, bob = (Client.objects.get(phone=e164(i)) for i in (1, 2))
    assert (anna.gender, anna.importance, str(anna.prediscount)) == ("female", "gold", "10.50")
    assert (anna.sms_birthday, anna.sms_excluded, anna.card_number) == (True, False, "A-1")
    assert (bob.gender, bob.importance, str(bob.prediscount)) == ("male", "silver", "5.00")
    assert (bob.sms_birthday, bob.sms_excluded) == (True, True)
    assert result["rejected"][0]["row"] == 4
    assert set(result["rejected"][0]["errors"]) == {
        "gender",
        "importance",
        "prediscount",
        "sms_birthday",
    }


# --- files: encodings, delimiters, and what is refused ---------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_files_are_read_whatever_their_delimiter_and_encoding(salon, api, delimiter, encoding):
    rows = [["Имя", "Телефон", "Дата рождения"], ["Ёлкина, Анна", phone(5), "01.02.1985"]]

    result = import_file(api, salon, "база.csv", csv_bytes(rows, delimiter, encoding))

    assert (result["created"], result["rejected"]) == (1, [])
    client = Client.objects.get(chain=salon.chain)
    assert (client.name, client.phone, client.birth_date) == (
        "Ёлкина, Анна",
        e164(5),
        date(1985, 2, 1),
    )


def test_a_russian_excel_csv_with_semicolons_in_cp1251_reads_national_numbers(login_as):
    moscow = make_salon(name="Moscow", time_zone="Europe/Moscow", country="RU", currency="RUB")
    api = login_as("owner", of=moscow)
    rows = [
        ["ФИО", "Телефон", "Дата рождения", "Пол"],
        ["Иванова Мария", "8 (916) 123-45-67", "17.05.1990", "Ж"],
        ["Петров Пётр", "+7 916 765-43-21", "", "М"],
    ]

    result = import_file(api, moscow, "клиенты.csv", csv_bytes(rows, ";", "cp1251"))

    assert (result["created"], result["rejected"]) == (2, [])
    maria = Client.objects.get(chain=moscow.chain, phone="+79161234567")
    assert (maria.name, maria.birth_date, maria.gender) == (
        "Иванова Мария",
        date(1990, 5, 17),
        "female",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "Upload a CSV file"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "old Excel file"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "not an Excel workbook"),
        ("empty.csv", b"", "empty"),
        ("header.csv", b"Name,Phone\r\n", "no rows"),
    ],
)
def test_files_that_are_no_table_of_clients_are_refused_and_not_kept(
    api, private_files, name, content, message
):
    response = upload(api, name, content)

    assert message in refused_for_field(response, "file")[0]
    assert not ClientImport.objects.exists()
    assert not any((private_files / "imports").glob("*"))


def test_more_rows_than_the_limit_are_refused(api, monkeypatch):
    monkeypatch.setattr("salonbook.clients.transfer.import_files.MAX_ROWS", 3)

    response = upload(api, "c.csv", csv_bytes([["Name"], ["a"], ["b"], ["c"], ["d"]]))

    assert "more than 3 rows" in refused_for_field(response, "file")[0]


def test_the_upload_is_kept_outside_the_web_root_under_a_random_name_until_done(
    salon, api, private_files, django_capture_on_commit_callbacks
):
    started = upload(api, "Maria's clients.csv", csv_bytes([["Name"], ["Maria"]])).json()
    client_import = ClientImport.objects.get(pk=started["id"])

    kept = private_files / "imports" / client_import.stored_name
    assert kept.exists() and "Maria" not in client_import.stored_name
    assert client_import.file_name == "Maria's clients.csv"
    with django_capture_on_commit_callbacks(execute=True):
        confirm(api, started["id"], {"Name": "name"})
    assert not kept.exists()


# --- the mapping -----------------------------------------------------------------------


@pytest.fixture
def started(api):
    rows = [["Name", "Phone", "Mail"], ["Ann", phone(1), "ann@example.com"]]
    return upload(api, "c.csv", csv_bytes(rows)).json()


def test_the_preview_shows_the_columns_the_first_rows_and_what_a_column_can_fill(salon, api):
    create_additional_field(
        actor=salon.actor(), applies_to="client", key="source", label="Where from"
    )
    rows = [["Name", "", "Where from", "Name"]] + [[f"N{i}", "x", "web", "y"] for i in range(20)]

    body = upload(api, "c.csv", csv_bytes(rows)).json()

    assert body["columns"] == ["Name", "Column 2", "Where from", "Name (2)"]
    assert [r["row"] for r in body["rows"]] == list(range(2, 12))
    assert body["rows"][0]["cells"] == ["N0", "x", "web", "y"]
    assert body["mapping"] == {
        "Name": "name",
        "Column 2": "",
        "Where from": "field:source",
        "Name (2)": "",
    }
    assert body["targets"]["field:source"] == "Where from"
    assert body["targets"]["birth_date"] == "Birth date"
    assert (body["status"], body["total_rows"]) == ("preview", 20)


def test_a_mapping_without_the_name_or_the_phone_is_refused(api, started):
    response = confirm(api, started["id"], {"Mail": "email"})

    assert "name or phone" in refused_for_field(response, "mapping")[0]
    assert ClientImport.objects.get(pk=started["id"]).status == "preview"


def test_a_field_filled_from_two_columns_is_refused(api, started):
    response = confirm(api, started["id"], {"Name": "name", "Phone": "name"})

    assert "already filled" in refused_for_field(response, "mapping.Phone")[0]


@pytest.mark.parametrize(
    ("mapping", "field"),
    [
        ({"Name": "name", "Nope": "phone"}, "mapping.Nope"),
        ({"Name": "nickname"}, "mapping.Name"),
        ({"Name": "field:allergies"}, "mapping.Name"),
    ],
)
def test_unknown_columns_and_fields_are_refused(api, started, mapping, field):
    refused_for_field(confirm(api, started["id"], mapping), field)


def test_duplicates_are_merged_or_skipped_nothing_else(api, started):
    response = confirm(api, started["id"], {"Name": "name"}, on_duplicate="replace")

    assert "on_duplicate" in field_errors(response)


def test_an_import_is_started_once(api, started):
    assert confirm(api, started["id"], {"Name": "name"}).status_code == 200

    again = confirm(api, started["id"], {"Name": "name", "Phone": "phone"})

    problem(again, 409)
    assert Client.objects.count() == 1


# --- rights and chains -----------------------------------------------------------------


def test_importing_needs_the_right_to_import(salon, login_as, api, started):
    specialist = login_as("specialist")

    not_allowed(upload(specialist, "c.csv", csv_bytes([["Name"], ["Ann"]])))
    not_allowed(confirm(specialist, started["id"], {"Name": "name"}))
    not_allowed(specialist.get(f"/clients/imports/{started['id']}"))
    assert ClientImport.objects.count() == 1 and not Client.objects.exists()


def test_a_role_given_the_right_may_import(salon, login_as):
    role = Role.objects.get(chain=salon.chain, key="specialist")
    role.permissions = [*role.permissions, "clients.import"]
    role.save()

    result = import_file(
        login_as("specialist"),
        salon,
        "c.csv",
        csv_bytes([["Name"], ["Ann"]]),
        role="specialist",
        on_duplicate="skip",
    )

    assert result["created"] == 1


def test_another_chains_import_is_not_found(salon, login_as, started):
    other = make_salon(name="Other")
    stranger = login_as("owner", of=other)

    not_found(stranger.get(f"/clients/imports/{started['id']}"))
    not_found(confirm(stranger, started["id"], {"Name": "name"}))
    assert ClientImport.objects.get(pk=started["id"]).status == "preview"


# --- a failure in the middle -----------------------------------------------------------


def test_a_failing_chunk_is_rolled_back_whole_and_the_import_says_where_it_stopped(
    salon, api, monkeypatch
):
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 100)
    original = import_run.ImportRun._report
    calls = []

    def fail_in_the_second_chunk(self, rows, chunk):
        original(self, rows, chunk)  # its cards and progress are written, then it breaks
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    monkeypatch.setattr(import_run.ImportRun, "_report", fail_in_the_second_chunk)
    rows = [["Name", "Phone"]] + [[f"Client {i}", phone(i)] for i in range(250)]
    started = upload(api, "c.csv", csv_bytes(rows)).json()

    result = confirm(api, started["id"], {"Name": "name", "Phone": "phone"}).json()

    assert result["status"] == "failed"
    assert (result["processed_rows"], result["created"]) == (100, 100)
    assert "row 102" in result["error"] and "internal error" in result["error"]
    names = set(Client.objects.filter(chain=salon.chain).values_list("name", flat=True))
    assert names == {f"Client {i}" for i in range(100)}
    assert ChangeEvent.objects.filter(entity_id=started["id"], action="rows_imported").count() == 1


def test_a_job_delivered_twice_imports_once(salon, api, started):
    confirm(api, started["id"], {"Name": "name"})

    again = import_run.run_client_import(actor=salon.actor(), import_id=started["id"])

    assert again.created_count == 1 and Client.objects.count() == 1
