"""What a person does on Salonbook's pages, as Playwright steps: log in, open a day of the
schedule, tap a cell and pick the start, find a booking's block, drag it; what the tests check
about a page; and the salon the stories start from."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date, timedelta

from playwright.sync_api import BrowserContext, Locator, Page, expect

from salonbook.accounts.models import User
from salonbook.bookings.models import Booking
from salonbook.bookings.services import create_booking_category
from salonbook.clients.models import AdditionalField
from salonbook.clients.services import create_additional_field, create_client
from tests.salon import PASSWORD, Salon, make_salon

_ANY = re.compile(r".*")

# The stories' salons and browsers are in New York (make_salon's zone): five hours behind UTC,
# so a time read off the grid in the wrong zone shows. test_time_zones.py puts the browser in
# another zone than the salon's.
ZONE = "America/New_York"

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# Where a staff member's column and a wall-clock time meet on the day grid, in the viewport,
# after scrolling that time into view. The rows start at the first time label (slotMinTime);
# each row lasts as long as the labels are apart and is --ec-slot-height tall.
CELL_POINT_JS = """([name, hhmm]) => {
  const main = document.querySelector('#calendar .ec-main');
  const head = [...main.querySelectorAll('.ec-col-head')]
    .find((h) => h.textContent.trim().includes(name));
  if (!head) return null;
  const minutes = (s) => Number(s.slice(11, 13)) * 60 + Number(s.slice(14, 16));
  const slots = [...main.querySelectorAll('.ec-body .ec-sidebar .ec-slot time')]
    .map((t) => ({ el: t.parentElement, at: minutes(t.getAttribute('datetime')) }));
  const first = slots[0].at;
  const step = slots.length > 1 ? slots[1].at - first : 60;
  const height = parseFloat(getComputedStyle(main).getPropertyValue('--ec-slot-height'));
  const wanted = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const row = slots[Math.min(slots.length - 1, Math.floor((wanted - first) / step))];
  row.el.scrollIntoView({ block: 'center', inline: 'nearest' });
  head.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const top = main.querySelector('.ec-body .ec-day').getBoundingClientRect().top;
  const column = head.getBoundingClientRect();
  return { x: column.left + column.width / 2, y: top + ((wanted - first) / step) * height };
}"""


def furnished_salon(time_zone: str = ZONE) -> Salon:
    """make_salon() plus what the booking sheet offers: a few clients, two booking categories
    and an additional booking field. `salon.ada` and `salon.only_them` are kept at hand."""
    salon = make_salon(time_zone=time_zone)
    actor = salon.actor()
    salon.ada = create_client(actor=actor, name="Ada Lovelace", phone="+12125550123")
    create_client(actor=actor, name="Adam Ant", phone="+16465550142")
    create_client(actor=actor, name="Grace Hopper", phone="+12125550199")
    salon.only_them = create_booking_category(actor=actor, name="This specialist only")
    create_booking_category(actor=actor, name="Walk-in")
    create_additional_field(
        actor=actor,
        applies_to=AdditionalField.AppliesTo.BOOKING,
        key="allergies",
        label="Allergies",
    )
    return salon


def log_in(context: BrowserContext, user: User, day: date | None = None) -> Page:
    """Log in on the login page; the app lands on the schedule (of `day`, when given)."""
    page = context.new_page()
    page.goto("/login/" + (f"?next=/schedule/%3Fdate%3D{day.isoformat()}" if day else ""))
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/schedule/**")
    wait_for_grid(page)
    if day:
        assert shown_day(page) == day
    return page


def wait_for_grid(page: Page) -> None:
    expect(page.locator("#calendar .ec-main")).to_be_visible()
    expect(page.locator("#schedule")).to_have_attribute("data-loaded", _ANY)


def next_day(page: Page) -> date:
    """The "Next" arrow of the toolbar; returns the day shown once its bookings are drawn."""
    drawn = page.locator("#schedule").get_attribute("data-loaded")
    page.get_by_role("button", name="Next").click()
    page.wait_for_function(
        "(drawn) => document.getElementById('schedule').dataset.loaded !== drawn", arg=drawn
    )
    return shown_day(page)


def shown_day(page: Page) -> date:
    return date.fromisoformat(page.locator("#schedule-date").input_value())


def wait_live(page: Page) -> None:
    """Until the page's change stream is connected."""
    page.wait_for_function("document.documentElement.dataset.live === 'on'")


def cell_point(page: Page, staff_name: str, hh_mm: str) -> tuple[float, float]:
    point = page.evaluate(CELL_POINT_JS, [staff_name, hh_mm])
    assert point is not None, f"no column for {staff_name!r} on the grid"
    return point["x"], point["y"]


def tap_cell(page: Page, staff_name: str, hh_mm: str, *, touch: bool) -> None:
    """Tap (or click) a vacant cell a little below `hh_mm` in the staff member's column."""
    x, y = cell_point(page, staff_name, hh_mm)
    if touch:
        page.touchscreen.tap(x, y + 10)
    else:
        page.mouse.click(x, y + 10)


