"""The visit's goods in the booking sheet: consumables added from the list or a service's bill
of materials, changed and deleted; products, memberships and gift cards sold and their sales
deleted; the refusals (beyond stock, a code in use or malformed, a product not for sale, a
consumable written off), the rights, other chains, and what the fragment shows."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salonbook.accounts.models import Role
from salonbook.catalog.services import MaterialLine, set_bill_of_materials
from salonbook.checkout import consumables, sales
from salonbook.checkout.models import PaymentMethod, SaleLine, VisitConsumable
from salonbook.checkout.payments import take_payment
from salonbook.clients.services import create_client, update_client
from salonbook.loyalty.codes import ALPHABET, GENERATED_LENGTH
from salonbook.loyalty.models import Certificate
from salonbook.visits.selectors import visit_detail
from tests.loyalty.cards import gift_card_type, membership_type, take
from tests.pages import HTMX, browser_as, htmx_triggers
from tests.salon import make_salon, next_weekday
from tests.stock import consumable, in_stock, product, receive, storage
from tests.web.test_translations import compiled, russian  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


class Goods:
    """Two storages (Shelf, the location's first, and Stock room), a shampoo for sale (5 on the
    shelf, 2 in the stock room), hair dye (ml) and gloves (pcs) to use up, a haircut whose bill
    of materials is 30 ml of dye and a pair of gloves, and a 100 gift card sold for 90."""

    def __init__(self, salon) -> None:
        self.shelf = storage(salon, "Shelf")
        self.stock_room = storage(salon, "Stock room")
        self.shampoo = product(salon, "Shampoo", price=Decimal("20.00"))
        self.dye = consumable(salon, "Hair dye")
        self.gloves = consumable(salon, "Gloves", unit="pcs")
        receive(salon, self.shelf, {self.shampoo: 5, self.dye: "500", self.gloves: 100})
        receive(salon, self.stock_room, {self.shampoo: 2})
        set_bill_of_materials(
            actor=salon.actor(),
            service_id=salon.services[0].pk,
            items=[
                MaterialLine(product_id=self.dye.pk, quantity=Decimal("30")),
                MaterialLine(product_id=self.gloves.pk, quantity=Decimal("2")),
            ],
        )
        self.gift_card = gift_card_type(salon)


@pytest.fixture
def day():
    return next_weekday(1)


@pytest.fixture
def goods(salon):
    return Goods(salon)


@pytest.fixture
def visit(salon, day, goods):
    """A haircut (40.00) for Ada with the first stylist."""
    client = create_client(actor=salon.actor(), name="Ada", phone="+12125550123")
    return salon.book(start=salon.at(day, "10:00"), client_id=client.pk)


def detail(salon, booking) -> dict:
    return visit_detail(actor=salon.actor(), booking_id=booking.pk)


def post(salon, url: str, data: dict | None = None, role: str = "owner"):
    return browser_as(salon, role).post(url, data or {}, headers=HTMX)


def get(salon, booking, role: str = "owner") -> str:
    return browser_as(salon, role).get(f"/visits/{booking.pk}/", headers=HTMX).content.decode()


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, title_id: str) -> str:
    """A section of the visit (visit-consumables-title, visit-sales-title) as text."""
    found = re.search(rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def heads(html: str) -> list[str]:
    """Each listed line's head (name, amount, terms) as one text."""
    found = re.findall(r'class="visit-line-head"[^>]*>(.*?)</(?:button|div)>', html, re.S)
    return [text(head) for head in found]


def state(html: str) -> dict[str, str]:
    """The visit's Alpine state as the fragment opens it."""
    data = re.search(r'<div id="visit"[^>]*x-data="\{ (.*?) \}"', html, re.S).group(1)
    return dict(pair.split(": ", 1) for pair in data.split(", "))


def without_right(salon, role: str, *permissions: str) -> None:
    row = Role.objects.get(chain=salon.chain, key=role)
    row.permissions = [p for p in row.permissions if p not in permissions]
    row.save()


def pay_in_full(salon, booking) -> None:
    cash = PaymentMethod.objects.get(chain=salon.chain, kind="cash")
    take_payment(actor=salon.actor(), booking_id=booking.pk, method_id=cash.pk)


def sell_shampoo(salon, booking, goods, **kwargs):
    return sales.sell_product(
        actor=salon.actor(), booking_id=booking.pk, product_id=goods.shampoo.pk, **kwargs
    )


# --- what the visit offers --------------------------------------------------------------------


