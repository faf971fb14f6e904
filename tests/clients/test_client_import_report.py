"""An import's report: a failure says where it stopped without the database's words (which may
quote the rows' phones), and a run that refuses thousands of rows keeps only the first of them
on the import (what the page and the API show) and every one in its download, while the
progress polled meanwhile does not read them at all."""

from __future__ import annotations

import csv
import io
import logging

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from salonbook.clients.models import ClientImport
from salonbook.clients.transfer import import_run, imports
from salonbook.clients.transfer.import_store import rejected_path
from salonbook.clients.transfer.tasks import import_clients
from tests.clients.test_client_import import confirm, csv_bytes, phone, private_files, start
from tests.pages import HTMX, browser_as
from tests.settings_pages import main_of

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db


def test_a_failure_is_reported_without_the_exception_which_goes_to_the_log(
    salon, api, monkeypatch, caplog
):
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 2)
    original = import_run.ImportRun._write
    calls = []

    def fail_in_the_second_chunk(self, rows):
        calls.append(1)
        if len(calls) >= 2:
            raise RuntimeError('duplicate key (phone)=(+12125550003) violates "unique_phone"')
        return original(self, rows)

    monkeypatch.setattr(import_run.ImportRun, "_write", fail_in_the_second_chunk)
    rows = [["Name", "Phone"]] + [[f"Client {i}", phone(i)] for i in range(5)]
    started = start(api, "c.csv", csv_bytes(rows))

    with caplog.at_level(logging.ERROR, logger="salonbook.clients.imports"):
        result = confirm(api, started["id"], started["mapping"]).json()

    assert result["status"] == "failed" and result["created"] == 2
    assert result["error"] == (
        "The import stopped at row 4 because of an internal error. The rows before it were "
        "imported; it and the rows after it were not."
    )
    assert "+1212555" not in result["error"]
    assert "unique_phone" in caplog.text


def test_an_integrity_error_twice_in_a_chunk_is_reported_the_same_way(salon, api, monkeypatch):
    def collide(self, rows):
        raise IntegrityError("Key (chain_id, phone)=(1, +12125550001) already exists.")

    monkeypatch.setattr(import_run.ImportRun, "_write", collide)
    started = start(api, "c.csv", csv_bytes([["Name", "Phone"], ["Ann", phone(1)]]))

    result = confirm(api, started["id"], started["mapping"]).json()

    assert result["error"] == (
        "The import stopped at row 2 because of an internal error. The rows before it were "
        "imported; it and the rows after it were not."
    )


# --- thousands of rejected rows ---------------------------------------------------------


@pytest.fixture
def many_rejected(salon, api, monkeypatch):
    """An import of 60 rows in chunks of 7: 45 refused (a bad e-mail), with room for 10 on
    the import itself; run by the worker's function."""
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 7)
    monkeypatch.setattr(import_run, "KEPT_REJECTED", 10)
    monkeypatch.setattr(imports, "INLINE_ROWS", 1)
    table = [["Name", "Phone", "E-mail"]]
    for i in range(60):
        table.append([f"C{i}", phone(i), f"c{i}@example.com" if i % 4 == 0 else f"bad{i}"])
    started = start(api, "c.csv", csv_bytes(table))
    assert confirm(api, started["id"], started["mapping"]).status_code == 202
    import_clients.call(started["id"], salon.owner.pk, "en")
    return started["id"]


REFUSED_ROWS = [i + 2 for i in range(60) if i % 4]


def test_the_import_keeps_the_first_rejected_rows_and_counts_them_all(api, many_rejected):
    body = api.get(f"/clients/imports/{many_rejected}").json()

    assert (body["status"], body["created"], body["rejected_count"]) == ("done", 15, 45)
    assert [entry["row"] for entry in body["rejected"]] == REFUSED_ROWS[:10]
    assert body["rejected"][0]["errors"] == {"email": "“bad1” is not an e-mail address."}
    assert len(ClientImport.objects.get().rejected) == 10


def test_every_rejected_row_is_in_the_download_on_the_page_and_in_the_api(
    salon, api, many_rejected
):
    page_csv = browser_as(salon).get(f"/clients/import/{many_rejected}/rejected.csv")
    api_csv = api.get(f"/clients/imports/{many_rejected}/rejected.csv")

    for response in (page_csv, api_csv):
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, *lines = list(csv.reader(io.StringIO(text)))
        assert header == ["Row", "Field", "Why"]
        assert [int(line[0]) for line in lines] == REFUSED_ROWS
        assert lines[-1][1:] == ["E-mail", "“bad59” is not an e-mail address."]


def test_the_report_page_counts_every_rejected_row_and_draws_those_kept(salon, many_rejected):
    page = main_of(browser_as(salon).get(f"/clients/import/{many_rejected}/"))

    assert 'data-count="rejected">45<' in page
    assert page.count('class="rejected-reason"') == 10
    assert "And 35 more rows." in page


def test_the_rejected_rows_file_stays_with_the_report_when_the_upload_goes(many_rejected):
    client_import = ClientImport.objects.get(pk=many_rejected)

    assert rejected_path(client_import).exists()
    assert rejected_path(client_import).name.endswith(".rejected.csv")


def test_the_progress_poll_does_not_read_the_rejected_rows(salon):
    client_import = ClientImport.objects.create(
        chain=salon.chain,
        file_name="big.csv",
        stored_name="x.csv",
        status=ClientImport.Status.RUNNING,
        total_rows=20_000,
        processed_rows=5000,
        created_count=1000,
        rejected=[{"row": n, "errors": {"email": "bad"}} for n in range(2, 1002)],
    )
    browser = browser_as(salon)

    with CaptureQueriesContext(connection) as queries:
        fragment = browser.get(f"/clients/import/{client_import.pk}/", headers=HTMX)

    assert fragment.status_code == 200
    assert "5000 of 20000 rows" in fragment.content.decode()
    reads = [q["sql"] for q in queries if "clients_clientimport" in q["sql"]]
    assert reads and not any('"rejected"' in sql for sql in reads)
