"""The staff settings pages: the list per location, a staff member's card, and positions; with
the refusals (read-only specialists, other chains, bad input). The services a staff member
performs: tests/catalog/test_staff_services_pages.py."""

from __future__ import annotations

import pytest

from salonbook.chains.services import create_location
from salonbook.staff.forms import StaffForm
from salonbook.staff.models import Position, StaffMember
from salonbook.staff.services import (
    STAFF_FIELDS,
    create_position,
    create_staff_member,
    update_staff_member,
)
from salonbook.sync.models import ChangeEvent
from tests.pages import browser_as
from tests.salon import make_salon
from tests.settings_pages import (
    event_count,
    events,
    forbidden,
    main_of,
    not_found,
    refused_form,
    said,
)

pytestmark = pytest.mark.django_db


def card(salon, **changes):
    """What the staff card form posts for the first stylist, with `changes`."""
    member = salon.staff[0]
    data = {
        "name": member.name,
        "location_id": member.location_id,
        "position_id": member.position_id or "",
        "phone": member.phone,
        "email": member.email,
        "color": member.color,
        "sort_order": member.sort_order,
        "is_active": "on" if member.is_active else "",
        "version": member.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- the list ------------------------------------------------------------------------------


def test_the_staff_list_shows_one_locations_staff_with_position_and_dismissed_ones(salon):
    actor = salon.actor()
    stylist = create_position(actor=actor, name="Senior stylist")
    update_staff_member(actor=actor, staff_id=salon.staff[0].pk, position_id=stylist.pk)
    update_staff_member(actor=actor, staff_id=salon.staff[1].pk, is_active=False)
    branch = create_location(actor=actor, name="Uptown", time_zone="America/New_York")
    create_staff_member(actor=actor, name="Uptown Ursula", location_id=branch.pk)

    page = browser_as(salon).get("/settings/staff/").content.decode()

    assert "Stylist 1" in page and "Senior stylist" in page
    assert "Stylist 2" in page and "Dismissed" in page
    assert "Uptown Ursula" not in page
    uptown = browser_as(salon).get(f"/settings/staff/?location={branch.pk}").content.decode()
    assert "Uptown Ursula" in uptown and "Stylist 1" not in uptown


def test_the_owner_is_offered_to_add_staff_and_positions_and_a_specialist_is_not(salon):
    owner = browser_as(salon).get("/settings/staff/").content.decode()
    specialist = browser_as(salon, "specialist").get("/settings/staff/").content.decode()

    assert (
        'href="/settings/staff/new/' in owner and 'action="/settings/staff/positions/new/"' in owner
    )
    assert "Stylist 1" in specialist
    assert "/settings/staff/new/" not in specialist
    assert "/settings/staff/positions/" not in specialist


# --- creating -------------------------------------------------------------------------------


def test_a_staff_member_is_created_from_the_form_and_the_change_is_recorded(salon):
    position = create_position(actor=salon.actor(), name="Barber")
    form = {
        "name": "Nina",
        "location_id": salon.location.pk,
        "position_id": position.pk,
        "phone": "+12125550100",
        "email": "nina@example.com",
        "color": "#42a5f5",
        "sort_order": "3",
    }

    response = browser_as(salon).post("/settings/staff/new/", form, follow=True)

    nina = StaffMember.objects.get(chain=salon.chain, name="Nina")
    assert response.redirect_chain[-1][0] == f"/settings/staff/{nina.pk}/"
    assert "Nina was added to the staff." in said(response)
    assert (nina.position, nina.color, nina.sort_order, nina.email) == (
        position,
        "#42a5f5",
        3,
        "nina@example.com",
    )
    assert ("staff", nina.pk, "created") in events(salon, "staff")


def test_a_staff_member_with_bad_input_is_shown_again_with_messages_and_nothing_is_written(salon):
    before = (StaffMember.objects.count(), event_count(salon))
    form = {"name": "", "location_id": salon.location.pk, "email": "not-an-e-mail", "sort_order": 0}

    errors = refused_form(browser_as(salon).post("/settings/staff/new/", form))

    assert {"name", "email"} <= set(errors)
    assert (StaffMember.objects.count(), event_count(salon)) == before


def test_a_location_of_another_chain_cannot_be_chosen_for_a_new_staff_member(salon):
    elsewhere = make_salon(name="Elsewhere")
    form = {"name": "Spy", "location_id": elsewhere.location.pk, "sort_order": 0}

    errors = refused_form(browser_as(salon).post("/settings/staff/new/", form))

    assert "location_id" in errors
    assert not StaffMember.objects.filter(name="Spy").exists()


def test_a_specialist_may_not_add_staff(salon):
    form = {"name": "Intruder", "location_id": salon.location.pk, "sort_order": 0}
    specialist = browser_as(salon, "specialist")

    forbidden(specialist.get("/settings/staff/new/"))
    forbidden(specialist.post("/settings/staff/new/", form))
    assert not StaffMember.objects.filter(name="Intruder").exists()


# --- editing -------------------------------------------------------------------------------


def test_the_staff_card_form_has_a_field_for_each_field_the_service_writes():
    form = StaffForm(locations=[], positions=[])

    assert set(form.fields) - {"version"} == set(STAFF_FIELDS)


def test_the_card_shows_the_staff_members_details(salon):
    page = main_of(browser_as(salon).get(f"/settings/staff/{salon.staff[0].pk}/"))

    assert 'value="Stylist 1"' in page
    assert ">Save<" in page


def test_a_staff_member_is_renamed_and_dismissed_and_only_changed_fields_are_recorded(salon):
    member = salon.staff[0]

    response = browser_as(salon).post(
        f"/settings/staff/{member.pk}/", card(salon, name="Anna", is_active=""), follow=True
    )

    member.refresh_from_db()
    assert (member.name, member.is_active, member.version) == ("Anna", False, 2)
    assert "Anna was saved." in said(response)
    event = ChangeEvent.objects.get(chain=salon.chain, entity="staff", action="updated")
    assert event.data == {"fields": ["is_active", "name"]}


def test_saving_an_unchanged_card_writes_nothing(salon):
    member = salon.staff[0]
    before = event_count(salon)

    response = browser_as(salon).post(f"/settings/staff/{member.pk}/", card(salon), follow=True)

    assert "Nothing was changed." in said(response)
    assert event_count(salon) == before
    member.refresh_from_db()
    assert member.version == 1


def test_a_card_changed_by_someone_else_meanwhile_is_refused_with_a_message(salon):
    member = salon.staff[0]
    stale = card(salon, name="Mine")
    update_staff_member(actor=salon.actor(), staff_id=member.pk, name="Theirs")

    errors = refused_form(browser_as(salon).post(f"/settings/staff/{member.pk}/", stale))

    assert "changed by someone else" in errors["__all__"][0]
    member.refresh_from_db()
    assert member.name == "Theirs"


def test_a_card_with_a_bad_colour_is_refused_and_left_unchanged(salon):
    member = salon.staff[0]

    errors = refused_form(
        browser_as(salon).post(f"/settings/staff/{member.pk}/", card(salon, color="red;x"))
    )

    assert "color" in errors
    member.refresh_from_db()
    assert member.color == ""


def test_a_specialist_sees_the_card_read_only_and_may_not_change_it(salon):
    member = salon.staff[1]
    specialist = browser_as(salon, "specialist")
    before = event_count(salon)

    page = main_of(specialist.get(f"/settings/staff/{member.pk}/"))
    response = specialist.post(f"/settings/staff/{member.pk}/", card(salon, name="Hacked"))

    assert "may see this staff member but not change" in page
    assert ">Save<" not in page
    assert 'name="name"' in page and "disabled" in page
    forbidden(response)
    member.refresh_from_db()
    assert member.name == "Stylist 2"
    assert event_count(salon) == before


def test_a_staff_member_of_another_chain_is_not_found(salon):
    elsewhere = make_salon(name="Elsewhere")
    theirs = elsewhere.staff[0]
    owner = browser_as(salon)

    not_found(owner.get(f"/settings/staff/{theirs.pk}/"))
    not_found(owner.post(f"/settings/staff/{theirs.pk}/", card(salon, name="Taken")))
    not_found(owner.get(f"/settings/staff/{theirs.pk}/services/"))
    theirs.refresh_from_db()
    assert theirs.name == "Stylist 1"


# --- positions -----------------------------------------------------------------------------


def test_a_position_is_created_from_the_staff_page_and_listed_there(salon):
    owner = browser_as(salon)

    response = owner.post("/settings/staff/positions/new/", {"name": "Colorist"}, follow=True)

    assert response.redirect_chain[-1][0] == "/settings/staff/"
    assert "Position “Colorist” was created." in said(response)
    assert "Colorist" in response.content.decode()
    position = Position.objects.get(chain=salon.chain, name="Colorist")
    assert ("position", position.pk, "created") in events(salon, "position")


def test_a_position_named_like_another_is_refused_whatever_the_case(salon):
    create_position(actor=salon.actor(), name="Colorist")

    errors = refused_form(
        browser_as(salon).post("/settings/staff/positions/new/", {"name": "colorist"})
    )

    assert "name" in errors
    assert Position.objects.filter(chain=salon.chain).count() == 1


def test_a_position_is_renamed(salon):
    position = create_position(actor=salon.actor(), name="Colourist")

    response = browser_as(salon).post(
        f"/settings/staff/positions/{position.pk}/", {"name": "Colorist"}, follow=True
    )

    position.refresh_from_db()
    assert position.name == "Colorist"
    assert "Position “Colorist” was saved." in said(response)
    assert ("position", position.pk, "updated") in events(salon, "position")


def test_a_specialist_may_not_create_or_rename_positions(salon):
    position = create_position(actor=salon.actor(), name="Colorist")
    specialist = browser_as(salon, "specialist")

    forbidden(specialist.post("/settings/staff/positions/new/", {"name": "Boss"}))
    forbidden(specialist.post(f"/settings/staff/positions/{position.pk}/", {"name": "Boss"}))
    assert list(Position.objects.values_list("name", flat=True)) == ["Colorist"]


def test_a_position_of_another_chain_is_not_found(salon):
    theirs = create_position(actor=make_salon(name="Elsewhere").actor(), name="Theirs")

    not_found(browser_as(salon).post(f"/settings/staff/positions/{theirs.pk}/", {"name": "Mine"}))
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