def test_the_visit_offers_consumables_and_sales_with_what_is_in_stock(salon, visit, goods):
    html = get(salon, visit)

    for button in (
        ">+ Add a consumable<",
        ">Add a consumable<",
        ">Apply bill of materials<",
        ">+ Add sale<",
        ">Add a product<",
        ">Sell membership/gift card<",
    ):
        assert button in html, button
    consumables_part = re.search(r'<form id="add-consumable".*?</form>', html, re.S).group(0)
    assert re.findall(r'name="product_id" value="(\d+)"', consumables_part) == [
        str(goods.gloves.pk),
        str(goods.dye.pk),
    ]
    assert "500 ml in stock" in consumables_part and "100 pcs in stock" in consumables_part
    sale_part = re.search(r'<form id="add-sale".*?</form>', html, re.S).group(0)
    assert re.findall(r'name="product_id" value="(\d+)"', sale_part) == [str(goods.shampoo.pk)]
    # What each storage holds; the location's first storage is chosen, its figure shown.
    assert f"x-show=\"storage == '{goods.shelf.pk}'\">5 pcs in stock" in sale_part
    assert f"x-show=\"storage == '{goods.stock_room.pk}'\" x-cloak>2 pcs in stock" in sale_part
    assert f'<option value="{goods.shelf.pk}" selected>Shelf</option>' in sale_part
    assert f'<option value="{salon.staff[0].pk}" selected>Stylist 1</option>' in sale_part
    assert f'<option value="{goods.gift_card.pk}" data-price="90.00">' in sale_part
    assert sale_part.index('name="code"') < sale_part.index('name="product_id"')  # code on top
    bill = re.search(r'<form id="apply-bill".*?</form>', html, re.S).group(0)
    assert "Haircut" in bill and "Hair dye 30 ml" in text(bill) and "Gloves 2 pcs" in text(bill)
    assert state(html)["consuming"] == "''" and state(html)["selling"] == "false"


@pytest.mark.parametrize("role_without", [(), ("products.view",)])
def test_the_sale_form_starts_with_the_clients_prediscount(salon, visit, goods, role_without):
    # The discount field is shared by products and memberships/gift cards: a role that may sell
    # only the latter sees the prediscount too.
    update_client(actor=salon.actor(), client_id=visit.client_id, prediscount=Decimal("15"))
    without_right(salon, "owner", *role_without)

    sale_part = re.search(r'<form id="add-sale".*?</form>', get(salon, visit), re.S).group(0)

    assert re.search(r'name="discount_value" value="15(\.00)?"', sale_part), sale_part


def test_the_sale_form_of_a_client_without_prediscount_starts_empty(salon, visit, goods):
    sale_part = re.search(r'<form id="add-sale".*?</form>', get(salon, visit), re.S).group(0)

    assert 'name="discount_value"' in sale_part
    assert not re.search(r'name="discount_value" value=', sale_part)


def test_a_visit_whose_services_have_no_bill_of_materials_says_so(salon, day, goods):
    booking = salon.book(start=salon.at(day, "14:00"), service=salon.services[2])

    html = get(salon, booking)

    bill = re.search(r'<form id="apply-bill".*?</form>', html, re.S).group(0)
    assert "No service of this visit has a bill of materials" in bill
    assert ">Apply<" not in bill


# --- consumables -------------------------------------------------------------------------------


def test_adding_a_consumable_from_the_list(salon, visit, goods):
    response = post(
        salon,
        f"/visits/{visit.pk}/consumables/add/",
        {"product_id": goods.dye.pk, "quantity": "12.5", "storage_id": goods.stock_room.pk},
    )

    assert response.status_code == 200
    assert htmx_triggers(response) == {
        "booking-saved": {"id": visit.pk},
        "toast": {"message": "Consumable added", "kind": "ok"},
    }
    html = response.content.decode()
    assert heads(section(html, "visit-consumables-title")) == ["Hair dye 12.5 ml Stock room"]
    assert state(html)["consuming"] == "''"  # added: the form closes
    [item] = detail(salon, visit)["consumables"]
    assert (item["name"], item["quantity"], item["storage_id"], item["written_off"]) == (
        "Hair dye",
        Decimal("12.500"),
        goods.stock_room.pk,
        False,
    )
    assert detail(salon, visit)["totals"]["total"] == Decimal("40.00")  # free for the client
    assert in_stock(goods.stock_room, goods.dye) == 0  # leaves stock when the visit is paid


