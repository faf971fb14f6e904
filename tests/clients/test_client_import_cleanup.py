"""Uploads nobody goes on with do not stay: the mapping step's Cancel deletes the import and its
file, and `salonbook prune_client_imports` deletes uploads left unconfirmed for a day and the
files under the imports directory that nothing needs."""

from __future__ import annotations

import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from salonbook.clients.models import ClientImport
from salonbook.clients.transfer import imports
from salonbook.clients.transfer.import_store import imports_dir, rejected_path, upload_path
from salonbook.sync.models import ChangeEvent
from tests.clients.test_client_import import confirm, csv_bytes, private_files, start
from tests.helpers_api import not_found, problem
from tests.pages import browser_as
from tests.salon import make_salon

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db

ROWS = csv_bytes([["Name"], ["Ann"], ["Bob"]])


def uploaded(browser) -> str:
    response = browser.post("/clients/import/", {"file": SimpleUploadedFile("c.csv", ROWS)})
    return response["Location"]


def test_cancel_on_the_mapping_step_deletes_the_import_and_its_file(
    salon, django_capture_on_commit_callbacks
):
    browser = browser_as(salon)
    detail = uploaded(browser)
    client_import = ClientImport.objects.get()
    kept = upload_path(client_import)
    assert kept.exists()
    page = browser.get(detail).content.decode()
    assert f'formaction="/clients/import/{client_import.pk}/cancel/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"/clients/import/{client_import.pk}/cancel/")

    assert (response.status_code, response["Location"]) == (302, "/clients/import/")
    assert not ClientImport.objects.exists() and not kept.exists()
    event = ChangeEvent.objects.filter(entity="client_import").latest("id")
    assert (event.action, event.entity_id, event.actor_id) == (
        "cancelled",
        client_import.pk,
        salon.owner.pk,
    )


def test_an_import_already_started_is_not_cancelled(salon, api):
    started = start(api, "c.csv", ROWS)
    confirm(api, started["id"], started["mapping"])
    browser = browser_as(salon)

    response = browser.post(f"/clients/import/{started['id']}/cancel/")

    assert response["Location"] == f"/clients/import/{started['id']}/"
    problem(api.delete(f"/clients/imports/{started['id']}"), 409)
    assert ClientImport.objects.get().status == "done"


def test_cancelling_is_a_post_and_another_chains_import_is_not_found(salon):
    browser = browser_as(salon)
    detail = uploaded(browser)
    other = browser_as(make_salon(name="Other"))

    assert browser.get(detail + "cancel/").status_code == 405
    assert other.post(detail + "cancel/").status_code == 404
    assert browser_as(salon, "specialist").post(detail + "cancel/").status_code == 403
    assert ClientImport.objects.exists()


def test_the_api_cancels_an_import_waiting_for_its_mapping(salon, api, login_as):
    started = start(api, "c.csv", ROWS)
    not_found(
        login_as("owner", of=make_salon(name="Other")).delete(f"/clients/imports/{started['id']}")
    )

    response = api.delete(f"/clients/imports/{started['id']}")

    assert response.status_code == 204
    assert not ClientImport.objects.exists()


# --- pruning ---------------------------------------------------------------------------


def aged(path, hours: float) -> None:
    past = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(path, (past, past))


def prune() -> str:
    out = StringIO()
    call_command("prune_client_imports", stdout=out)
    return out.getvalue()


def test_pruning_deletes_uploads_left_unconfirmed_for_a_day_and_files_nothing_needs(
    salon, api, monkeypatch
):
    monkeypatch.setattr(imports, "INLINE_ROWS", 0)
    old, fresh, queued, done = (start(api, f"{n}.csv", ROWS)["id"] for n in range(4))
    ClientImport.objects.filter(pk=old).update(created_at=timezone.now() - timedelta(hours=25))
    confirm(api, queued, {"Name": "name"})
    monkeypatch.setattr(imports, "INLINE_ROWS", 500)
    confirm(api, done, {"Name": "name"})
    by_id = ClientImport.objects.in_bulk()
    # The done import's upload was left behind (its deletion after commit never ran here),
    # and it has a rejected rows' file; a stray file is old, another one is being uploaded.
    rejected_path(by_id[done]).write_text("3,name,why\n")
    stray, uploading = imports_dir() / "stray.csv", imports_dir() / "uploading.xlsx"
    stray.write_text("Name\nAnn\n")
    uploading.write_text("Name\nAnn\n")
    for path in imports_dir().iterdir():
        aged(path, 2)
    aged(uploading, 0.1)

    said = prune()

    assert said == "Deleted 1 unconfirmed import(s) and 2 stray file(s).\n"
    assert set(ClientImport.objects.values_list("pk", flat=True)) == {fresh, queued, done}
    left = {p.name for p in imports_dir().iterdir()}
    assert left == {
        upload_path(by_id[fresh]).name,
        upload_path(by_id[queued]).name,
        rejected_path(by_id[done]).name,
        "uploading.xlsx",
    }
    event = ChangeEvent.objects.get(entity="client_import", action="expired")
    assert (event.entity_id, event.actor_id) == (old, None)


def test_pruning_with_nothing_to_do_says_so(db):
    assert prune() == "Deleted 0 unconfirmed import(s) and 0 stray file(s).\n"
