"""The service settings pages: the catalogue by category, a service's card, categories."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from salonbook.catalog.forms import ServiceForm
from salonbook.catalog.models import Service, ServiceCategory
from salonbook.catalog.services import (
    SERVICE_FIELDS,
    create_category,
    create_service,
    update_service,
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


def service_form(service: Service, **changes):
    data = {
        "name": service.name,
        "category_id": service.category_id or "",
        "description": service.description,
        "duration_minutes": service.duration_minutes,
        "price": str(service.price),
        "is_active": "on" if service.is_active else "",
        "sort_order": service.sort_order,
        "version": service.version,
    }
    data.update(changes)
    return data


# --- the list ------------------------------------------------------------------------------


def test_services_are_listed_under_their_categories_with_inactive_and_uncategorised_ones(salon):
    actor = salon.actor()
    nails = create_category(actor=actor, name="Nails")
    create_category(actor=actor, name="Empty one")
    create_service(
        actor=actor, name="Manicure", duration_minutes=45, price=Decimal(30), category_id=nails.pk
    )
    create_service(actor=actor, name="Consultation", duration_minutes=15, price=Decimal(0))
    update_service(actor=actor, service_id=salon.services[2].pk, is_active=False)

    response = browser_as(salon).get("/settings/services/")

    groups = [
        (g.category.name if g.category else None, [s.name for s in g.services])
        for g in response.context["groups"]
    ]
    assert groups == [
        ("Empty one", []),
        ("Hair", ["Beard trim", "Coloring", "Haircut"]),
        ("Nails", ["Manicure"]),
        (None, ["Consultation"]),
    ]
    page = main_of(response)
    assert "$85.50" in page and "Inactive" in page and "Without a category" in page


def test_a_specialist_sees_the_services_without_the_buttons_to_change_them(salon):
    page = main_of(browser_as(salon, "specialist").get("/settings/services/"))

    assert "Haircut" in page
    assert "/settings/services/new/" not in page and "/settings/services/categories/" not in page


# --- services ------------------------------------------------------------------------------


def test_a_service_is_created_with_its_price_rounded_to_cents(salon):
    hair = ServiceCategory.objects.get(chain=salon.chain, name="Hair")
    form = {
        "name": "Perm",
        "category_id": hair.pk,
        "description": "Curls that last",
        "duration_minutes": "120",
        "price": "99.995",
        "sort_order": "5",
    }

    response = browser_as(salon).post("/settings/services/new/", form, follow=True)

    perm = Service.objects.get(chain=salon.chain, name="Perm")
    assert (perm.category, perm.price, perm.duration_minutes, perm.is_active) == (
        hair,
        Decimal("100.00"),
        120,
        True,
    )
    assert "Service “Perm” was created." in said(response)
    assert ("service", perm.pk, "created") in events(salon, "service")


def test_a_service_with_bad_input_is_shown_again_and_nothing_is_written(salon):
    before = (Service.objects.count(), event_count(salon))
    form = {"name": "", "duration_minutes": "2", "price": "-5", "sort_order": "0"}

    errors = refused_form(browser_as(salon).post("/settings/services/new/", form))

    assert {"name", "duration_minutes", "price"} <= set(errors)
    assert (Service.objects.count(), event_count(salon)) == before


def test_a_category_of_another_chain_cannot_be_chosen(salon):
    theirs = create_category(actor=make_salon(name="Elsewhere").actor(), name="Theirs")
    form = {"name": "X", "category_id": theirs.pk, "duration_minutes": 30, "price": "1"}

    errors = refused_form(
        browser_as(salon).post("/settings/services/new/", {**form, "sort_order": 0})
    )

    assert "category_id" in errors
    assert not Service.objects.filter(name="X").exists()


def test_a_service_is_edited_and_deactivated(salon):
    haircut = salon.services[0]

    response = browser_as(salon).post(
        f"/settings/services/{haircut.pk}/",
        service_form(haircut, price="45.5", is_active="", name="Cut"),
        follow=True,
    )

    haircut.refresh_from_db()
    assert (haircut.name, haircut.price, haircut.is_active, haircut.version) == (
        "Cut",
        Decimal("45.50"),
        False,
        2,
    )
    assert "Service “Cut” was saved." in said(response)
    event = ChangeEvent.objects.get(chain=salon.chain, entity="service", action="updated")
    assert event.data == {"fields": ["is_active", "name", "price"]}


def test_the_service_form_has_a_field_for_each_field_the_service_writes():
    assert set(ServiceForm(categories=[]).fields) - {"version"} == set(SERVICE_FIELDS)


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [("en", "110.50", "110.50"), ("ru", "110,50", "110,50"), ("ru", "110.50", "110,50")],
)
def test_a_price_is_read_and_shown_in_the_languages_format(language, typed, shown):
    with translation.override(language):
        form = ServiceForm(
            {"name": "Perm", "duration_minutes": "60", "price": typed, "sort_order": "0"},
            categories=[],
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["price"] == Decimal("110.50")
        field = str(ServiceForm(initial={"price": Decimal("110.50")}, categories=[])["price"])
    assert f'value="{shown}"' in field
    assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_a_price_with_a_decimal_comma_is_saved_from_a_russian_page(salon):
    haircut = salon.services[0]
    user = salon.users["owner"]
    user.language = "ru"
    user.save(update_fields=["language"])
    russian = browser_as(salon)

    shown = main_of(russian.get(f"/settings/services/{haircut.pk}/"))
    russian.post(f"/settings/services/{haircut.pk}/", service_form(haircut, price="42,75"))

    assert 'name="price" value="40,00"' in shown
    haircut.refresh_from_db()
    assert haircut.price == Decimal("42.75")


def test_a_service_changed_by_someone_else_meanwhile_is_refused(salon):
    haircut = salon.services[0]
    stale = service_form(haircut, name="Mine")
    update_service(actor=salon.actor(), service_id=haircut.pk, name="Theirs")

    errors = refused_form(browser_as(salon).post(f"/settings/services/{haircut.pk}/", stale))

    assert "changed by someone else" in errors["__all__"][0]
    haircut.refresh_from_db()
    assert haircut.name == "Theirs"


def test_a_specialist_sees_a_service_read_only_and_may_not_change_it(salon):
    haircut = salon.services[0]
    specialist = browser_as(salon, "specialist")
    before = event_count(salon)

    page = main_of(specialist.get(f"/settings/services/{haircut.pk}/"))
    response = specialist.post(f"/settings/services/{haircut.pk}/", service_form(haircut, name="X"))

    assert "may see this service but not change it" in page and ">Save<" not in page
    forbidden(response)
    forbidden(specialist.post("/settings/services/new/", service_form(haircut, name="New")))
    haircut.refresh_from_db()
    assert haircut.name == "Haircut" and not Service.objects.filter(name="New").exists()
    assert event_count(salon) == before


def test_a_service_of_another_chain_is_not_found(salon):
    theirs = make_salon(name="Elsewhere").services[0]

    not_found(browser_as(salon).get(f"/settings/services/{theirs.pk}/"))
    not_found(browser_as(salon).post(f"/settings/services/{theirs.pk}/", service_form(theirs)))


# --- categories ----------------------------------------------------------------------------


def test_a_category_is_created_and_renamed(salon):
    owner = browser_as(salon)

    created = owner.post(
        "/settings/services/categories/new/", {"name": "Nails", "sort_order": "2"}, follow=True
    )
    nails = ServiceCategory.objects.get(chain=salon.chain, name="Nails")
    renamed = owner.post(
        f"/settings/services/categories/{nails.pk}/",
        {"name": "Nail care", "sort_order": "1"},
        follow=True,
    )

    assert "Category “Nails” was created." in said(created)
    assert "Category “Nail care” was saved." in said(renamed)
    nails.refresh_from_db()
    assert (nails.name, nails.sort_order) == ("Nail care", 1)
    assert events(salon, "service_category")[-2:] == [
        ("service_category", nails.pk, "created"),
        ("service_category", nails.pk, "updated"),
    ]


def test_a_category_without_a_name_is_refused(salon):
    before = ServiceCategory.objects.count()

    errors = refused_form(
        browser_as(salon).post("/settings/services/categories/new/", {"name": " ", "sort_order": 0})
    )

    assert "name" in errors
    assert ServiceCategory.objects.count() == before


def test_a_specialist_may_not_create_or_rename_categories(salon):
    hair = ServiceCategory.objects.get(chain=salon.chain, name="Hair")
    specialist = browser_as(salon, "specialist")

    forbidden(specialist.post("/settings/services/categories/new/", {"name": "X", "sort_order": 0}))
    forbidden(
        specialist.post(f"/settings/services/categories/{hair.pk}/", {"name": "X", "sort_order": 0})
    )
    hair.refresh_from_db()
    assert hair.name == "Hair" and not ServiceCategory.objects.filter(name="X").exists()


def test_a_category_of_another_chain_is_not_found(salon):
    theirs = create_category(actor=make_salon(name="Elsewhere").actor(), name="Theirs")

    response = browser_as(salon).post(
        f"/settings/services/categories/{theirs.pk}/", {"name": "Mine", "sort_order": 0}
    )

    not_found(response)
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