def test_without_a_storage_chosen_a_consumable_comes_from_the_first(salon, visit, goods):
    post(
        salon,
        f"/visits/{visit.pk}/consumables/add/",
        {"product_id": goods.gloves.pk, "quantity": "1"},
    )

    assert detail(salon, visit)["consumables"][0]["storage"] == "Shelf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quantity": "2"}, "Choose a consumable."),
        ({"product": "dye", "quantity": ""}, "Enter the quantity."),
        ({"product": "dye", "quantity": "0"}, "Enter a quantity above zero."),
        ({"product": "dye", "quantity": "abc"}, "Enter a number."),
        ({"product": "shampoo", "quantity": "1"}, "No such consumable."),
    ],
)
def test_an_impossible_consumable_is_refused_and_kept_as_typed(salon, visit, goods, data, message):
    typed = dict(data)
    if "product" in typed:
        typed["product_id"] = getattr(goods, typed.pop("product")).pk

    response = post(salon, f"/visits/{visit.pk}/consumables/add/", typed)

    assert response.status_code == 422
    html = response.content.decode()
    form = re.search(r'<form id="add-consumable".*?</form>', html, re.S).group(0)
    assert message in form
    assert state(html)["consuming"] == "'add'" and "x-cloak" not in form.split(">", 1)[0]
    assert f'name="quantity" value="{typed["quantity"]}"' in form or not typed["quantity"]
    if "product_id" in typed and message != "No such consumable.":
        picked = f'value="{typed["product_id"]}" data-unit="ml"'
        assert re.search(picked + r"[^>]*checked>", form)
    assert "HX-Trigger" not in response.headers
    assert not VisitConsumable.objects.exists()


def test_applying_a_bill_of_materials_adds_its_consumables_for_the_service(salon, visit, goods):
    line = detail(salon, visit)["services"][0]

    response = post(
        salon,
        f"/visits/{visit.pk}/consumables/bill-of-materials/",
        {"line_id": line["id"], "storage_id": goods.shelf.pk},
    )

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Bill of materials applied"
    assert heads(section(response.content.decode(), "visit-consumables-title")) == [
        "Hair dye 30 ml Shelf · Haircut",
        "Gloves 2 pcs Shelf · Haircut",
    ]


def test_with_several_services_the_bill_of_which_is_chosen(salon, visit, goods):
    post(salon, f"/visits/{visit.pk}/services/add/", {"service_id": salon.services[2].pk})
    set_bill_of_materials(
        actor=salon.actor(),
        service_id=salon.services[2].pk,
        items=[MaterialLine(product_id=goods.gloves.pk, quantity=Decimal("1"))],
    )
    haircut, beard = (line["id"] for line in detail(salon, visit)["services"])

    html = get(salon, visit)
    response = post(salon, f"/visits/{visit.pk}/consumables/bill-of-materials/", {"line_id": beard})

    bill = re.search(r'<form id="apply-bill".*?</form>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d+)"', bill.split('name="storage_id"')[0]) == [
        str(haircut),
        str(beard),
    ]
    assert response.status_code == 200
    assert heads(section(response.content.decode(), "visit-consumables-title")) == [
        "Gloves 1 pcs Shelf · Beard trim"
    ]


def test_a_bill_of_materials_refused_or_gone(salon, visit, goods):
    post(salon, f"/visits/{visit.pk}/services/add/", {"service_id": salon.services[2].pk})
    haircut, beard = (line["id"] for line in detail(salon, visit)["services"])

    none = post(salon, f"/visits/{visit.pk}/consumables/bill-of-materials/", {"line_id": beard})
    unchosen = post(salon, f"/visits/{visit.pk}/consumables/bill-of-materials/", {})
    post(salon, f"/visits/{visit.pk}/services/{haircut}/delete/")
    gone = post(salon, f"/visits/{visit.pk}/consumables/bill-of-materials/", {"line_id": haircut})

    assert none.status_code == unchosen.status_code == 422
    assert "This service has no bill of materials." in none.content.decode()
    assert state(none.content.decode())["consuming"] == "'bom'"
    assert "Choose a service." in unchosen.content.decode()
    assert gone.status_code == 404
    assert "This service is no longer in the visit." in gone.content.decode()
    assert not VisitConsumable.objects.exists()


