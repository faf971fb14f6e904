"""The visit's goods on a phone and a desktop, as the user manual tells: "+ Add a consumable"
(one from the list, then a service's bill of materials), a consumable changed and another
deleted by tapping its name; "+ Add sale": a product at another price with a discount, sold by
another stylist, then a gift card with a code from the round-arrow button; the product's sale
deleted; Arrived, a split payment in cash and the rest by card. Afterwards the stock (the
product back where it was, the consumables written off) and the visit's totals are checked on
the screen and in the database; a payment deleted puts the consumables back in stock."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from salonbook.accounts.models import User
from salonbook.bookings.models import Booking
from salonbook.catalog.services import MaterialLine, set_bill_of_materials
from salonbook.checkout import sales
from salonbook.checkout.models import Payment
from salonbook.inventory.selectors import stock_levels
from salonbook.loyalty.codes import ALPHABET, GENERATED_LENGTH
from salonbook.loyalty.models import Certificate
from salonbook.visits.lines import ServiceRequest
from salonbook.visits.selectors import visit_detail
from salonbook.visits.services import create_booking
from tests.e2e.app import block, furnished_salon, log_in, wait_live
from tests.e2e.test_visit import Visit
from tests.loyalty.cards import gift_card_type
from tests.salon import next_weekday
from tests.stock import consumable, product, receive, storage
from tests.web.test_translations import compiled  # noqa: F401 - a fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def salon():
    """The furnished salon with a shelf (the location's first storage) and a stock room; a
    shampoo (5 on the shelf, 3 in the stock room) and a conditioner for sale; hair dye
    (500 ml) and gloves (100) to use up; bills of materials: the haircut takes a pair of
    gloves, the colouring 60 ml of dye and two pairs; and a 100 gift card sold for 90."""
    salon = furnished_salon()
    actor = salon.actor()
    salon.shelf = storage(salon, "Shelf")
    salon.stock_room = storage(salon, "Stock room")
    salon.shampoo = product(salon, "Shampoo", price=Decimal("20.00"))
    salon.conditioner = product(salon, "Conditioner", price=Decimal("12.00"))
    salon.dye = consumable(salon, "Hair dye")
    salon.gloves = consumable(salon, "Gloves", unit="pcs")
    receive(
        salon,
        salon.shelf,
        {salon.shampoo: 5, salon.conditioner: 4, salon.dye: "500", salon.gloves: 100},
    )
    receive(salon, salon.stock_room, {salon.shampoo: 3})
    haircut, coloring = salon.services[:2]
    set_bill_of_materials(
        actor=actor,
        service_id=haircut.pk,
        items=[MaterialLine(product_id=salon.gloves.pk, quantity=Decimal("1"))],
    )
    set_bill_of_materials(
        actor=actor,
        service_id=coloring.pk,
        items=[
            MaterialLine(product_id=salon.dye.pk, quantity=Decimal("60")),
            MaterialLine(product_id=salon.gloves.pk, quantity=Decimal("2")),
        ],
    )
    salon.gift_card = gift_card_type(salon)
    return salon


@pytest.fixture
def day():
    return next_weekday(4)


@pytest.fixture
def booking(salon, day) -> Booking:
    """Ada's haircut (40.00) and colouring (85.50) with Stylist 1 at ten."""
    return create_booking(
        actor=salon.actor(),
        location_id=salon.location.pk,
        staff_id=salon.staff[0].pk,
        start=salon.at(day, "10:00"),
        services=[
            ServiceRequest(service_id=salon.services[0].pk),
            ServiceRequest(service_id=salon.services[1].pk),
        ],
        client_id=salon.ada.pk,
    )


def stock(salon) -> dict[tuple[str, str], Decimal]:
    """What each storage holds, by (storage, product) name."""
    names = {salon.shelf.pk: "Shelf", salon.stock_room.pk: "Stock room"}
    return {
        (names[level.storage_id], level.name): level.quantity
        for level in stock_levels(actor=salon.actor())
    }


BEFORE = {
    ("Shelf", "Shampoo"): Decimal("5"),
    ("Shelf", "Conditioner"): Decimal("4"),
    ("Shelf", "Hair dye"): Decimal("500"),
    ("Shelf", "Gloves"): Decimal("100"),
    ("Stock room", "Shampoo"): Decimal("3"),
}


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_consumables_and_sales_in_the_visit(request, device, screens, salon, day, booking):
    touch = device == "phone"
    page = log_in(request.getfixturevalue(device), salon.users["administrator"], day)
    expect(block(page, booking.pk)).to_contain_text("Ada Lovelace")
    if touch:
        block(page, booking.pk).tap()
    else:
        block(page, booking.pk).click()
    visit = Visit(page, touch=touch)
    root = visit.root
    consumables = root.get_by_role("list", name="Consumables", exact=True).get_by_role("listitem")
    goods = root.get_by_role("list", name="Goods and subscriptions", exact=True).get_by_role(
        "listitem"
    )
    visit.expect_totals("$125.50", "$0.00", "$0.00", "$125.50")

    # 1. "+ Add a consumable", "Add a consumable": find the dye, 15 ml from the shelf, Add.
    visit.press(visit.button("+ Add a consumable"))
    expect(visit.button("Apply bill of materials")).to_be_visible()
    screens(page, "consumable-menu")
    visit.press(visit.button("Add a consumable"))
    expect(visit.button("Apply bill of materials")).to_be_hidden()
    adding = root.get_by_role("form", name="Add a consumable")
    expect(adding.get_by_role("radio")).to_have_count(2)
    adding.get_by_role("searchbox", name="Search consumables").fill("dye")
    expect(adding.get_by_role("radio").filter(visible=True)).to_have_count(1)
    expect(adding).to_contain_text("500 ml in stock")
    visit.press(adding.get_by_text("Hair dye"))
    expect(adding.get_by_label("Storage")).to_have_value(str(salon.shelf.pk))
    adding.get_by_label("Quantity").fill("15")
    expect(adding.locator(".unit-input")).to_contain_text("ml")
    visit.check_the_screen()
    screens(page, "add-a-consumable")
    visit.press(adding.get_by_role("button", name="Add", exact=True))
    visit.expect_toast("Consumable added")
    expect(consumables).to_have_count(1)
    expect(consumables.first).to_contain_text("Hair dye")
    expect(consumables.first).to_contain_text("15 ml")
    visit.expect_totals("$125.50", "$0.00", "$0.00", "$125.50")  # free for the client

    # 2. Its quantity was 20 in the end: tap its name, change it, Save.
    visit.press(consumables.first.get_by_role("button", name=re.compile("^Hair dye")))
    editor = root.get_by_role("form", name="Change Hair dye")
    editor.get_by_label("Quantity").fill("20")
    visit.press(editor.get_by_role("button", name="Save"))
    visit.expect_toast("Consumable saved")
    expect(consumables.first).to_contain_text("20 ml")

    # 3. "Apply bill of materials" of the colouring: what it adds is shown first.
    visit.press(visit.button("+ Add a consumable"))
    visit.press(visit.button("Apply bill of materials"))
    bill = root.get_by_role("form", name="Apply bill of materials")
    bill.get_by_label("Service").select_option(label="Coloring")
    expect(bill.get_by_role("list", name="Bill of materials of Coloring")).to_contain_text(
        "Hair dye 60 ml"
    )
    expect(bill.get_by_role("list", name="Bill of materials of Haircut")).to_be_hidden()
    visit.check_the_screen()
    screens(page, "apply-bill-of-materials")
    visit.press(bill.get_by_role("button", name="Apply"))
    visit.expect_toast("Bill of materials applied")
    expect(consumables).to_have_count(3)
    expect(consumables.nth(1)).to_contain_text("60 ml")
    expect(consumables.nth(2)).to_contain_text("Gloves")
    expect(consumables.nth(2)).to_contain_text("Coloring")

    # 4. The dye added by hand was one too many: its trash asks first.
    visit.press(consumables.first.get_by_role("button", name=re.compile("^Hair dye 20")))
    visit.press(editor.get_by_role("button", name="Delete the consumable"))
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete Hair dye from the visit?")
    confirm.get_by_role("button", name="Yes").click()
    visit.expect_toast("Consumable deleted")
    expect(consumables).to_have_count(2)
    screens(page, "consumables")

    # 5. "+ Add sale": the shampoo at 18.00 with 10 % off, sold by Stylist 2, from the shelf.
    visit.press(visit.button("+ Add sale"))
    sale = root.get_by_role("form", name="Add sale")
    offered = sale.get_by_role("radiogroup", name="Products for sale").get_by_role("radio")
    expect(offered).to_have_count(2)
    sale.get_by_role("searchbox", name="Search products").fill("sham")
    expect(offered.filter(visible=True)).to_have_count(1)
    visit.press(sale.get_by_text("Shampoo"))
    expect(sale.get_by_label("Price")).to_have_value("20.00")
    expect(sale).to_contain_text("5 pcs in stock")
    sale.get_by_label("Storage").select_option(label="Stock room")
    expect(sale).to_contain_text("3 pcs in stock")
    sale.get_by_label("Storage").select_option(label="Shelf")
    sale.get_by_label("Price").fill("18")
    sale.get_by_label("Discount", exact=True).fill("10")
    expect(sale.get_by_label("Seller")).to_have_value(str(salon.staff[0].pk))
    sale.get_by_label("Seller").select_option(label="Stylist 2")
    expect(visit.button("Sell membership/gift card")).to_be_hidden()
    visit.check_the_screen()
    screens(page, "add-a-product")
    visit.press(sale.get_by_role("button", name="Add a product"))
    visit.expect_toast("Product added")
    expect(goods).to_have_count(1)
    expect(goods.first).to_contain_text("1 × $18.00 · discount 10% = −$1.80")
    expect(goods.first).to_contain_text("$16.20")
    expect(goods.first).to_contain_text("sold by Stylist 2")
    visit.expect_totals("$141.70", "$1.80", "$0.00", "$141.70")

    # 6. A gift card with a code from the round arrow: "Sell membership/gift card".
    visit.press(visit.button("+ Add sale"))
    sale.get_by_label("Membership or gift card").select_option(label="Gift card 100 · $90.00")
    expect(sale.get_by_label("Price")).to_have_value("90.00")
    expect(sale.get_by_role("radiogroup", name="Products for sale")).to_be_hidden()
    expect(visit.button("Add a product")).to_be_hidden()
    code = sale.get_by_label("Membership/gift card code")
    expect(code).to_have_value("")
    visit.press(sale.get_by_role("button", name="Generate a code"))
    expect(code).to_have_value(re.compile(f"^[{ALPHABET}]{{{GENERATED_LENGTH}}}$"))
    generated = code.input_value()
    visit.check_the_screen()
    screens(page, "sell-a-gift-card")
    visit.press(sale.get_by_role("button", name="Sell membership/gift card"))
    visit.expect_toast("Membership or gift card sold")
    expect(goods).to_have_count(2)
    expect(goods.nth(1)).to_contain_text(f"Gift card · code {generated}")
    visit.expect_totals("$231.70", "$1.80", "$0.00", "$231.70")
    screens(page, "goods-and-subscriptions")

    # 7. The shampoo stays on the shelf: tap its name, the trash, Yes.
    visit.press(goods.first.get_by_role("button", name=re.compile("^Shampoo")))
    visit.press(goods.first.get_by_role("button", name="Delete the sale"))
    expect(confirm).to_contain_text("Delete Shampoo from the visit?")
    screens(page, "delete-the-sale")
    confirm.get_by_role("button", name="Yes").click()
    visit.expect_toast("Sale deleted")
    expect(goods).to_have_count(1)
    visit.expect_totals("$215.50", "$0.00", "$0.00", "$215.50")

    # 8. Arrived; 100 in cash with Split payment, the rest by card with Add payment.
    form = visit.sheet
    visit.press(form.get_by_role("button", name="Arrived"))
    expect(form.get_by_role("button", name="Arrived")).to_have_attribute("aria-pressed", "true")
    visit.press(visit.button("Split payment"))
    split = root.get_by_role("form", name="Split payment")
    split.get_by_label("Amount").fill("100")
    split.get_by_label("Payment method").select_option(label="Cash")
    visit.press(split.get_by_role("button", name="Pay"))
    visit.expect_totals("$215.50", "$0.00", "$100.00", "$115.50")
    expect(consumables.first).not_to_contain_text("written off")
    visit.press(visit.button("Add payment"))
    expect(split.get_by_label("Amount")).to_have_value("115.50")
    split.get_by_label("Payment method").select_option(label="Card")
    visit.press(split.get_by_role("button", name="Pay"))
    visit.expect_totals("$215.50", "$0.00", "$215.50", "$0.00")
    expect(root.get_by_text("Paid in full")).to_be_visible()
    # Paid in full: the consumables have left the stock, and are no longer offered for change.
    for item in (consumables.first, consumables.nth(1)):
        expect(item).to_contain_text("written off")
        expect(item.get_by_role("button")).to_have_count(0)
    visit.check_the_screen()
    screens(page, "paid-in-full")

    # What the database holds agrees with the screen.
    data = visit_detail(actor=salon.actor(), booking_id=booking.pk)
    assert [(s["name"], s["amount"], s["seller"]) for s in data["sales"]] == [
        ("Gift card 100", Decimal("90.00"), "Stylist 1")
    ]
    assert data["sales"][0]["certificate"]["code"] == generated
    certificate = Certificate.objects.get(code=generated)
    assert (certificate.client_id, certificate.status) == (salon.ada.pk, "active")
    assert [
        (c["name"], c["quantity"], c["service"], c["written_off"]) for c in data["consumables"]
    ] == [
        ("Hair dye", Decimal("60.000"), "Coloring", True),
        ("Gloves", Decimal("2.000"), "Coloring", True),
    ]
    assert data["totals"] == {
        "gross": Decimal("215.50"),
        "discount": Decimal("0.00"),
        "total": Decimal("215.50"),
        "paid": Decimal("215.50"),
        "due": Decimal("0.00"),
        "paid_in_full": True,
    }
    assert stock(salon) == {
        **BEFORE,  # the shampoo is back where it was
        ("Shelf", "Hair dye"): Decimal("440"),
        ("Shelf", "Gloves"): Decimal("98"),
    }

    # 9. The card payment deleted: the visit is due again, its consumables back in stock.
    payments = root.get_by_role("list", name="Payments").get_by_role("listitem")
    visit.press(payments.filter(has_text="Card").get_by_role("button", name="Delete payment"))
    confirm.get_by_role("button", name="Yes").click()
    visit.expect_toast("Payment deleted")
    visit.expect_totals("$215.50", "$0.00", "$100.00", "$115.50")
    expect(consumables.first).not_to_contain_text("written off")
    expect(consumables.first.get_by_role("button")).to_have_count(1)  # editable again
    screens(page, "payment-deleted")
    assert stock(salon) == BEFORE
    assert Payment.objects.filter(booking=booking, deleted_at__isnull=True).count() == 1


def test_an_open_visit_says_when_someone_else_sells_in_it(desktop, screens, salon, day, booking):
    page = log_in(desktop, salon.owner, day)
    wait_live(page)
    block(page, booking.pk).click()
    visit = Visit(page, touch=False)
    visit.expect_totals("$125.50", "$0.00", "$0.00", "$125.50")

    # Meanwhile, at the front desk, the administrator sells Ada a shampoo in this visit.
    sales.sell_product(
        actor=salon.actor("administrator"), booking_id=booking.pk, product_id=salon.shampoo.pk
    )

    notice = visit.sheet.locator(".sheet-notice")
    expect(notice).to_contain_text("Someone else has just changed this booking.")
    notice.get_by_role("button", name="Show the changes").click()
    visit.expect_totals("$145.50", "$0.00", "$0.00", "$145.50")
    goods = visit.root.get_by_role("list", name="Goods and subscriptions", exact=True)
    expect(goods).to_contain_text("Shampoo")
    screens(page, "sold-elsewhere")


def test_the_goods_fit_a_phone_in_russian(phone, screens, compiled, salon, day, booking):  # noqa: F811
    administrator = salon.users["administrator"]
    User.objects.filter(pk=administrator.pk).update(language="ru")
    page = log_in(phone, administrator, day)
    block(page, booking.pk).tap()
    visit = Visit(page, touch=True)

    visit.press(visit.button("+ Добавить расходный материал"))
    expect(visit.button("Применить технологическую карту")).to_be_visible()
    visit.check_the_screen()
    screens(page, "consumable-menu-in-russian")
    visit.press(visit.button("Применить технологическую карту"))
    bill = visit.root.get_by_role("form", name="Применить технологическую карту")
    expect(bill.get_by_label("Услуга")).to_be_visible()
    visit.check_the_screen()

    visit.press(visit.button("+ Добавить продажу"))
    sale = visit.root.get_by_role("form", name="Добавить продажу")
    visit.press(sale.get_by_text("Shampoo"))
    expect(sale.get_by_label("Цена")).to_have_value("20,00")
    expect(sale).to_contain_text("в наличии 5 шт")
    visit.check_the_screen()
    screens(page, "add-sale-in-russian")
    sale.get_by_label("Абонемент или сертификат").select_option(label="Gift card 100 · 90,00 $")
    expect(sale.get_by_label("Цена")).to_have_value("90,00")
    expect(visit.button("Продать абонемент/сертификат")).to_be_visible()
    visit.check_the_screen()
