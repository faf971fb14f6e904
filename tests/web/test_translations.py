"""The Russian translation: complete, its placeholders intact, and what people see in Russian.

The catalogue is `locale/ru/LC_MESSAGES/django.po`; `make` compiles it to the .mo Django reads
(the .mo is not committed). The page tests compile it themselves when the .mo is missing or older
than the .po, so they do not depend on `make` having run.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.test import Client
from django.utils.translation import reloader

import salonbook
from salonbook.accounts.models import User
from salonbook.accounts.services import issue_api_token
from tests.pages import HTMX, browser_as
from tests.salon import next_weekday

RU = Path(salonbook.__file__).parent / "locale" / "ru" / "LC_MESSAGES"
PO = RU / "django.po"
MO = RU / "django.mo"

# %(name)s / %s / %d as Python formats them ("%%" is a literal percent sign), and {name}.
PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")
BRACES = re.compile(r"\{\{?\s*[\w.]+\s*\}?\}")


def catalog():
    with PO.open("rb") as f:
        return read_po(f)


def messages():
    """Every entry but the header, as (msgid(s), msgstr(s), flags) with ids as tuples."""
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, ids, strings


def placeholders(text: str) -> Counter[str]:
    text = text.replace("%%", "")
    found = Counter(m.group(0) for m in PYTHON_FORMAT.finditer(text))
    found.update(m.group(0) for m in BRACES.finditer(text))
    return found


# --- the catalogue --------------------------------------------------------------------------


def test_every_entry_of_the_russian_catalogue_is_translated_and_none_is_fuzzy():
    ru = catalog()
    assert not ru.fuzzy, "the header is marked fuzzy: the catalogue would not be compiled"
    assert ru.num_plurals == 3, "Russian has three plural forms (1 запись, 2 записи, 5 записей)"
    untranslated, fuzzy = [], []
    for message, ids, strings in messages():
        if "fuzzy" in message.flags:
            fuzzy.append(ids[0])
        if not all(s and s.strip() for s in strings):
            untranslated.append(ids[0])
        if len(ids) > 1:
            assert len(strings) == ru.num_plurals, ids[0]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_every_translation_keeps_the_placeholders_of_its_original():
    wrong = []
    for _message, ids, strings in messages():
        if len(ids) == 1:
            expected = placeholders(ids[0])
            if placeholders(strings[0]) != expected:
                wrong.append((ids[0], strings[0]))
            continue
        # Plural forms: each form uses the placeholders of the English ones (a "one" form may
        # spell the number out), and none of its own.
        allowed = set(placeholders(ids[0])) | set(placeholders(ids[1]))
        for string in strings:
            if not set(placeholders(string)) <= allowed:
                wrong.append((ids[0], string))
    assert not wrong, wrong


def test_translations_use_russian_quotation_marks():
    english_quotes = [
        s for _m, _ids, strings in messages() for s in strings if re.search("[“”]", s)
    ]
    assert not english_quotes, english_quotes


# --- pages in Russian -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled():
    """The .mo Django reads: compiled from the .po when missing or stale, caches reset."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        # Written aside and renamed, so parallel test workers never read half a file.
        fd, name = tempfile.mkstemp(dir=RU, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                write_mo(f, catalog())
            os.chmod(name, 0o644)
            os.replace(name, MO)
        finally:
            if os.path.exists(name):
                os.unlink(name)
        reloader.translation_file_changed(sender=None, file_path=MO)
    return MO


@pytest.fixture
def russian(salon, compiled):
    """The salon whose people all chose Russian in the account menu."""
    User.objects.filter(pk__in=[u.pk for u in salon.users.values()]).update(language="ru")
    return salon


@pytest.fixture
def day():
    return next_weekday(1)


def embedded(html: str, element_id: str):
    """The JSON a page embeds with json_script (which escapes Cyrillic as \\uXXXX)."""
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, element_id
    return json.loads(match.group(1))


STATUSES = {"Ожидание", "Пришёл", "Не пришёл", "Подтвердил"}


@pytest.mark.django_db
def test_the_schedule_speaks_russian(russian):
    response = browser_as(russian).get("/schedule/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    for words in ("Журнал", "Настройки", "Сегодня", "День", "Неделя", "Все мастера"):
        assert words in html, words
    config = embedded(html, "schedule-config")
    assert set(config["statuses"].values()) == STATUSES
    assert config["dayOff"] == {
        "vacation": "Отпуск",
        "sick_leave": "Больничный",
        "day_off": "Выходной",
    }
    assert config["text"]["break"] == "Перерыв"
    assert "Нет связи с сервером" in embedded(html, "ui-strings")["network_error"]


@pytest.mark.django_db
def test_the_booking_sheets_speak_russian(russian, day):
    booking = russian.book(start=russian.at(day, "10:00"))
    client = browser_as(russian)

    new = client.get("/bookings/new/", {"staff": russian.staff[0].pk}, headers=HTMX)
    html = new.content.decode()
    assert new.status_code == 200
    for words in ("Новая запись", "Клиент", "Новый клиент", "Услуга", "Сотрудник", "Создать"):
        assert words in html, words

    sheet = client.get(f"/bookings/{booking.pk}/", headers=HTMX)
    html = sheet.content.decode()
    assert sheet.status_code == 200
    for words in ("Запись", "Статус", "Удалить эту запись?", "Сохранить", *STATUSES):
        assert words in html, words


@pytest.mark.django_db
def test_the_settings_speak_russian(russian):
    client = browser_as(russian)

    hub = client.get("/settings/").content.decode()
    for words in ("Настройки", "Сотрудники", "Услуги", "График работы", "Категории записей"):
        assert words in hub, words
    assert "Дополнительные поля" in hub

    time_off = client.get(f"/settings/hours/{russian.staff[0].pk}/time-off/").content.decode()
    for words in ("Отсутствия", "Отпуск", "Больничный", "Выходной", "Добавить"):
        assert words in time_off, words
    # The role's name in the account menu is a default role's: shown in Russian too.
    assert "Владелец" in hub


@pytest.mark.django_db
def test_a_refusal_from_a_service_comes_back_in_russian(russian, day):
    taken = russian.book(start=russian.at(day, "10:30"))
    data = {
        "staff_id": russian.staff[0].pk,
        "services": [russian.services[0].pk],
        "date": day.isoformat(),
        "time": "10:00",
        "duration_minutes": "60",
    }

    response = browser_as(russian).post("/bookings/new/", data, headers=HTMX)

    assert response.status_code == 422
    html = response.content.decode()
    assert f"Stylist 1: на это время уже есть запись №{taken.pk}" in html
    assert "already has" not in html


@pytest.mark.django_db
def test_a_refused_right_is_explained_in_russian(russian, day):
    booking = russian.book(start=russian.at(day, "10:00"))

    response = browser_as(russian, "specialist").post(
        f"/bookings/{booking.pk}/delete/", headers=HTMX
    )

    assert response.status_code == 403
    assert "Вашей роли (Специалист) не разрешено: удалять записи." in response.content.decode()


@pytest.mark.django_db
def test_the_date_of_a_russian_booking_sheet_is_what_a_date_input_reads(russian, day):
    booking = russian.book(start=russian.at(day, "10:00"))

    html = browser_as(russian).get(f"/bookings/{booking.pk}/", headers=HTMX).content.decode()

    assert f'name="date" value="{day.isoformat()}"' in html


# --- the API --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_answers_in_english_by_default(russian, day):
    """An integration sends no Accept-Language: it gets English, whatever the token's owner
    chose for their own screens."""
    taken = russian.book(start=russian.at(day, "10:30"))
    _token, raw = issue_api_token(actor=russian.actor(), name="integration")
    body = {
        "location_id": russian.location.pk,
        "staff_id": russian.staff[0].pk,
        "start": f"{day.isoformat()}T10:00:00",
        "services": [{"service_id": russian.services[0].pk}],
    }

    response = Client().post(
        "/api/v1/bookings",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 409, response.content
    detail = response.json()["detail"]
    assert detail.startswith(f"Stylist 1 already has booking {taken.pk} from "), detail