def test_a_consumable_is_changed_by_tapping_its_name(salon, visit, goods):
    item = consumables.add_consumable(
        actor=salon.actor(), booking_id=visit.pk, product_id=goods.dye.pk, quantity="30"
    )
    html = get(salon, visit)
    editor = re.search(rf'<form id="consumable-{item.pk}-editor".*?</form>', html, re.S).group(0)
    assert 'name="quantity" value="30"' in editor
    assert f'<option value="{goods.shelf.pk}" selected>Shelf</option>' in editor
    assert f"@click=\"item = item === 'c{item.pk}'" in html
    assert 'hx-confirm="Delete Hair dye from the visit?"' in html

    response = post(
        salon,
        f"/visits/{visit.pk}/consumables/{item.pk}/",
        {"quantity": "45.5", "storage_id": goods.stock_room.pk},
    )

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Consumable saved"
    assert heads(section(response.content.decode(), "visit-consumables-title")) == [
        "Hair dye 45.5 ml Stock room"
    ]
    assert state(response.content.decode())["item"] == "''"


def test_a_refused_change_of_a_consumable_keeps_its_editor_open(salon, visit, goods):
    item = consumables.add_consumable(
        actor=salon.actor(), booking_id=visit.pk, product_id=goods.dye.pk, quantity="30"
    )

    response = post(salon, f"/visits/{visit.pk}/consumables/{item.pk}/", {"quantity": "-3"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a quantity above zero." in html
    assert state(html)["item"] == f"'c{item.pk}'"
    assert 'name="quantity" value="-3"' in html
    item.refresh_from_db()
    assert item.quantity == Decimal("30")


def test_a_written_off_consumable_is_shown_as_such_and_not_changed(salon, visit, goods):
    item = consumables.add_consumable(
        actor=salon.actor(), booking_id=visit.pk, product_id=goods.dye.pk, quantity="30"
    )
    pay_in_full(salon, visit)

    html = get(salon, visit)
    change = post(salon, f"/visits/{visit.pk}/consumables/{item.pk}/", {"quantity": "10"})
    delete = post(salon, f"/visits/{visit.pk}/consumables/{item.pk}/delete/")

    assert heads(section(html, "visit-consumables-title")) == ["Hair dye 30 ml Shelf · written off"]
    assert f'id="consumable-{item.pk}-editor"' not in html
    assert change.status_code == delete.status_code == 422
    for refused in (change, delete):
        assert "This consumable has left the stock already: delete a payment first." in (
            refused.content.decode()
        )
    assert in_stock(goods.shelf, goods.dye) == Decimal("470")
    item.refresh_from_db()
    assert item.quantity == Decimal("30")


def test_deleting_a_consumable_and_once_more(salon, visit, goods):
    item = consumables.add_consumable(
        actor=salon.actor(), booking_id=visit.pk, product_id=goods.dye.pk, quantity="30"
    )

    response = post(salon, f"/visits/{visit.pk}/consumables/{item.pk}/delete/")
    again = post(salon, f"/visits/{visit.pk}/consumables/{item.pk}/delete/")

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Consumable deleted"
    assert heads(section(response.content.decode(), "visit-consumables-title")) == []
    assert again.status_code == 404
    assert "This consumable is no longer in the visit." in again.content.decode()


def test_a_consumable_is_changed_only_through_its_own_visit(salon, visit, goods, day):
    other = salon.book(start=salon.at(day, "14:00"), staff=salon.staff[1])
    theirs = consumables.add_consumable(
        actor=salon.actor(), booking_id=other.pk, product_id=goods.dye.pk, quantity="30"
    )

    change = post(salon, f"/visits/{visit.pk}/consumables/{theirs.pk}/", {"quantity": "1"})
    delete = post(salon, f"/visits/{visit.pk}/consumables/{theirs.pk}/delete/")

    assert change.status_code == delete.status_code == 404
    theirs.refresh_from_db()
    assert theirs.quantity == Decimal("30")


# --- sales -------------------------------------------------------------------------------------


def test_selling_a_product_at_another_price_with_a_discount_by_another_seller(salon, visit, goods):
    response = post(
        salon,
        f"/visits/{visit.pk}/sales/product/",
        {
            "product_id": goods.shampoo.pk,
            "quantity": "2",
            "price": "18.00",
            "discount_value": "10",
            "discount_kind": "percent",
            "seller_id": salon.staff[1].pk,
            "storage_id": goods.stock_room.pk,
        },
    )

    assert response.status_code == 200
    assert htmx_triggers(response) == {
        "booking-saved": {"id": visit.pk},
        "toast": {"message": "Product added", "kind": "ok"},
        "visit-lines-changed": {"id": visit.pk},  # the sheet's total includes sales
    }
    html = response.content.decode()
    assert heads(section(html, "visit-sales-title")) == [
        "Shampoo $32.40 2 × $18.00 · discount 10% = −$3.60 sold by Stylist 2"
    ]
    assert re.search(r'data-total="total">\$72.40<', html)
    assert state(html)["selling"] == "false"
    [line] = detail(salon, visit)["sales"]
    assert (line["seller_id"], line["storage_id"], line["amount"]) == (
        salon.staff[1].pk,
        goods.stock_room.pk,
        Decimal("32.40"),
    )
    assert in_stock(goods.stock_room, goods.shampoo) == 0
    assert in_stock(goods.shelf, goods.shampoo) == 5


def test_a_product_sold_as_it_stands(salon, visit, goods):
    post(salon, f"/visits/{visit.pk}/sales/product/", {"product_id": goods.shampoo.pk})

    [line] = detail(salon, visit)["sales"]
    assert (line["price"], line["quantity"], line["seller"], line["storage_id"]) == (
        Decimal("20.00"),
        1,
        "Stylist 1",
        goods.shelf.pk,
    )


def test_selling_beyond_stock_is_refused_naming_what_is_in_stock(salon, visit, goods):
    response = post(
        salon,
        f"/visits/{visit.pk}/sales/product/",
        {"product_id": goods.shampoo.pk, "quantity": "3", "storage_id": goods.stock_room.pk},
    )

    assert response.status_code == 422
    html = response.content.decode()
    form = re.search(r'<form id="add-sale".*?</form>', html, re.S).group(0)
    quantity = re.search(
        r'<div class="field quantity-field invalid">.*?</div>\s*</div>', form, re.S
    )
    assert "Only 2 pcs of “Shampoo” in Stock room; 3 asked for." in quantity.group(0)
    assert 'name="quantity" value="3"' in form
    assert f'<option value="{goods.stock_room.pk}" selected>Stock room</option>' in form
    assert state(html)["selling"] == "true"
    assert not SaleLine.objects.exists()
    assert in_stock(goods.stock_room, goods.shampoo) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a product."),
        ({"product": "dye"}, "No such product for sale."),
        ({"product": "shampoo", "price": "-1"}, "Ensure this value is greater than or equal to 0."),
        (
            {"product": "shampoo", "discount_value": "120", "discount_kind": "percent"},
            "A percent discount is at most 100.",
        ),
        ({"product": "shampoo", "seller_id": "999999"}, "No such staff member."),
        ({"product": "shampoo", "storage_id": "999999"}, "No such storage at this location."),
    ],
)
def test_an_impossible_sale_is_refused_with_its_message(salon, visit, goods, data, message):
    typed = dict(data)
    if "product" in typed:
        typed["product_id"] = getattr(goods, typed.pop("product")).pk

    response = post(salon, f"/visits/{visit.pk}/sales/product/", typed)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert state(response.content.decode())["selling"] == "true"
    assert not SaleLine.objects.exists()


