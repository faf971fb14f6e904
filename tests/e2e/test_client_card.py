"""Interaction with the client, as the user manual tells it: from the visit window on a phone,
call or WhatsApp the client, and in the "⋯" menu open Customer details (edit them, toggle the
SMS flags, upload a file) and the History of visits; on a desktop, search the client base."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from salonbook.clients.models import Client, ClientFile
from salonbook.clients.services import create_client
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.services import create_booking
from tests.clients.test_client_files import png_bytes
from tests.e2e.app import assert_no_sideways_scroll, block, furnished_salon, log_in, sheet, until
from tests.salon import next_weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def salon():
    return furnished_salon()


@pytest.fixture
def day():
    return next_weekday(3)


@pytest.fixture
def booking(salon, day):
    return create_booking(
        actor=salon.actor(),
        location_id=salon.location.pk,
        staff_id=salon.staff[0].pk,
        start=salon.at(day, "10:00"),
        services=[ServiceRequest(service_id=salon.services[0].pk)],
        client_id=salon.ada.pk,
    )


def test_the_client_from_the_visit_window_on_a_phone(phone, screens, salon, day, booking):
    page = log_in(phone, salon.users["administrator"], day)
    block(page, booking.pk).tap()
    bar = sheet(page).locator(".visit-client")
    expect(bar).to_contain_text("Ada Lovelace")

    # Call and WhatsApp sit next to the client's name.
    expect(bar.get_by_role("link", name="Call")).to_have_attribute("href", "tel:+12125550123")
    expect(bar.get_by_role("link", name="Write on WhatsApp")).to_have_attribute(
        "href", "https://wa.me/12125550123"
    )
    screens(page, "visit-client-bar")

    # "⋯" -> Customer details.
    bar.get_by_label("Client actions").tap()
    expect(bar.get_by_role("menuitem", name="History of visits")).to_be_visible()
    expect(bar.get_by_role("menuitem", name="Customer loyalty")).to_be_visible()
    screens(page, "client-menu")
    bar.get_by_role("menuitem", name="Customer details").tap()
    page.wait_for_url(f"**/clients/{salon.ada.pk}/?booking={booking.pk}")
    expect(page.locator('[data-figure="visits"]')).to_have_text("0")
    assert_no_sideways_scroll(page)

    # Edit the details and both SMS flags, and save.
    page.get_by_label("E-mail").fill("ada@example.com")
    page.get_by_label("Gender").select_option(label="Female")
    page.get_by_label("Date of birth").fill("1985-12-10")
    page.get_by_label("Card number").fill("A-1815")
    page.get_by_label("Importance class").select_option(label="Gold")
    page.get_by_label("Prediscount, %").fill("10")
    page.get_by_label("Birthday greeting by SMS").check()
    page.get_by_label("Exclude from SMS mailings").check()
    screens(page, "customer-details", full_page=True)
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_role("status")).to_contain_text("Customer details saved.")
    ada = Client.objects.get(pk=salon.ada.pk)
    assert (ada.email, ada.gender, ada.birth_date) == (
        "ada@example.com",
        "female",
        date(1985, 12, 10),
    )
    assert (ada.card_number, ada.importance, ada.prediscount) == ("A-1815", "gold", Decimal("10"))
    assert ada.sms_birthday and ada.sms_excluded

    # A flag turned off again stays off.
    page.get_by_label("Exclude from SMS mailings").uncheck()
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_role("status")).to_contain_text("Customer details saved.")
    until(lambda: not Client.objects.get(pk=ada.pk).sms_excluded, what="the flag turned off")

    # Files: upload a photo; it is listed at once.
    page.get_by_role("tab", name="Files").tap()
    page.get_by_label("Add a file").set_input_files(
        {"name": "before.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Upload").tap()
    expect(page.locator("#client-files .file-list")).to_contain_text("before.png")
    stored = ClientFile.objects.get(client=ada)
    assert (stored.name, stored.kind) == ("before.png", "png")
    screens(page, "files")

    # History of visits: the booking, and a tap opens it.
    page.get_by_role("tab", name="History").tap()
    row = page.locator(f'#client-history a[data-booking-id="{booking.pk}"]')
    expect(row).to_contain_text("Haircut")
    expect(row).to_contain_text("Stylist 1")
    expect(row).to_contain_text("$40.00")
    screens(page, "history")
    assert_no_sideways_scroll(page)
    row.tap()
    page.wait_for_url(f"**/bookings/{booking.pk}/")
    expect(page.locator(".visit-client")).to_contain_text("Ada Lovelace")


def test_searching_the_client_base_on_a_desktop(desktop, screens, salon):
    actor = salon.actor()
    for i in range(120):
        create_client(actor=actor, name=f"Client {i:03d}", phone=f"+1718555{i:04d}")
    create_client(actor=actor, name="Ольга Смирнова", phone="+79161230101", importance="gold")
    page = log_in(desktop, salon.users["administrator"])

    page.get_by_role("link", name="Clients").first.click()
    page.wait_for_url("**/clients/")
    results = page.locator("#client-list")
    expect(results.locator(".list-row")).to_have_count(50)  # the first 50, and a hint

    search = page.get_by_label("Search clients")
    search.fill("0101")
    expect(results.locator(".list-row")).to_have_count(2)  # +7 916 123 0101 and +1 718 555 0101
    expect(results).to_contain_text("Ольга Смирнова")
    search.fill("+7 916")
    expect(results.locator(".list-row")).to_have_count(1)
    search.fill("ольга")
    expect(results.locator(".list-row")).to_have_count(1)
    search.fill("")
    page.get_by_label("Importance class").select_option(label="Gold")
    expect(results.locator(".list-row")).to_have_count(1)
    expect(results).to_contain_text("Ольга Смирнова")
    # The address keeps the search, for back and reload.
    expect(page).to_have_url(re.compile(r"importance=gold"))
    screens(page, "client-base")

    results.get_by_text("Ольга Смирнова").click()
    expect(page.get_by_role("heading", name="Ольга Смирнова")).to_be_visible()


def test_the_client_base_follows_changes_made_elsewhere(desktop, salon):
    from salonbook.clients.services import update_client

    page = log_in(desktop, salon.users["administrator"])
    page.goto("/clients/")
    results = page.locator("#client-list")
    expect(results).to_contain_text("Ada Lovelace")

    # Another device adds a client: the list shows it without a reload.
    create_client(actor=salon.actor(), name="Aaron Another", phone="+12125550166")
    expect(results).to_contain_text("Aaron Another", timeout=5_000)

    # An open card says when someone else changes it, and offers the new version.
    page.goto(f"/clients/{salon.ada.pk}/")
    expect(page.locator("html")).to_have_attribute("data-live", "on")
    update_client(actor=salon.actor(), client_id=salon.ada.pk, comment="Changed at the desk")
    notice = page.locator(".card-notice")
    expect(notice).to_contain_text("Someone else changed this card meanwhile.", timeout=5_000)
    notice.get_by_role("link", name="Show the new version").click()
    expect(page.get_by_label("Comment")).to_have_value("Changed at the desk")
