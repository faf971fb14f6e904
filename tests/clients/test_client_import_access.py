"""Who may import and what they see: an import writes cards, so it needs the rights to add
clients and, to merge, to edit them (checked when confirmed and again when it runs); the
preview masks phone numbers for a role that may not see them, on the page and in the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from salonbook.accounts.models import Role
from salonbook.clients.models import Client, ClientImport
from salonbook.clients.services import create_client
from salonbook.clients.transfer import imports
from salonbook.clients.transfer.tasks import import_clients
from tests.clients.test_client_import import (
    confirm,
    csv_bytes,
    import_file,
    phone,
    private_files,
    start,
    upload,
)
from tests.helpers_api import not_allowed
from tests.pages import browser_as
from tests.settings_pages import main_of

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db


def set_rights(salon, role: str, *, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()):
    row = Role.objects.get(chain=salon.chain, key=role)
    row.permissions = [p for p in row.permissions if p not in remove] + list(add)
    row.save()


ROWS = [["Phone", "Name"], [phone(100), "Hacked"]]


def test_importing_needs_the_right_to_add_clients(salon, login_as, api):
    started = start(api, "c.csv", csv_bytes(ROWS))
    set_rights(salon, "administrator", remove=("clients.create",))
    admin = login_as("administrator")

    not_allowed(upload(admin, "c.csv", csv_bytes(ROWS)))
    not_allowed(confirm(admin, started["id"], started["mapping"], on_duplicate="skip"))
    assert ClientImport.objects.get().status == "preview" and not Client.objects.exists()


def test_merging_needs_the_right_to_edit_clients(salon, login_as):
    existing = create_client(actor=salon.actor(), name="Ann", phone=phone(100))
    set_rights(salon, "specialist", add=("clients.import",))
    specialist = login_as("specialist")  # may add clients, not edit them
    started = start(specialist, "c.csv", csv_bytes(ROWS))

    not_allowed(confirm(specialist, started["id"], started["mapping"], on_duplicate="merge"))
    result = confirm(specialist, started["id"], started["mapping"], on_duplicate="skip").json()

    assert (result["status"], result["skipped"]) == ("done", 1)
    existing.refresh_from_db()
    assert (existing.name, existing.version) == ("Ann", 1)


def test_rights_taken_away_before_the_worker_runs_fail_the_import_unwritten(
    salon, api, monkeypatch
):
    monkeypatch.setattr(imports, "INLINE_ROWS", 0)
    create_client(actor=salon.actor(), name="Ann", phone=phone(100))
    started = start(api, "c.csv", csv_bytes(ROWS))
    assert confirm(api, started["id"], started["mapping"], "merge").status_code == 202
    set_rights(salon, "owner", remove=("clients.edit",))

    import_clients.call(started["id"], salon.owner.pk, "en")

    client_import = ClientImport.objects.get()
    assert client_import.status == "failed" and client_import.error
    assert Client.objects.get().name == "Ann"


def test_the_mapping_page_offers_merge_only_to_who_may_edit_cards(salon):
    set_rights(salon, "specialist", add=("clients.import",))
    browser = browser_as(salon, "specialist")
    detail = browser.post("/clients/import/", {"file": SimpleUploadedFile("c.csv", b"Name\nAnn")})

    page = main_of(browser.get(detail["Location"]))

    assert 'name="on_duplicate" value="merge" disabled' in page
    assert "needs the right to edit them" in page


# --- the preview masks phones --------------------------------------------------------

PREVIEW = [
    ["Client", "Tel", "Other number", "Note"],
    [phone(177), phone(177), "+1 212 555 0178", "call after 5"],
    ["Ann", "12-34-56", "", "room 12"],
]


def test_the_preview_masks_phones_for_a_role_that_may_not_see_them(salon, login_as):
    set_rights(salon, "specialist", add=("clients.import",), remove=("clients.view_phone",))

    body = start(login_as("specialist"), "c.csv", csv_bytes(PREVIEW))

    assert body["mapping"]["Tel"] == "phone"
    # The phone column, a card named by its number, and a number in any other column.
    assert body["rows"][0]["cells"] == [
        "+1 ********77",
        "+1 ********77",
        "+1 ********78",
        "call after 5",
    ]
    # Not a number, still in the phone column: its digits but the last two are hidden.
    assert body["rows"][1]["cells"] == ["Ann", "**-**-56", "", "room 12"]
    again = imports.client_import_preview(actor=salon.actor("specialist"), import_id=body["id"])
    assert again["rows"][0]["cells"][:3] == body["rows"][0]["cells"][:3]


def test_the_preview_shows_phones_whole_to_who_may_see_them(api):
    body = start(api, "c.csv", csv_bytes(PREVIEW))

    assert body["rows"][0]["cells"][:3] == [phone(177), phone(177), "+1 212 555 0178"]


def test_the_mapping_page_masks_phones_for_a_role_that_may_not_see_them(salon):
    owner = browser_as(salon)
    upload_response = owner.post(
        "/clients/import/", {"file": SimpleUploadedFile("c.csv", csv_bytes(PREVIEW))}
    )
    set_rights(salon, "specialist", add=("clients.import",), remove=("clients.view_phone",))

    page = main_of(browser_as(salon, "specialist").get(upload_response["Location"]))

    assert "555 0177" not in page and "555 0178" not in page
    assert "<td>+1 ********77</td>" in page
    assert "555 0177" in main_of(owner.get(upload_response["Location"]))


def test_a_small_import_by_a_role_given_every_right_writes_its_cards(salon, login_as):
    set_rights(salon, "specialist", add=("clients.import", "clients.edit"))

    result = import_file(login_as("specialist"), salon, "c.csv", csv_bytes(ROWS), role="specialist")

    assert result["created"] == 1
