"""Files on client cards through the API (session or token), and the "Client base" settings
page with the chain's size limit."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from salonbook.accounts.selectors import actor_for_user
from salonbook.accounts.services import issue_api_token
from salonbook.clients.files.services import update_client_settings
from salonbook.clients.models import ClientFile
from salonbook.clients.services import create_client
from salonbook.errors import Invalid, NotAllowed
from salonbook.tenancy.models import Chain
from tests.clients.test_client_files import (
    DOCX,
    EXE,
    PDF,
    add,
    files_on_disk,
    png_bytes,
    stored,
    upload,
    without,
)
from tests.helpers_api import not_allowed, not_found, refused_for_field
from tests.pages import browser_as
from tests.salon import make_salon
from tests.settings_pages import events, forbidden, refused_form, said

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roots(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def maria(salon):
    return create_client(actor=salon.actor(), name="Maria Lopez", phone="+12125550142")


def post_file(api, client_id, name, content):
    return api.client.post(f"/api/v1/clients/{client_id}/files", {"file": upload(name, content)})


def test_a_file_is_uploaded_listed_and_downloaded(api, salon, maria):
    created = post_file(api, maria.pk, "form.docx", DOCX)

    assert created.status_code == 201, created.content
    body = created.json()
    row = ClientFile.objects.get()
    assert body == {
        "id": row.pk,
        "name": "form.docx",
        "kind": "docx",
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "size": len(DOCX),
        "uploaded_at": body["uploaded_at"],
        "uploaded_by": salon.owner.email,
        "download_url": f"/api/v1/clients/{maria.pk}/files/{row.pk}/content",
    }
    listed = api.get(f"/clients/{maria.pk}/files")
    assert listed.status_code == 200
    assert [f["id"] for f in listed.json()] == [row.pk]

    downloaded = api.client.get(body["download_url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == DOCX
    assert downloaded["Content-Type"] == body["content_type"]
    assert downloaded["Content-Disposition"] == 'attachment; filename="form.docx"'
    assert downloaded["X-Content-Type-Options"] == "nosniff"


def test_a_token_downloads_too(salon, maria):
    row = add(salon, maria, "before.png", png_bytes())
    _, raw = issue_api_token(actor=actor_for_user(user=salon.owner), name="app")

    response = Browser().get(
        f"/api/v1/clients/{maria.pk}/files/{row.pk}/content",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"


def test_a_refused_upload_is_a_422_on_the_file_field(api, maria, roots):
    messages = refused_for_field(post_file(api, maria.pk, "photo.jpg", EXE), "file")

    assert "does not match its name" in messages[0]
    assert not ClientFile.objects.exists()
    assert files_on_disk(roots / "private") == []


def test_an_upload_without_a_file_is_a_422_on_the_file_field(api, maria):
    response = api.client.post(f"/api/v1/clients/{maria.pk}/files", {})

    refused_for_field(response, "file")


def test_a_role_without_the_right_to_see_files_gets_403(salon, maria, login_as):
    row = add(salon, maria)
    without(salon, "specialist", "clients.files")
    specialist = login_as("specialist")

    not_allowed(specialist.get(f"/clients/{maria.pk}/files"))
    not_allowed(specialist.client.get(f"/api/v1/clients/{maria.pk}/files/{row.pk}/content"))


def test_a_role_without_the_right_to_manage_files_cannot_upload_or_delete(salon, maria, login_as):
    row = add(salon, maria)
    specialist = login_as("specialist")

    not_allowed(post_file(specialist, maria.pk, "consent.pdf", PDF))
    not_allowed(specialist.delete(f"/clients/{maria.pk}/files/{row.pk}"))
    assert ClientFile.objects.count() == 1


def test_another_chains_client_and_file_are_404(salon, maria, login_as):
    row = add(salon, maria)
    other = make_salon(name="Other")
    stranger = login_as("owner", of=other)

    not_found(stranger.get(f"/clients/{maria.pk}/files"))
    not_found(stranger.client.get(f"/api/v1/clients/{maria.pk}/files/{row.pk}/content"))
    not_found(post_file(stranger, maria.pk, "consent.pdf", PDF))
    not_found(stranger.delete(f"/clients/{maria.pk}/files/{row.pk}"))
    theirs = create_client(actor=other.actor(), name="Theirs")
    not_found(stranger.client.get(f"/api/v1/clients/{theirs.pk}/files/{row.pk}/content"))
    assert ClientFile.objects.filter(pk=row.pk).exists()


def test_delete_removes_the_row_and_the_file(api, salon, maria, django_capture_on_commit_callbacks):
    row = add(salon, maria)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/clients/{maria.pk}/files/{row.pk}")

    assert response.status_code == 204
    assert not ClientFile.objects.exists()
    assert not stored(row).exists()
    not_found(api.delete(f"/clients/{maria.pk}/files/{row.pk}"))


def test_the_size_limit_is_the_chains(api, salon, maria):
    Chain.objects.filter(pk=salon.chain.pk).update(client_file_max_mb=1)
    big = png_bytes() + b"\x00" * (1024 * 1024 + 1 - len(png_bytes()))

    messages = refused_for_field(post_file(api, maria.pk, "big.png", big), "file")

    assert messages == ["The file is too large: the limit is 1 MB."]


# --- The "Client base" settings ----------------------------------------------------------


def test_the_owner_sets_the_largest_file_on_a_client_card(salon):
    browser = browser_as(salon)
    assert 'href="/settings/client-base/"' in browser.get("/settings/").content.decode()

    response = browser.post("/settings/client-base/", {"client_file_max_mb": "25"}, follow=True)

    assert said(response) == ["Saved."]
    assert Chain.objects.get(pk=salon.chain.pk).client_file_max_mb == 25
    assert events(salon, "chain") == [("chain", salon.chain.pk, "updated")]


@pytest.mark.parametrize("value", ["0", "101", "", "ten"])
def test_a_limit_outside_1_to_100_mb_is_refused(salon, value):
    response = browser_as(salon).post("/settings/client-base/", {"client_file_max_mb": value})

    assert list(refused_form(response)) == ["client_file_max_mb"]
    assert Chain.objects.get(pk=salon.chain.pk).client_file_max_mb == 10


def test_the_service_checks_the_range_and_the_right_itself(salon):
    with pytest.raises(Invalid):
        update_client_settings(actor=salon.actor(), client_file_max_mb=101)
    with pytest.raises(NotAllowed):
        update_client_settings(actor=salon.actor("specialist"), client_file_max_mb=5)


def test_a_role_without_settings_may_look_but_not_change(salon):
    browser = browser_as(salon, "specialist")

    page = browser.get("/settings/client-base/")
    assert page.status_code == 200
    assert page.context["form"].fields["client_file_max_mb"].disabled
    assert 'href="/settings/client-base/"' not in browser.get("/settings/").content.decode()
    forbidden(browser.post("/settings/client-base/", {"client_file_max_mb": "50"}))
    assert Chain.objects.get(pk=salon.chain.pk).client_file_max_mb == 10


def test_a_large_upload_with_an_idempotency_key_is_taken_once(api, maria):
    big = png_bytes() + b"\x00" * (3 * 1024 * 1024)  # past what Django reads into memory
    key = {"Idempotency-Key": "upload-1"}

    def send(content):
        return api.client.post(
            f"/api/v1/clients/{maria.pk}/files",
            {"file": upload("scan.png", content)},
            headers=key,
        )

    first, again = send(big), send(big)
    other = send(big + b"\x01")

    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again.json() == first.json()
    assert other.status_code == 422  # the same key for another file
    assert ClientFile.objects.filter(client=maria).count() == 1


def test_the_change_feed_names_no_file(api, maria):
    from salonbook.sync.models import ChangeEvent

    post_file(api, maria.pk, "passport_maria.pdf", PDF)

    event = ChangeEvent.objects.filter(entity="client_file").get()
    assert "passport" not in str(event.data)
