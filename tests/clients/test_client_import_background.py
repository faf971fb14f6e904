"""A large import goes to the background: its job is stored by the database backend with the
import, and the real worker (django-tasks-db's db_worker) runs it to the end.

These tests commit (transactional_db): the worker checks its connection between jobs the way a
separate process does, which a test wrapped in one transaction would not survive.
"""

from __future__ import annotations

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from salonbook.accounts.models import Membership
from salonbook.clients.models import Client, ClientImport
from salonbook.clients.transfer import import_run, imports
from salonbook.sync.models import ChangeEvent
from tests.clients.test_client_import import confirm, csv_bytes, phone, private_files, start
from tests.salon import make_salon

__all__ = ["private_files"]  # the fixture, used by every test here

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker_once() -> None:
    """What `salonbook db_worker --batch` does: run every job that is ready, then stop (without
    the command's signal handlers, which would outlive it in the test process)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def rows(count: int) -> bytes:
    table = [["Name", "Phone"]] + [[f"Client {i}", phone(i)] for i in range(count)]
    table.append(["", "not a phone"])
    return csv_bytes(table)


def test_a_large_import_is_queued_then_the_worker_imports_it_all(login_as, monkeypatch):
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 200)
    salon = make_salon()
    api = login_as("owner", of=salon)
    started = start(api, "big.csv", rows(1200))

    response = confirm(api, started["id"], started["mapping"])

    assert response.status_code == 202, response.content
    assert (response.json()["status"], response.json()["processed_rows"]) == ("queued", 0)
    job = DBTaskResult.objects.get()
    assert (job.task_path, job.status) == (
        "salonbook.clients.transfer.tasks.import_clients",
        "READY",
    )
    assert job.args_kwargs["args"][:2] == [started["id"], salon.owner.pk]
    assert not Client.objects.exists()

    run_worker_once()

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL", job.exception_class_path
    status = api.get(f"/clients/imports/{started['id']}").json()
    assert status["status"] == "done"
    assert status["processed_rows"] == status["total_rows"] == 1201
    assert (status["created"], status["rejected_count"]) == (1200, 1)
    assert status["rejected"] == [
        {"row": 1202, "errors": {"phone": "“not a phone” is not a phone number."}}
    ]
    assert Client.objects.filter(chain=salon.chain).count() == 1200
    # Progress moved a chunk at a time, each chunk committed with its cards.
    chunks = ChangeEvent.objects.filter(entity_id=started["id"], action="rows_imported")
    assert chunks.count() == 7
    assert all(e.actor_id == salon.owner.pk for e in chunks)
    assert not (imports.imports_dir() / ClientImport.objects.get().stored_name).exists()


def test_the_worker_reports_in_the_language_of_who_confirmed(login_as, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_ROWS", 1)
    salon = make_salon()
    api = login_as("owner", of=salon)
    started = start(api, "c.csv", csv_bytes([["Name", "Phone"], ["Ann", "12"], ["Bob", ""]]))
    api.client.cookies["salonbook_language"] = "ru"

    assert confirm(api, started["id"], started["mapping"]).status_code == 202
    run_worker_once()

    rejected = ClientImport.objects.get().rejected
    assert rejected[0]["row"] == 2
    assert rejected[0]["errors"]["phone"].startswith("«12» — неверный номер телефона")
    assert DBTaskResult.objects.get().args_kwargs["args"][2] == "ru"


def test_an_import_whose_person_left_the_salon_fails_without_writing(login_as, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_ROWS", 1)
    salon = make_salon()
    api = login_as("administrator", of=salon)
    started = start(api, "c.csv", csv_bytes([["Name"], ["Ann"], ["Bob"]]))
    assert confirm(api, started["id"], started["mapping"]).status_code == 202
    Membership.objects.filter(user=salon.users["administrator"]).update(is_active=False)

    run_worker_once()

    client_import = ClientImport.objects.get()
    assert client_import.status == "failed" and client_import.error
    assert not Client.objects.exists()


def test_a_job_queued_under_the_tasks_former_path_still_runs(login_as, monkeypatch):
    # Jobs queued before import and export had a package of their own name the task
    # salonbook.clients.tasks.import_clients; after an upgrade the worker must still find it.
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 200)
    salon = make_salon()
    api = login_as("owner", of=salon)
    started = start(api, "big.csv", rows(600))
    assert confirm(api, started["id"], started["mapping"]).status_code == 202
    DBTaskResult.objects.update(task_path="salonbook.clients.tasks.import_clients")

    run_worker_once()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert api.get(f"/clients/imports/{started['id']}").json()["status"] == "done"
    assert Client.objects.filter(chain=salon.chain).count() == 600