def test_selling_a_gift_card_with_a_typed_code(salon, visit, goods):
    response = post(
        salon,
        f"/visits/{visit.pk}/sales/certificate/",
        {"type_id": goods.gift_card.pk, "code": "gift-2024 ab", "seller_id": salon.staff[0].pk},
    )

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Membership or gift card sold"
    assert heads(section(response.content.decode(), "visit-sales-title")) == [
        "Gift card 100 $90.00 1 × $90.00 Gift card · code GIFT2024AB · sold by Stylist 1"
    ]
    certificate = Certificate.objects.get()
    assert (certificate.code, certificate.client_id) == ("GIFT2024AB", visit.client_id)


def test_without_a_code_one_is_generated(salon, visit, goods):
    post(salon, f"/visits/{visit.pk}/sales/certificate/", {"type_id": goods.gift_card.pk})

    code = Certificate.objects.get().code
    assert len(code) == GENERATED_LENGTH and set(code) <= set(ALPHABET)


def test_the_round_arrow_puts_a_fresh_code_into_the_field(salon, visit, goods):
    html = get(salon, visit)
    assert f'hx-post="/visits/{visit.pk}/sales/certificate-code/"' in html
    assert 'hx-target="#certificate-code"' in html

    response = post(salon, f"/visits/{visit.pk}/sales/certificate-code/")

    assert response.status_code == 200
    field = response.content.decode()
    assert field.lstrip().startswith('<div id="certificate-code"')
    code = re.search(r'name="code" value="([^"]+)"', field).group(1)
    assert len(code) == GENERATED_LENGTH and set(code) <= set(ALPHABET)
    assert not Certificate.objects.exists()  # nothing reserved until the sale


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("AB", "A code has 4 to 32 letters and digits."),
        ("ПОДАРОК", "A code has only Latin letters and digits"),
        ("taken-1", "Code TAKEN1 is already in use (“Gift card 100”)."),
    ],
)
def test_a_code_malformed_or_in_use_is_refused_on_the_code_field(
    salon, visit, goods, code, message
):
    sales.sell_certificate(
        actor=salon.actor(), booking_id=visit.pk, type_id=goods.gift_card.pk, code="TAKEN1"
    )

    response = post(
        salon,
        f"/visits/{visit.pk}/sales/certificate/",
        {"type_id": goods.gift_card.pk, "code": code, "price": "80"},
    )

    assert response.status_code == 422
    html = response.content.decode()
    field = re.search(r'<div id="certificate-code".*?<p class="hint">', html, re.S).group(0)
    assert message in field and f'name="code" value="{code}"' in field
    assert f'<option value="{goods.gift_card.pk}" data-price="90.00" selected>' in html
    assert f"type: '{goods.gift_card.pk}'" in html  # the certificate part stays shown
    assert 'name="price" value="80"' in html
    assert Certificate.objects.count() == 1


