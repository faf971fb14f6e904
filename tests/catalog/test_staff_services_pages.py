"""The services a staff member performs (/settings/staff/<id>/services/, a page of the staff
card kept in the catalogue): ticked, set with their own price and duration in the language's
format, and the refusals (bad input, read-only specialists)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from salonbook.catalog.forms import StaffServicesForm
from salonbook.catalog.models import StaffService
from tests.pages import browser_as
from tests.settings_pages import events, forbidden, main_of, refused_form, said

pytestmark = pytest.mark.django_db


def offered(member):
    return {
        link.service.name: (link.price, link.duration_minutes)
        for link in StaffService.objects.filter(staff=member).select_related("service")
    }


def test_the_services_page_ticks_what_the_staff_member_performs(salon):
    member = salon.staff[1]  # Haircut and Coloring, not the beard trim
    haircut, coloring, beard = salon.services

    response = browser_as(salon).get(f"/settings/staff/{member.pk}/services/")

    form = response.context["form"]
    assert form[f"s{haircut.pk}"].value() and form[f"s{coloring.pk}"].value()
    assert not form[f"s{beard.pk}"].value()
    assert "Beard trim" in response.content.decode()


def test_services_are_set_with_their_own_price_rounded_and_duration(salon):
    member = salon.staff[1]
    haircut, coloring, beard = salon.services
    form = {
        f"s{haircut.pk}": "on",
        f"p{haircut.pk}": "42.125",
        f"d{haircut.pk}": "50",
        f"s{beard.pk}": "on",
        f"p{beard.pk}": "",
        f"d{beard.pk}": "",
    }

    response = browser_as(salon).post(f"/settings/staff/{member.pk}/services/", form, follow=True)

    assert "The services of Stylist 2 were saved." in said(response)
    assert offered(member) == {"Haircut": (Decimal("42.13"), 50), "Beard trim": (None, None)}
    assert ("staff", member.pk, "services_set") in events(salon, "staff")


@pytest.mark.parametrize(
    ("language", "typed", "shown", "placeholder"),
    [("en", "42.5", "42.50", "40.00"), ("ru", "42,5", "42,50", "40,00")],
)
def test_an_own_price_is_read_and_shown_in_the_languages_format(
    salon, language, typed, shown, placeholder
):
    haircut = salon.services[0]
    with translation.override(language):
        posted = StaffServicesForm(
            {f"s{haircut.pk}": "on", f"p{haircut.pk}": typed}, services=[haircut]
        )
        assert posted.is_valid(), posted.errors
        assert posted.terms()[0].price == Decimal("42.5")
        link = StaffService(service=haircut, price=Decimal("42.50"))
        field = str(
            StaffServicesForm(services=[haircut], links={haircut.pk: link})[f"p{haircut.pk}"]
        )
    assert f'value="{shown}"' in field and f'placeholder="{placeholder}"' in field
    assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_an_own_price_with_a_decimal_comma_is_saved_from_a_russian_page(salon):
    member = salon.staff[1]
    haircut = salon.services[0]
    user = salon.users["owner"]
    user.language = "ru"
    user.save(update_fields=["language"])
    form = {f"s{haircut.pk}": "on", f"p{haircut.pk}": "110,50", f"d{haircut.pk}": ""}

    russian = browser_as(salon)
    russian.post(f"/settings/staff/{member.pk}/services/", form)
    page = main_of(russian.get(f"/settings/staff/{member.pk}/services/"))

    assert offered(member) == {"Haircut": (Decimal("110.50"), None)}
    assert f'name="p{haircut.pk}" value="110,50"' in page


def test_services_with_a_too_short_duration_are_refused_and_nothing_changes(salon):
    member = salon.staff[1]
    haircut = salon.services[0]
    before = offered(member)

    errors = refused_form(
        browser_as(salon).post(
            f"/settings/staff/{member.pk}/services/",
            {f"s{haircut.pk}": "on", f"d{haircut.pk}": "3", f"p{haircut.pk}": "-1"},
        )
    )

    assert {f"d{haircut.pk}", f"p{haircut.pk}"} <= set(errors)
    assert offered(member) == before


def test_a_specialist_sees_the_services_read_only_and_may_not_set_them(salon):
    member = salon.staff[1]
    before = offered(member)
    specialist = browser_as(salon, "specialist")

    page = main_of(specialist.get(f"/settings/staff/{member.pk}/services/"))
    response = specialist.post(f"/settings/staff/{member.pk}/services/", {})

    assert "may see these services but not change them" in page and ">Save<" not in page
    forbidden(response)
    assert offered(member) == before
