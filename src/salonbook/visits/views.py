"""The visit in the booking's sheet: its service lines and its payments, changed in place.

Thin: parse with visits.forms, call one service, answer with the visit drawn again
(visits/_visit.html), which htmx swaps for the one on the page. A refusal comes back as the
same fragment with the service's message and whatever was typed (422; 403 without the right);
a success also fires `booking-saved` (the schedule behind refreshes) and a short toast, and
`visit-lines-changed` when the lines changed (the sheet's Details tab reloads its form).
Without htmx the same URLs work as plain forms: a success returns to the booking's page.
The visit's goods (consumables and sales) have their views in visits/goods_views.py.
"""

from __future__ import annotations

import json
from typing import Any

from babel.numbers import get_currency_symbol
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.bookings.selectors import visible_booking
from salonbook.catalog.models import Product
from salonbook.checkout import payments
from salonbook.checkout.models import PaymentMethod
from salonbook.checkout.pricing import DiscountKind
from salonbook.errors import DomainError, Invalid, NotAllowed, NotFound
from salonbook.loyalty.models import CertificateType
from salonbook.tenancy.context import Actor
from salonbook.visits import line_services, page_selectors
from salonbook.visits.forms import (
    AddServiceForm,
    BillOfMaterialsForm,
    ConsumableChangeForm,
    ConsumableForm,
    LineForm,
    PaymentForm,
    SaleForm,
    show_refusal,
)
from salonbook.web.formatting import current_locale
from salonbook.web.pages import actor_of, is_htmx, page

FRAGMENT = "visits/_visit.html"
ADD_ID = "add-%s"
PAY_ID = "pay-%s"
CONSUMABLE_ID = "consumable-%s"
BOM_ID = "bom-%s"
SALE_ID = "sale-%s"
# What the goods' editors are called in the page's state (Alpine's `consuming`).
CONSUMING = ("menu", "add", "bom")


def line_id_pattern(line_id: int) -> str:
    """Each line's editor has its own field ids (`line7-price`), the names stay plain."""
    return f"line{line_id}-%s"


def consumable_id_pattern(consumable_id: int) -> str:
    return f"consumable{consumable_id}-%s"


def visit_context(
    request: HttpRequest,
    actor: Actor,
    booking_id: int,
    *,
    open_line: int | None = None,
    line_form: LineForm | None = None,
    add_form: AddServiceForm | None = None,
    adding: bool = False,
    pay_form: PaymentForm | None = None,
    split: bool = False,
    message: str = "",
    pay_message: str = "",
    **goods: Any,
) -> dict[str, Any]:
    """What visits/_visit.html draws; the booking sheet includes it too.

    `open_line`, `adding` and `split` say which editor is open; a form given here (posted and
    refused) is shown instead of a fresh one, so nothing typed is lost. `goods` says the same
    of the consumables and sales (see `goods_context`).
    """
    shown = page_selectors.visit_page(actor=actor, booking_id=booking_id)
    visit = shown.visit
    lines = visit["services"]
    ids = [line["id"] for line in lines]
    rows = []
    for index, line in enumerate(lines):
        form = line_form if line_form is not None and line["id"] == open_line else None
        rows.append(
            {
                "line": line,
                "form": form or LineForm.for_line(line, auto_id=line_id_pattern(line["id"])),
                "previous": ids[index - 1] if index > 0 else None,
                "next": ids[index + 1] if index + 1 < len(ids) else None,
            }
        )
    if pay_form is None:
        first = shown.methods[0].pk if shown.methods else None
        pay_form = PaymentForm(
            initial={"amount": visit["totals"]["due"], "method_id": first}, auto_id=PAY_ID
        )
    chain = actor.chain
    return {
        **goods_context(shown, **goods),
        "visit": visit,
        "visit_booking": shown.booking,
        "rows": rows,
        "open_line": open_line if open_line in ids else None,
        "offers": shown.offers,
        "add_form": add_form or AddServiceForm(auto_id=ADD_ID),
        "adding": adding,
        "methods": shown.methods,
        "cash": shown.quick_method(PaymentMethod.Kind.CASH),
        "card": shown.quick_method(PaymentMethod.Kind.CARD),
        "pay_form": pay_form,
        "split": split,
        "has_client": shown.has_client,
        "editable": shown.editable,
        "payable": shown.payable,
        "refundable": shown.refundable,
        "message": message,
        "pay_message": pay_message,
        "currency_symbol": get_currency_symbol(
            chain.currency, locale=current_locale(chain.country)
        ),
    }