def test_a_membership_or_gift_card_must_be_chosen(salon, visit, goods):
    response = post(salon, f"/visits/{visit.pk}/sales/certificate/", {"code": "ABCD1234"})

    assert response.status_code == 422
    assert "Choose a membership or gift card." in response.content.decode()
    assert not Certificate.objects.exists()


def test_what_was_typed_goes_back_to_the_page_as_data_not_as_script(salon, visit, goods):
    typed = "1');alert(1);('"

    sale = post(
        salon, f"/visits/{visit.pk}/sales/certificate/", {"type_id": typed, "storage_id": typed}
    )
    bill = post(
        salon,
        f"/visits/{visit.pk}/consumables/bill-of-materials/",
        {"line_id": typed, "storage_id": typed},
    )

    assert sale.status_code == bill.status_code == 422
    quoted = "'1\\u0027)\\u003Balert(1)\\u003B(\\u0027'"  # no quote ends the string
    assert f"storage: {quoted}, type: {quoted}" in sale.content.decode()
    assert f"line: {quoted}, storage: {quoted}" in bill.content.decode()


def test_deleting_a_product_sale_puts_it_back(salon, visit, goods):
    line = sell_shampoo(salon, visit, goods, quantity=2)
    html = get(salon, visit)
    assert 'hx-confirm="Delete Shampoo from the visit?"' in html
    assert f"@click=\"item = item === 's{line.pk}'" in html

    response = post(salon, f"/visits/{visit.pk}/sales/{line.pk}/delete/")
    again = post(salon, f"/visits/{visit.pk}/sales/{line.pk}/delete/")

    assert response.status_code == 200
    assert htmx_triggers(response)["toast"]["message"] == "Sale deleted"
    assert heads(section(response.content.decode(), "visit-sales-title")) == []
    assert in_stock(goods.shelf, goods.shampoo) == 5
    assert again.status_code == 404
    assert "may have been deleted already" in again.content.decode()


def test_a_used_gift_card_is_not_deleted_and_the_visit_says_why(salon, visit, goods):
    line = sales.sell_certificate(
        actor=salon.actor(), booking_id=visit.pk, type_id=goods.gift_card.pk, code="GIFT0001"
    )
    take(line.certificate, amount="25")

    response = post(salon, f"/visits/{visit.pk}/sales/{line.pk}/delete/")

    assert response.status_code == 422
    html = response.content.decode()
    message = re.search(r'aria-labelledby="visit-sales-title".*?role="alert">([^<]*)<', html, re.S)
    assert "Gift card GIFT0001 has been used (75.00 of 100.00 left)" in message.group(1)
    assert state(html)["item"] == f"'s{line.pk}'"
    line.refresh_from_db()
    assert line.deleted_at is None


