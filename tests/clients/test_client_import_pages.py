"""The import pages: upload, the mapping step (the first rows, a field per column, Merge or
Skip), the progress polled while the worker runs, and the report with the rejected rows."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from salonbook.clients.models import Client, ClientImport
from salonbook.clients.services import create_additional_field
from salonbook.clients.transfer import imports
from salonbook.clients.transfer.tasks import import_clients
from tests.clients.test_client_import import csv_bytes, phone, private_files
from tests.pages import HTMX, browser_as
from tests.salon import make_salon
from tests.settings_pages import forbidden, main_of, not_found

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db

ROWS = [
    ["ФИО", "Phone", "Notes", "Extra"],
    ["Anna", phone(1), "first", "x"],
    ["Bob", "12", "", "y"],
    ["", "", "nothing", "z"],
    ["Cleo", phone(3), "", ""],
]


def uploaded(browser, rows=ROWS, name="clients.csv"):
    file = SimpleUploadedFile(name, csv_bytes(rows))
    return browser.post("/clients/import/", {"file": file})


def mapping_form(response) -> dict[str, str]:
    """The mapping step's form as a browser would send it: each select's chosen option."""
    page = main_of(response)
    form: dict[str, str] = {}
    for name, options in re.findall(r'<select name="(map-\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        form[name] = chosen.group(1) if chosen else ""
    checked = re.search(r'name="on_duplicate" value="(\w+)" checked', page)
    form["on_duplicate"] = checked.group(1) if checked else ""
    return form


def test_the_upload_page_offers_a_file_and_the_exports(salon):
    response = browser_as(salon).get("/clients/import/")

    page = main_of(response)
    assert response.status_code == 200
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "/clients/export/?format=xlsx" in page and "/clients/export/?format=csv" in page


def test_importing_is_refused_to_a_role_without_the_right(salon):
    browser = browser_as(salon, "specialist")

    forbidden(browser.get("/clients/import/"))
    forbidden(uploaded(browser))
    assert not ClientImport.objects.exists()


def test_a_file_that_is_no_table_is_refused_on_the_form(salon):
    response = uploaded(browser_as(salon), name="photo.png")

    assert response.status_code == 422
    assert "Upload a CSV file or an Excel workbook" in main_of(response)


def test_an_upload_leads_to_the_mapping_step_with_the_first_rows_and_guesses(salon):
    browser = browser_as(salon)

    response = uploaded(browser)

    client_import = ClientImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/clients/import/{client_import.pk}/"
    page_response = browser.get(response["Location"])
    page = main_of(page_response)
    assert page_response.status_code == 200
    assert "clients.csv" in page and "<progress" not in page
    for cell in ("Anna", "Bob", "nothing", "Cleo"):
        assert f"<td>{cell}</td>" in page
    assert mapping_form(page_response) == {
        "map-0": "name",
        "map-1": "phone",
        "map-2": "comment",
        "map-3": "",
        "on_duplicate": "skip",
    }
    assert "Do not import" in page and ">Birth date<" in page
    assert "Merge" in page and "Skip" in page


def test_a_mapping_without_the_name_or_the_phone_comes_back_with_the_choice_kept(salon):
    browser = browser_as(salon)
    detail = uploaded(browser)["Location"]
    form = {"map-0": "", "map-1": "", "map-2": "comment", "map-3": "", "on_duplicate": "merge"}

    response = browser.post(detail, form)

    assert response.status_code == 422
    assert "Choose the column with the client" in main_of(response)
    assert mapping_form(response) == form
    assert ClientImport.objects.get().status == "preview"


def test_a_field_chosen_for_two_columns_is_refused_at_the_second(salon):
    browser = browser_as(salon)
    detail = uploaded(browser)["Location"]
    form = {"map-0": "name", "map-1": "phone", "map-2": "name", "map-3": "", "on_duplicate": "skip"}

    response = browser.post(detail, form)

    assert response.status_code == 422
    page = main_of(response)
    assert "is already filled from the column" in page
    assert page.index("already filled") > page.index('name="map-2"')


def test_a_small_import_shows_its_report_at_once(salon):
    browser = browser_as(salon)
    detail = uploaded(browser)["Location"]

    response = browser.post(detail, mapping_form(browser.get(detail)), follow=True)

    page = main_of(response)
    assert response.redirect_chain[-1][0] == detail
    assert "The import is done." in page and "<progress" not in page
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', page))
    assert counts == {"created": "2", "merged": "0", "skipped": "0", "rejected": "2"}
    rows = re.findall(r'<td class="num">(\d+)</td><td>(.*?)</td>', page, re.S)
    assert [(row, "Phone:" in why, "Name:" in why) for row, why in rows] == [
        ("3", True, False),
        ("4", False, True),
    ]
    assert set(Client.objects.values_list("name", flat=True)) == {"Anna", "Cleo"}


def test_the_rejected_rows_download_as_csv_with_the_field_and_why(salon):
    browser = browser_as(salon)
    detail = uploaded(browser)["Location"]
    browser.post(detail, mapping_form(browser.get(detail)))

    response = browser.get(detail + "rejected.csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.splitlines()[0] == "Row,Field,Why"
    assert text.splitlines()[1].startswith("3,Phone,")
    assert text.splitlines()[2] == "4,Name,Give the client's name or phone."


def test_a_large_import_shows_a_progress_bar_polled_until_the_report(salon, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_ROWS", 2)
    create_additional_field(actor=salon.actor(), applies_to="client", key="notes", label="Notes")
    browser = browser_as(salon)
    detail = uploaded(browser)["Location"]
    form = mapping_form(browser.get(detail))
    assert form["map-2"] == "field:notes"  # the chain's own field before a likely name

    queued = browser.post(detail, form, follow=True)

    page = main_of(queued)
    assert "Waiting to start" in page
    assert re.search(r'<progress max="4" value="0">', page)
    assert f'hx-get="{detail}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    poll = browser.get(detail, headers=HTMX)
    fragment = poll.content.decode()
    assert 'id="import-status"' in fragment
    assert "<html" not in fragment and 'hx-trigger="every 1s"' in fragment

    client_import = ClientImport.objects.get()
    import_clients.call(client_import.pk, salon.owner.pk, "en")

    done = browser.get(detail, headers=HTMX).content.decode()
    assert "hx-trigger" not in done  # the report stops the polling
    assert 'data-count="created">2<' in done and 'data-count="rejected">2<' in done


def test_the_progress_shows_how_far_a_running_import_is(salon):
    client_import = ClientImport.objects.create(
        chain=salon.chain,
        file_name="big.csv",
        stored_name="x.csv",
        status=ClientImport.Status.RUNNING,
        total_rows=2000,
        processed_rows=500,
    )

    page = main_of(browser_as(salon).get(f"/clients/import/{client_import.pk}/"))

    assert "Importing" in page and '<progress max="2000" value="500">' in page
    assert "500 of 2000 rows" in page


def test_a_failed_import_says_why(salon):
    client_import = ClientImport.objects.create(
        chain=salon.chain,
        file_name="big.csv",
        stored_name="x.csv",
        status=ClientImport.Status.FAILED,
        total_rows=2000,
        processed_rows=500,
        created_count=500,
        error="The import stopped at row 502: OperationalError: disk I/O error.",
    )

    page = main_of(browser_as(salon).get(f"/clients/import/{client_import.pk}/"))

    assert "stopped at row 502" in page and 'data-count="created">500<' in page


def test_another_chains_import_page_is_not_found(salon):
    browser = browser_as(salon)
    detail = uploaded(browser)["Location"]
    other = make_salon(name="Other")

    not_found(browser_as(other).get(detail))
    not_found(browser_as(other).post(detail, {"map-0": "name", "on_duplicate": "skip"}))
    not_found(browser_as(other).get(detail + "rejected.csv"))
    assert ClientImport.objects.get().status == "preview"


def test_the_recent_imports_are_listed_on_the_upload_page(salon):
    browser = browser_as(salon)
    detail = uploaded(browser, name="spring.csv")["Location"]

    page = main_of(browser.get("/clients/import/"))

    assert "spring.csv" in page and f'href="{detail}"' in page
    assert "Waiting for the column mapping" in page