def pick_start(page: Page, staff_name: str, start: str, *, touch: bool, screens=None) -> Locator:
    """Tap a vacant cell of the staff member's column in the hour of `start` ("10:30 AM"), pick
    that start in the pop-up, and return the booking sheet it opens."""
    clock, half = start.split()
    hour = int(clock.split(":")[0]) % 12 + (12 if half == "PM" else 0)
    tap_cell(page, staff_name, f"{hour:02d}:00", touch=touch)
    picker = page.get_by_role("dialog", name=f"Choose the start time · {staff_name}")
    expect(picker).to_be_visible()
    if touch:
        assert_no_sideways_scroll(page)
    if screens:
        screens(page, "time-pop-up")
    picker.get_by_role("button", name=start, exact=True).click()
    expect(picker).to_be_hidden()
    form = sheet(page)
    expect(form.get_by_role("heading", name="New booking")).to_be_visible()
    return form


def block(page: Page, booking_id: int) -> Locator:
    """A booking's block on the grid."""
    return page.locator(f'.ec-event.booking:has(.bk[data-booking-id="{booking_id}"])')


def blocks(page: Page) -> Locator:
    return page.locator(".ec-event.booking")


def drag(page: Page, source: tuple[float, float], target: tuple[float, float]) -> None:
    """Press the mouse at `source`, move to `target` in steps, let go.

    The calendar measures a drag from where the pointer is when the move passes its threshold,
    so that first bit of movement goes sideways: the time under the pointer stays the same.
    """
    page.mouse.move(*source)
    page.mouse.down()
    page.mouse.move(source[0] + 12, source[1], steps=4)
    page.mouse.move(*target, steps=12)
    page.mouse.up()


def sheet(page: Page) -> Locator:
    return page.locator("#sheet")


def outside_the_screen(page: Page, items: Locator) -> list[str]:
    """The items (by their text) that do not fit inside the viewport's width."""
    width = page.viewport_size["width"]
    return [
        item.inner_text()
        for item in items.all()
        if (box := item.bounding_box()) is None or box["x"] < 0 or box["x"] + box["width"] > width
    ]


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], f"the page scrolls sideways: {overflow}"


def until(condition: Callable[[], object], *, timeout: float = 5.0, what: str = "") -> None:
    """Poll `condition` (e.g. a database read) until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what or condition}")
        time.sleep(0.05)


BLUE = "#42a5f5"


def book_through_the_sheet(
    page: Page, form: Locator, salon: Salon, *, day: date, start: str, phone: bool, screens
) -> Booking:
    """Steps 3 to 5 of the manual on a new-booking sheet opened from Stylist 2's column at
    `start` ("10:30"): find Ada Lovelace by part of her name and by phone digits, see only
    Stylist 2's services offered and pick Coloring, see staff member, date, time and duration
    filled in, make it 75 minutes, choose blue, "This specialist only", an allergy and a
    comment, press Create. Returns the booking, once the grid shows it."""
    search = form.get_by_role("searchbox", name="Search clients by name or phone")
    found = form.locator("#client-results").get_by_role("button")
    search.fill("lovel")
    expect(found).to_have_text([re.compile("Ada Lovelace")])
    search.fill("555 01")  # the digits of all three phones
    expect(found).to_have_count(3)
    search.fill("0123")
    expect(found).to_have_text([re.compile("Ada Lovelace")])
    found.first.click()
    expect(form.locator(".client-chip")).to_contain_text("Ada Lovelace")

    services = form.get_by_role("group", name="Services")
    expect(services.get_by_role("checkbox")).to_have_count(2)
    expect(services).to_contain_text("Haircut")
    expect(services).not_to_contain_text("Beard trim")  # Stylist 1's only
    services.get_by_role("checkbox", name="Coloring").check()

    stylist = salon.staff[1]
    expect(form.get_by_label("Staff member")).to_have_value(str(stylist.pk))
    expect(form.get_by_label("Date")).to_have_value(day.isoformat())
    expect(form.get_by_label("Time")).to_have_value(start)
    duration = form.get_by_label("Duration, min")
    expect(duration).to_have_value("90")  # Coloring's own
    duration.fill("75")
    form.locator(f'label.swatch[title="{BLUE}"]').click()
    form.get_by_label("Booking category").select_option(label="This specialist only")
    form.get_by_label("Allergies").fill("Latex")
    form.get_by_label("Comment").fill("First visit, wants a consultation.")
    if phone:
        assert_no_sideways_scroll(page)
    screens(page, "form-filled")

    form.get_by_role("button", name="Create").click()
    expect(form).to_be_hidden()
    booking = Booking.objects.get(location=salon.location)
    expect(block(page, booking.pk)).to_contain_text("Ada Lovelace")
    expect(blocks(page)).to_have_count(1)
    if phone:
        assert_no_sideways_scroll(page)
    screens(page, "booking-in-the-grid")

    starts = salon.at(day, start)
    assert (booking.start_at, booking.end_at) == (starts, starts + timedelta(minutes=75))
    assert (booking.client_id, booking.staff_id) == (salon.ada.pk, stylist.pk)
    assert [line.service.name for line in booking.services.all()] == ["Coloring"]
    assert (booking.color, booking.category_id) == (BLUE, salon.only_them.pk)
    assert booking.field_values == {"allergies": "Latex"}
    assert booking.comment == "First visit, wants a consultation."
    return booking