def test_a_sale_is_deleted_only_through_its_own_visit(salon, visit, goods, day):
    other = salon.book(start=salon.at(day, "14:00"), staff=salon.staff[1])
    theirs = sell_shampoo(salon, other, goods)

    response = post(salon, f"/visits/{visit.pk}/sales/{theirs.pk}/delete/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.deleted_at is None


def test_a_paid_visits_goods_are_refused_with_the_reason(salon, visit, goods):
    without_right(salon, "administrator", "visits.edit_paid")
    pay_in_full(salon, visit)

    response = post(
        salon,
        f"/visits/{visit.pk}/sales/product/",
        {"product_id": goods.shampoo.pk},
        role="administrator",
    )

    assert response.status_code == 422
    assert "This visit is paid in full: delete its payments to change it." in (
        response.content.decode()
    )
    assert not SaleLine.objects.exists()


# --- rights and tenancy -------------------------------------------------------------------------


def test_who_may_not_sell_memberships_sees_products_only_and_is_refused(salon, visit, goods):
    line = sales.sell_certificate(
        actor=salon.actor(), booking_id=visit.pk, type_id=goods.gift_card.pk, code="GIFT0001"
    )

    html = get(salon, visit, "specialist")
    sell = post(
        salon,
        f"/visits/{visit.pk}/sales/certificate/",
        {"type_id": goods.gift_card.pk},
        "specialist",
    )
    code = post(salon, f"/visits/{visit.pk}/sales/certificate-code/", role="specialist")
    delete = post(salon, f"/visits/{visit.pk}/sales/{line.pk}/delete/", role="specialist")

    assert ">+ Add sale<" in html and ">Add a product<" in html and ">+ Add a consumable<" in html
    assert ">Sell membership/gift card<" not in html and 'name="code"' not in html
    assert "code …0001" in text(html)  # masked for who may not manage them
    assert "Delete the sale" not in section(html, "visit-sales-title")
    assert sell.status_code == code.status_code == delete.status_code == 403
    for refused in (sell, code, delete):
        assert "may not: create and edit membership and gift card types" in (
            refused.content.decode()
        )
    assert Certificate.objects.count() == 1 and SaleLine.objects.live().count() == 1


def test_who_may_not_edit_sees_the_goods_without_editors_and_is_refused(salon, visit, goods):
    without_right(salon, "specialist", "bookings.edit")
    item = consumables.add_consumable(
        actor=salon.actor(), booking_id=visit.pk, product_id=goods.dye.pk, quantity="30"
    )
    line = sell_shampoo(salon, visit, goods)
    haircut = detail(salon, visit)["services"][0]["id"]

    html = get(salon, visit, "specialist")
    refusals = [
        post(salon, url, data, "specialist")
        for url, data in (
            (f"/visits/{visit.pk}/consumables/add/", {"product_id": goods.dye.pk, "quantity": 1}),
            (f"/visits/{visit.pk}/consumables/bill-of-materials/", {"line_id": haircut}),
            (f"/visits/{visit.pk}/consumables/{item.pk}/", {"quantity": "1"}),
            (f"/visits/{visit.pk}/consumables/{item.pk}/delete/", {}),
            (f"/visits/{visit.pk}/sales/product/", {"product_id": goods.shampoo.pk}),
            (f"/visits/{visit.pk}/sales/{line.pk}/delete/", {}),
        )
    ]

    assert heads(section(html, "visit-consumables-title")) == ["Hair dye 30 ml Shelf"]
    assert heads(section(html, "visit-sales-title")) == [
        "Shampoo $20.00 1 × $20.00 sold by Stylist 1"
    ]
    for control in ("+ Add a consumable", "+ Add sale", "line-editor", "Delete the sale"):
        assert control not in html, control
    assert [r.status_code for r in refusals] == [403] * 6
    assert all("may not: edit and reschedule bookings" in r.content.decode() for r in refusals)
    assert VisitConsumable.objects.get().quantity == Decimal("30")
    assert SaleLine.objects.live().count() == 1


def test_who_may_not_see_products_or_stock_is_offered_neither(salon, visit, goods):
    without_right(salon, "specialist", "products.view", "stock.view")

    html = get(salon, visit, "specialist")
    sold = post(
        salon,
        f"/visits/{visit.pk}/consumables/add/",
        {"product_id": goods.dye.pk, "quantity": "5"},
        "specialist",
    )

    assert "+ Add a consumable" not in html and "+ Add sale" not in html
    assert "in stock" not in html
    # The services still add what they are asked to, from the location's first storage.
    assert sold.status_code == 200
    assert detail(salon, visit)["consumables"][0]["storage"] == "Shelf"


def test_another_chains_visit_and_goods_are_not_found(salon, day, goods):
    other = make_salon(name="Other")
    their_goods = Goods(other)
    theirs = other.book(start=other.at(day, "10:00"))
    item = consumables.add_consumable(
        actor=other.actor(), booking_id=theirs.pk, product_id=their_goods.dye.pk, quantity="5"
    )
    line = sales.sell_product(
        actor=other.actor(), booking_id=theirs.pk, product_id=their_goods.shampoo.pk
    )
    haircut = visit_detail(actor=other.actor(), booking_id=theirs.pk)["services"][0]["id"]

    responses = [
        post(salon, url, data)
        for url, data in (
            (f"/visits/{theirs.pk}/consumables/add/", {"product_id": goods.dye.pk, "quantity": 1}),
            (f"/visits/{theirs.pk}/consumables/bill-of-materials/", {"line_id": haircut}),
            (f"/visits/{theirs.pk}/consumables/{item.pk}/", {"quantity": "1"}),
            (f"/visits/{theirs.pk}/consumables/{item.pk}/delete/", {}),
            (f"/visits/{theirs.pk}/sales/product/", {"product_id": goods.shampoo.pk}),
            (f"/visits/{theirs.pk}/sales/certificate/", {"type_id": goods.gift_card.pk}),
            (f"/visits/{theirs.pk}/sales/{line.pk}/delete/", {}),
            (f"/visits/{theirs.pk}/sales/certificate-code/", {}),
        )
    ]

    assert [r.status_code for r in responses] == [404] * 8
    assert all("Shampoo" not in r.content.decode() for r in responses)
    after = visit_detail(actor=other.actor(), booking_id=theirs.pk)
    assert len(after["consumables"]) == 1 and len(after["sales"]) == 1
    assert in_stock(their_goods.shelf, their_goods.shampoo) == 4


def test_the_visit_with_goods_is_drawn_in_a_fixed_number_of_queries(salon, visit, goods):
    membership_type(salon)
    actor = salon.actor()
    consumables.add_consumable(
        actor=actor, booking_id=visit.pk, product_id=goods.dye.pk, quantity="5"
    )
    sell_shampoo(salon, visit, goods)
    browser = browser_as(salon)
    browser.get(f"/visits/{visit.pk}/", headers=HTMX)
    with CaptureQueriesContext(connection) as few:
        browser.get(f"/visits/{visit.pk}/", headers=HTMX)
    line = detail(salon, visit)["services"][0]["id"]
    consumables.apply_bill_of_materials(actor=actor, booking_id=visit.pk, line_id=line)
    for name in ("Conditioner", "Hair oil"):
        extra = product(salon, name)
        receive(salon, goods.shelf, {extra: 3})
        sales.sell_product(actor=actor, booking_id=visit.pk, product_id=extra.pk)
    sales.sell_certificate(actor=actor, booking_id=visit.pk, type_id=goods.gift_card.pk)

    with CaptureQueriesContext(connection) as more:
        browser.get(f"/visits/{visit.pk}/", headers=HTMX)

    assert len(few) <= 22, len(few)
    assert len(more) == len(few)


# --- in Russian -------------------------------------------------------------------------------


def test_the_goods_speak_russian(russian, day):  # noqa: F811
    goods = Goods(russian)
    booking = russian.book(start=russian.at(day, "10:00"))

    html = get(russian, booking)
    sold = post(
        russian,
        f"/visits/{booking.pk}/sales/product/",
        {"product_id": goods.shampoo.pk, "price": "17,50"},
    )
    added = post(
        russian,
        f"/visits/{booking.pk}/consumables/add/",
        {"product_id": goods.dye.pk, "quantity": "12,5"},
    )

    for words in (
        "+ Добавить расходный материал",
        "Применить технологическую карту",
        "+ Добавить продажу",
        "Добавить товар",
        "Продать абонемент/сертификат",
        "Товары и абонементы",
        "Склад",
        "Продавец",
    ):
        assert words in html, words
    assert htmx_triggers(sold)["toast"]["message"] == "Товар добавлен"
    assert htmx_triggers(added)["toast"]["message"] == "Расходный материал добавлен"
    after = visit_detail(actor=russian.actor(), booking_id=booking.pk)
    assert after["sales"][0]["price"] == Decimal("17.50")
    assert after["consumables"][0]["quantity"] == Decimal("12.500")
    assert "12,5 мл" in text(added.content.decode())