def goods_context(
    shown: page_selectors.VisitPage,
    *,
    consuming: str = "",
    consumable_form: ConsumableForm | None = None,
    bom_form: BillOfMaterialsForm | None = None,
    item: str = "",
    item_form: ConsumableChangeForm | None = None,
    selling: bool = False,
    sale_form: SaleForm | None = None,
    goods_message: str = "",
    consumables_message: str = "",
) -> dict[str, Any]:
    """The visit's goods: its consumables (each with its editor) and sales, and the forms of
    "+ Add a consumable" (`consuming`: its menu, "add" or "bom" open) and "+ Add sale"
    (`selling`). `item` is the consumable ("c7") or sale ("s3") opened; refused forms are
    shown instead of fresh ones."""
    goods = shown.goods
    storage = goods.storages[0].pk if goods.storages else None
    storages = {s.pk for s in goods.storages}
    consumables = []
    for entry in shown.visit["consumables"]:
        key = f"c{entry['id']}"
        form = item_form if item_form is not None and item == key else None
        consumables.append(
            {
                "item": entry,
                "key": key,
                "unit": Product.Unit(entry["unit"]).label,
                # Its storage was closed since: still offered, so that Save keeps it.
                "closed": entry if storages and entry["storage_id"] not in storages else None,
                "form": form
                or ConsumableChangeForm.for_item(entry, auto_id=consumable_id_pattern(entry["id"])),
            }
        )
    sales = [
        {
            "line": line,
            "key": f"s{line['id']}",
            "kind": CertificateType.Kind(line["certificate"]["kind"]).label
            if line["certificate"]
            else "",
        }
        for line in shown.visit["sales"]
    ]
    bill = goods.bills[0].line_id if goods.bills else None
    return {
        "goods": goods,
        "sells_products": shown.sells_products,
        "sells_certificates": shown.sells_certificates and bool(goods.certificate_types),
        # A membership's or gift card's sale is deleted by voiding it: loyalty.manage.
        "voids_certificates": shown.sells_certificates,
        "consumables": consumables,
        "sales": sales,
        "consuming": consuming if consuming in CONSUMING else "",
        "consumable_form": consumable_form
        or ConsumableForm(initial={"storage_id": storage}, auto_id=CONSUMABLE_ID),
        "bom_form": bom_form
        or BillOfMaterialsForm(initial={"line_id": bill, "storage_id": storage}, auto_id=BOM_ID),
        "item": item,
        "selling": selling,
        "sale_form": sale_form
        or SaleForm(
            initial={
                "quantity": 1,
                "seller_id": shown.booking.staff_id,
                "storage_id": storage,
                # The form offers percent or amount; it starts with the client's prediscount,
                # shown so the cashier sees it and can change it.
                "discount_kind": DiscountKind.PERCENT,
                "discount_value": shown.sale_discount[1] or None,
            },
            auto_id=SALE_ID,
        ),
        "goods_message": goods_message,
        "consumables_message": consumables_message,
    }


def _visit(
    request: HttpRequest, actor: Actor, booking_id: int, *, status: int = 200, **shown: Any
) -> HttpResponse:
    context = visit_context(request, actor, booking_id, **shown)
    template = FRAGMENT if is_htmx(request) else "visits/visit_page.html"
    return render(request, template, context, status=status)


def _done(
    request: HttpRequest, actor: Actor, booking_id: int, message: str, *, lines: bool = False
) -> HttpResponse:
    """The visit as it now is, and the events that tell the rest of the page."""
    if not is_htmx(request):
        return redirect(reverse("bookings:detail", args=[booking_id]))
    response = _visit(request, actor, booking_id)
    triggers: dict[str, Any] = {
        "booking-saved": {"id": booking_id},
        "toast": {"message": message, "kind": "ok"},
    }
    if lines:
        triggers["visit-lines-changed"] = {"id": booking_id}
    response["HX-Trigger"] = json.dumps(triggers)
    return response


def _messages(exc: DomainError) -> str:
    if isinstance(exc, Invalid):
        return " ".join(message for messages in exc.errors.values() for message in messages)
    return exc.detail


