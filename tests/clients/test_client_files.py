"""Files on client cards: what is accepted (checked by content), where it is kept, who may
read it, the rows and files going together, and the card's files partial."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from salonbook.accounts.models import Role
from salonbook.clients.files import kinds, selectors, services, storage
from salonbook.clients.files.kinds import detect_file_kind
from salonbook.clients.files.services import delete_client_file, upload_client_file
from salonbook.clients.models import Client, ClientFile
from salonbook.clients.services import create_client
from salonbook.errors import Invalid, NotAllowed, NotFound
from tests.pages import HTMX, browser_as, htmx_triggers
from tests.salon import make_salon
from tests.settings_pages import events

pytestmark = pytest.mark.django_db

PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


# --- Tiny real files -----------------------------------------------------------------------


def png_bytes() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
OLE = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 482
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def office_zip(part: str) -> bytes:
    """A minimal Office Open XML package: its content types and one part under `part`/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        main = "document.xml" if part == "word" else "workbook.xml"
        archive.writestr(f"{part}/{main}", '<?xml version="1.0"?><root/>')
    return buffer.getvalue()


DOCX = office_zip("word")
XLSX = office_zip("xl")
TXT = "Allergic to latex. Аллергия на латекс.\n".encode()

# name -> (content, kind, content type)
ACCEPTED = {
    "photo.jpg": (JPEG, "jpeg", "image/jpeg"),
    "scan.JPEG": (JPEG, "jpeg", "image/jpeg"),
    "before.png": (png_bytes(), "png", "image/png"),
    "after.gif": (GIF, "gif", "image/gif"),
    "consent.pdf": (PDF, "pdf", "application/pdf"),
    "old-form.doc": (OLE, "doc", "application/msword"),
    "old-sheet.xls": (OLE, "xls", "application/vnd.ms-excel"),
    "form.docx": (
        DOCX,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "sheet.xlsx": (
        XLSX,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "notes.txt": (TXT, "txt", "text/plain; charset=utf-8"),
    "notes-utf16.txt": (
        "\ufeffNotes in UTF-16".encode("utf-16-le"),
        "txt",
        "text/plain; charset=utf-16",
    ),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- Fixtures ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def roots(settings, tmp_path) -> dict[str, Path]:
    """Private, media and static roots of the test's own, so what lands where can be seen."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    return {
        "private": tmp_path / "private",
        "media": tmp_path / "media",
        "static": tmp_path / "static",
    }


@pytest.fixture
def maria(salon) -> Client:
    return create_client(actor=salon.actor(), name="Maria Lopez", phone="+12125550142")


def add(salon, client, name="consent.pdf", content=PDF, role="owner") -> ClientFile:
    return upload_client_file(
        actor=salon.actor(role), client_id=client.pk, file=upload(name, content)
    )


def refusal(salon, client, name, content, role="owner") -> str:
    with pytest.raises(Invalid) as caught:
        add(salon, client, name, content, role)
    assert list(caught.value.errors) == ["file"], caught.value.errors
    return caught.value.errors["file"][0]


def stored(row: ClientFile) -> Path:
    return storage.stored_path(row.stored_name)


def files_on_disk(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def without(salon, role: str, *permissions: str) -> None:
    row = Role.objects.get(chain=salon.chain, key=role)
    row.permissions = [p for p in row.permissions if p not in permissions]
    row.save()


# --- What is accepted ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_each_allowed_type_is_accepted_as_its_content_shows(salon, maria, name):
    content, kind, content_type = ACCEPTED[name]

    row = add(salon, maria, name, content)

    assert (row.name, row.kind, row.content_type, row.size) == (
        name,
        kind,
        content_type,
        len(content),
    )
    assert stored(row).read_bytes() == content
    assert row.uploaded_by == salon.owner


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE),
        ("page.html", b"<!doctype html><script>alert(1)</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("README", TXT),
    ],
)
def test_a_type_not_on_the_list_is_refused_whatever_it_holds(salon, maria, name, content):
    message = refusal(salon, maria, name, content)

    assert "cannot be added to a client card" in message
    assert ".jpg, .jpeg, .png, .gif, .pdf, .doc, .docx, .xls, .xlsx, .txt" in message
    assert not ClientFile.objects.exists()


def test_a_renamed_executable_is_refused_because_its_content_is_no_image(salon, maria, roots):
    message = refusal(salon, maria, "photo.jpg", EXE)

    assert message == "The content of “photo.jpg” does not match its name: it is not a JPEG image."
    assert not ClientFile.objects.exists()
    assert files_on_disk(roots["private"]) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("consent.pdf", png_bytes()),
        ("form.docx", XLSX),  # a workbook called a document
        ("sheet.xlsx", DOCX),
        ("form.docx", b"PK\x03\x04" + b"\x00" * 40),  # a ZIP header, no archive behind it
        ("form.docx", zipfile.ZipFile.__doc__.encode()),  # text
        ("old-form.doc", DOCX),
        ("notes.txt", b"plain until a NUL\x00 byte"),
        ("notes.txt", b"caf\xe9 in Latin-1, not UTF-8"),
        ("notes.txt", EXE),
        ("photo.png", PDF),
    ],
)
def test_content_that_does_not_match_its_name_is_refused(salon, maria, name, content):
    assert "does not match its name" in refusal(salon, maria, name, content)


def test_a_zip_with_word_parts_but_no_content_types_is_no_document(salon, maria):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")

    assert "not a Word document" in refusal(salon, maria, "form.docx", buffer.getvalue())


def test_a_png_named_jpg_is_accepted_as_the_png_it_is(salon, maria):
    row = add(salon, maria, "IMG_0042.jpg", png_bytes())

    assert (row.name, row.kind, row.content_type) == ("IMG_0042.jpg", "png", "image/png")


def test_an_office_file_is_told_from_its_names_without_extracting_anything():
    # A member that would unpack to 100 MB: only the list of names is ever read.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"\x00" * (100 * 1024 * 1024))
    bomb = buffer.getvalue()
    assert len(bomb) < 200_000

    assert detect_file_kind(bomb, "sheet.xlsx") == ("xlsx", kinds.CONTENT_TYPES["xlsx"])


def test_detecting_reads_from_the_start_and_leaves_the_stream_where_it_was():
    stream = io.BytesIO()
    stream.write(DOCX)  # as a writer leaves it: at the end

    assert detect_file_kind(stream, "form.docx").kind == "docx"
    assert stream.tell() == len(DOCX)


def test_an_empty_file_is_refused(salon, maria):
    assert refusal(salon, maria, "consent.pdf", b"") == "The file is empty."


def test_a_file_over_the_chains_limit_is_refused_with_the_limit(salon, maria):
    salon.chain.client_file_max_mb = 1
    salon.chain.save()
    at_limit = png_bytes() + b"\x00" * (services.MB - len(png_bytes()))

    message = refusal(salon, maria, "big.png", at_limit + b"\x00")

    assert message == "The file is too large: the limit is 1 MB."
    assert add(salon, maria, "big.png", at_limit).size == services.MB


def test_a_name_keeps_no_path_no_control_characters_and_its_extension_when_cut():
    assert kinds.clean_file_name("C:\\fakepath\\scan.pdf") == "scan.pdf"
    assert kinds.clean_file_name("../../etc/passwd.txt") == "passwd.txt"
    assert kinds.clean_file_name("photo\u202egpj.exe") == "photogpj.exe"
    assert kinds.clean_file_name("a\x00b\r\nc.txt") == "abc.txt"
    long = kinds.clean_file_name("x" * 300 + ".docx")
    assert len(long) == 200 and long.endswith("x.docx")


def test_a_right_to_left_trick_does_not_smuggle_an_executable_in(salon, maria):
    message = refusal(salon, maria, "photo\u202egpj.exe", EXE)

    assert "Files of type .exe cannot be added" in message


# --- Where it is kept ----------------------------------------------------------------------


def test_a_file_is_kept_under_the_private_root_with_a_random_name(salon, maria, roots):
    first = add(salon, maria)
    second = add(salon, maria)

    for row in (first, second):
        assert row.stored_name.startswith(f"client-files/chain-{salon.chain.pk}/")
        assert len(row.stored_name.rsplit("/", 1)[1]) == 32
        assert stored(row).is_relative_to(roots["private"].resolve())
        assert "consent" not in row.stored_name
    assert first.stored_name != second.stored_name
    assert sorted(files_on_disk(roots["private"])) == sorted([stored(first), stored(second)])
    assert files_on_disk(roots["media"]) == files_on_disk(roots["static"]) == []


def test_a_stored_name_cannot_point_outside_the_private_root(roots):
    with pytest.raises(NotFound):
        storage.stored_path("../outside.txt")


def test_an_upload_is_recorded_in_the_change_feed(salon, maria):
    row = add(salon, maria)

    assert events(salon, "client_file") == [("client_file", row.pk, "created")]


def test_a_failed_upload_leaves_neither_a_row_nor_a_file(salon, maria, roots, monkeypatch):
    def feed_fails(**kwargs):
        raise RuntimeError("the change feed is down")

    monkeypatch.setattr(services, "record_change", feed_fails)

    with pytest.raises(RuntimeError):
        add(salon, maria)

    assert not ClientFile.objects.exists()
    assert files_on_disk(roots["private"]) == []


def test_a_delete_takes_the_row_now_and_the_file_after_commit(
    salon, maria, django_capture_on_commit_callbacks
):
    row = add(salon, maria)
    path = stored(row)

    with django_capture_on_commit_callbacks() as callbacks:
        delete_client_file(actor=salon.actor(), client_id=maria.pk, file_id=row.pk)
        assert not ClientFile.objects.filter(pk=row.pk).exists()
        assert path.exists()  # until the delete is committed
    for callback in callbacks:
        callback()

    assert not path.exists()
    assert events(salon, "client_file")[-1] == ("client_file", row.pk, "deleted")


# --- Who may ------------------------------------------------------------------------------


def test_uploading_and_deleting_need_the_right_to_manage_files(salon, maria):
    row = add(salon, maria)

    with pytest.raises(NotAllowed):
        add(salon, maria, role="specialist")
    with pytest.raises(NotAllowed):
        delete_client_file(actor=salon.actor("specialist"), client_id=maria.pk, file_id=row.pk)


def test_seeing_files_needs_the_right_to_see_them(salon, maria):
    row = add(salon, maria)
    assert list(selectors.client_files(actor=salon.actor("specialist"), client_id=maria.pk)) == [
        row
    ]
    without(salon, "specialist", "clients.files")

    with pytest.raises(NotAllowed):
        selectors.client_files(actor=salon.actor("specialist"), client_id=maria.pk)
    with pytest.raises(NotAllowed):
        selectors.access_client_file(
            actor=salon.actor("specialist"), client_id=maria.pk, file_id=row.pk
        )


def test_another_chains_client_and_file_are_not_found(salon, maria):
    row = add(salon, maria)
    other = make_salon(name="Other")

    with pytest.raises(NotFound):
        selectors.access_client_file(actor=other.actor(), client_id=maria.pk, file_id=row.pk)
    with pytest.raises(NotFound):
        add(other, maria)
    with pytest.raises(NotFound):
        delete_client_file(actor=other.actor(), client_id=maria.pk, file_id=row.pk)
    theirs = create_client(actor=other.actor(), name="Other client")
    with pytest.raises(NotFound):  # our file through their client
        selectors.access_client_file(actor=other.actor(), client_id=theirs.pk, file_id=row.pk)


# --- The card's partial -------------------------------------------------------------------


def partial(browser, client_id: int):
    return browser.get(f"/clients/{client_id}/files/", headers={**HTMX, **PHONE})


def test_the_partial_lists_files_with_download_and_trash_and_offers_the_camera(salon, maria):
    row = add(salon, maria, "Consent form.pdf", PDF)
    photo = add(salon, maria, "before.png", png_bytes())

    response = partial(browser_as(salon), maria.pk)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page  # a fragment, for the card to swap in
    assert 'id="client-files"' in page and 'hx-target:inherited="#client-files"' in page
    assert "Consent form.pdf" in page
    assert f'href="/clients/{maria.pk}/files/{row.pk}/" download' in page
    assert f'href="/clients/{maria.pk}/files/{photo.pk}/?inline=1" target="_blank"' in page
    assert f'hx-post="/clients/{maria.pk}/files/{row.pk}/delete/"' in page
    assert "hx-confirm=" in page
    assert 'enctype="multipart/form-data"' in page and 'hx-encoding="multipart/form-data"' in page
    assert 'accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.txt"' in page
    assert "up to 10 MB" in page


def test_uploading_through_the_partial_draws_it_again_with_the_file(salon, maria):
    browser = browser_as(salon)

    response = browser.post(
        f"/clients/{maria.pk}/files/",
        {"file": upload("before.png", png_bytes())},
        headers={**HTMX, **PHONE},
    )

    assert response.status_code == 200, response.content[:300]
    assert "before.png" in response.content.decode()
    assert htmx_triggers(response)["toast"]["message"] == "“before.png” was added."
    assert ClientFile.objects.get(client=maria).kind == "png"


def test_a_refused_upload_shows_the_reason_in_the_partial(salon, maria):
    response = browser_as(salon).post(
        f"/clients/{maria.pk}/files/", {"file": upload("photo.jpg", EXE)}, headers=HTMX
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert 'class="alert error"' in page
    assert "does not match its name: it is not a JPEG image." in page
    assert 'id="client-files"' in page
    assert not ClientFile.objects.exists()


def test_an_upload_without_a_file_asks_for_one(salon, maria):
    response = browser_as(salon).post(f"/clients/{maria.pk}/files/", {}, headers=HTMX)

    assert response.status_code == 422
    assert "Choose a file to add." in response.content.decode()


def test_without_the_right_to_manage_the_partial_only_lists(salon, maria):
    add(salon, maria)

    page = partial(browser_as(salon, "specialist"), maria.pk).content.decode()

    assert "consent.pdf" in page
    assert "hx-confirm" not in page and 'type="file"' not in page


def test_without_the_right_to_see_files_the_partial_says_so(salon, maria):
    add(salon, maria)
    without(salon, "specialist", "clients.files")

    response = partial(browser_as(salon, "specialist"), maria.pk)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Files on client cards are not visible to your role." in page
    assert "consent.pdf" not in page


def test_an_upload_refused_for_the_role_says_why(salon, maria):
    response = browser_as(salon, "specialist").post(
        f"/clients/{maria.pk}/files/", {"file": upload("consent.pdf", PDF)}, headers=HTMX
    )

    assert response.status_code == 403
    assert "may not: upload and delete the files on client cards" in response.content.decode()


def test_deleting_through_the_partial_draws_it_again_without_the_file(
    salon, maria, django_capture_on_commit_callbacks
):
    row = add(salon, maria)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser_as(salon).post(
            f"/clients/{maria.pk}/files/{row.pk}/delete/", headers=HTMX
        )

    assert response.status_code == 200
    assert "consent.pdf" not in response.content.decode()
    assert not ClientFile.objects.exists()
    assert not stored(row).exists()


def test_deleting_a_file_already_gone_says_so(salon, maria):
    row = add(salon, maria)
    browser = browser_as(salon)
    browser.post(f"/clients/{maria.pk}/files/{row.pk}/delete/", headers=HTMX)

    response = browser.post(f"/clients/{maria.pk}/files/{row.pk}/delete/", headers=HTMX)

    assert response.status_code == 404
    assert "This file was already deleted." in response.content.decode()


def test_without_htmx_the_forms_land_on_a_page_of_their_own(salon, maria):
    browser = browser_as(salon)

    response = browser.post(
        f"/clients/{maria.pk}/files/", {"file": upload("notes.txt", TXT)}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/clients/{maria.pk}/files/"
    page = response.content.decode()
    assert "<html" in page and "notes.txt" in page


# --- Downloading from the pages ----------------------------------------------------------


def test_a_download_gives_the_bytes_as_an_attachment_of_the_checked_type(salon, maria):
    row = add(salon, maria, "Анализ крови.pdf", PDF)

    response = browser_as(salon, "specialist").get(f"/clients/{maria.pk}/files/{row.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"file.pdf\"; filename*=UTF-8''"
        "%D0%90%D0%BD%D0%B0%D0%BB%D0%B8%D0%B7%20%D0%BA%D1%80%D0%BE%D0%B2%D0%B8.pdf"
    )
    assert "no-store" in response["Cache-Control"]


def test_an_image_may_be_shown_inline_anything_else_is_always_downloaded(salon, maria):
    photo = add(salon, maria, "before.png", png_bytes())
    document = add(salon, maria)
    browser = browser_as(salon)

    shown = browser.get(f"/clients/{maria.pk}/files/{photo.pk}/?inline=1")
    downloaded = browser.get(f"/clients/{maria.pk}/files/{document.pk}/?inline=1")

    assert shown["Content-Disposition"] == 'inline; filename="before.png"'
    assert downloaded["Content-Disposition"] == 'attachment; filename="consent.pdf"'


def test_a_download_without_the_right_to_see_files_is_forbidden(salon, maria):
    row = add(salon, maria)
    without(salon, "specialist", "clients.files")

    response = browser_as(salon, "specialist").get(f"/clients/{maria.pk}/files/{row.pk}/")

    assert response.status_code == 403
    assert b"%PDF" not in response.content


def test_another_chains_file_is_not_found_from_the_pages(salon, maria):
    row = add(salon, maria)
    other = make_salon(name="Other")

    browser = browser_as(other)
    assert browser.get(f"/clients/{maria.pk}/files/{row.pk}/").status_code == 404
    assert browser.get(f"/clients/{maria.pk}/files/", headers=HTMX).status_code == 404
    deleting = browser.post(f"/clients/{maria.pk}/files/{row.pk}/delete/", headers=HTMX)
    assert deleting.status_code == 404
    assert ClientFile.objects.filter(pk=row.pk).exists()


def test_a_file_missing_from_the_storage_is_not_found_rather_than_an_error(salon, maria):
    row = add(salon, maria)
    stored(row).unlink()

    response = browser_as(salon).get(f"/clients/{maria.pk}/files/{row.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("consent.pdf", 'attachment; filename="consent.pdf"'),
        (
            "Café menu.pdf",
            "attachment; filename=\"Cafe menu.pdf\"; filename*=UTF-8''Caf%C3%A9%20menu.pdf",
        ),
        ('a"b;c.txt', "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%3Bc.txt"),
        (
            "Анализ.pdf",
            'attachment; filename="file.pdf"; '
            "filename*=UTF-8''%D0%90%D0%BD%D0%B0%D0%BB%D0%B8%D0%B7.pdf",
        ),
    ],
)
def test_a_downloaded_name_is_safe_in_the_header_and_kept_whole_in_utf8(name, header):
    from salonbook.clients.files.responses import content_disposition

    assert content_disposition(name) == header