def _form_messages(form: forms.Form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _refused(
    request: HttpRequest,
    actor: Actor,
    booking_id: int,
    exc: DomainError,
    *,
    gone: str,
    form: forms.Form | None = None,
    on_payments: bool = False,
    at: str = "",
    **shown: Any,
) -> HttpResponse:
    """The visit again with the service's refusal: on `form` when there is one, else above
    the lines (or above the payments, `on_payments`; or the message named `at`, such as
    "goods_message").

    NotFound means the line or payment went meanwhile (someone else deleted it), unless the
    booking itself is not the actor's to see: then the page's 404, as for any other page.
    """
    where = at or ("pay_message" if on_payments else "message")
    if isinstance(exc, NotFound):
        visible_booking(actor=actor, booking_id=booking_id)
        return _visit(request, actor, booking_id, status=404, **{where: gone})
    if isinstance(exc, NotAllowed):
        # Said where the visit's buttons were: the editor is not offered to this role.
        return _visit(request, actor, booking_id, status=403, **{where: exc.detail})
    if form is not None:
        show_refusal(form, exc)
    else:
        shown[where] = _messages(exc)
    return _visit(request, actor, booking_id, status=422, **shown)


@page
def visit(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The visit's part of the sheet, as it now is."""
    return _visit(request, actor_of(request), booking_id)


@page
@require_POST
def change_line(request: HttpRequest, booking_id: int, line_id: int) -> HttpResponse:
    """Save a line's quantity, price and discount."""
    actor = actor_of(request)
    form = LineForm(request.POST, auto_id=line_id_pattern(line_id))
    shown: dict[str, Any] = {"open_line": line_id, "line_form": form}
    if not form.is_valid():
        return _visit(request, actor, booking_id, status=422, **shown)
    try:
        line_services.change_service_line(
            actor=actor, booking_id=booking_id, line_id=line_id, **form.arguments()
        )
    except DomainError as exc:
        gone = _("This service is no longer in the visit.")
        return _refused(request, actor, booking_id, exc, gone=gone, form=form, **shown)
    return _done(request, actor, booking_id, _("Service saved"), lines=True)


@page
@require_POST
def remove_line(request: HttpRequest, booking_id: int, line_id: int) -> HttpResponse:
    """Take a service out of the visit (after the page asked to confirm)."""
    actor = actor_of(request)
    try:
        line_services.remove_service_line(actor=actor, booking_id=booking_id, line_id=line_id)
    except DomainError as exc:
        gone = _("This service is no longer in the visit.")
        return _refused(request, actor, booking_id, exc, gone=gone, open_line=line_id)
    return _done(request, actor, booking_id, _("Service deleted"), lines=True)


@page
@require_POST
def add_line(request: HttpRequest, booking_id: int) -> HttpResponse:
    """ "+ Add a service": one the staff member performs, in a quantity."""
    actor = actor_of(request)
    form = AddServiceForm(request.POST, auto_id=ADD_ID)
    shown: dict[str, Any] = {"adding": True, "add_form": form}
    if not form.is_valid():
        return _visit(request, actor, booking_id, status=422, **shown)
    try:
        line_services.add_service_line(actor=actor, booking_id=booking_id, **form.arguments())
    except DomainError as exc:
        gone = _("This booking was deleted.")
        return _refused(request, actor, booking_id, exc, gone=gone, form=form, **shown)
    return _done(request, actor, booking_id, _("Service added"), lines=True)


@page
@require_POST
def pay(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Cash and Card pay everything due (a method, no amount); the split form a part of it."""
    actor = actor_of(request)
    split = request.POST.get("split") == "1"
    form = PaymentForm(request.POST, auto_id=PAY_ID)
    shown: dict[str, Any] = {"split": True, "pay_form": form} if split else {}
    if not form.is_valid():
        if split:
            return _visit(request, actor, booking_id, status=422, split=True, pay_form=form)
        return _visit(request, actor, booking_id, status=422, pay_message=_form_messages(form))
    try:
        payments.take_payment(actor=actor, booking_id=booking_id, **form.arguments())
    except DomainError as exc:
        gone = _("This booking was deleted.")
        target = form if split else None
        return _refused(
            request, actor, booking_id, exc, gone=gone, form=target, on_payments=True, **shown
        )
    return _done(request, actor, booking_id, _("Paid"))


@page
@require_POST
def delete_payment(request: HttpRequest, booking_id: int, payment_id: int) -> HttpResponse:
    """Delete a payment (after the page asked to confirm): what it paid is due again."""
    actor = actor_of(request)
    gone = _("This payment is not in the visit: it may have been deleted already.")
    if not page_selectors.payment_of_visit(
        actor=actor, booking_id=booking_id, payment_id=payment_id
    ):
        visible_booking(actor=actor, booking_id=booking_id)  # another chain's: 404
        return _visit(request, actor, booking_id, status=404, pay_message=gone)
    try:
        payments.delete_payment(actor=actor, payment_id=payment_id)
    except DomainError as exc:
        return _refused(request, actor, booking_id, exc, gone=gone, on_payments=True)
    return _done(request, actor, booking_id, _("Payment deleted"))
