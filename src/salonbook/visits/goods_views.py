"""The visit's goods in the booking's sheet: consumables ("+ Add a consumable": one from the
list, or a service's bill of materials; changed or deleted by tapping their name) and sales
("+ Add sale": "Add a product", "Sell membership/gift card"; deleted by tapping their name).

Thin, like visits/views.py, whose helpers these share: parse with visits.forms, call one
service of checkout.consumables or checkout.sales, answer with the visit drawn again. A refusal
is the same fragment with the service's message and what was typed (422; 403 without the
right, 404 for another chain's visit).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salonbook.bookings.selectors import visible_booking
from salonbook.checkout import consumables, sales
from salonbook.errors import DomainError, NotAllowed
from salonbook.loyalty.services import generate_certificate_code
from salonbook.visits import page_selectors
from salonbook.visits.forms import (
    BillOfMaterialsForm,
    ConsumableChangeForm,
    ConsumableForm,
    SaleForm,
)
from salonbook.visits.views import (
    BOM_ID,
    CONSUMABLE_ID,
    SALE_ID,
    _done,
    _refused,
    _visit,
    consumable_id_pattern,
)
from salonbook.web.pages import actor_of, page

# --- consumables ------------------------------------------------------------------------------


@page
@require_POST
def add_consumable(request: HttpRequest, booking_id: int) -> HttpResponse:
    """ "Add a consumable": one from the list, its quantity, the storage it comes from."""
    actor = actor_of(request)
    form = ConsumableForm(request.POST, auto_id=CONSUMABLE_ID)
    shown: dict[str, Any] = {"consuming": "add", "consumable_form": form}
    if not form.is_valid():
        return _visit(request, actor, booking_id, status=422, **shown)
    try:
        consumables.add_consumable(actor=actor, booking_id=booking_id, **form.arguments())
    except DomainError as exc:
        gone = _("This booking was deleted.")
        return _refused(request, actor, booking_id, exc, gone=gone, form=form, **shown)
    return _done(request, actor, booking_id, _("Consumable added"))


@page
@require_POST
def apply_bill_of_materials(request: HttpRequest, booking_id: int) -> HttpResponse:
    """ "Apply bill of materials": the consumables of a service of the visit, in one go."""
    actor = actor_of(request)
    form = BillOfMaterialsForm(request.POST, auto_id=BOM_ID)
    shown: dict[str, Any] = {"consuming": "bom", "bom_form": form}
    if not form.is_valid():
        return _visit(request, actor, booking_id, status=422, **shown)
    try:
        consumables.apply_bill_of_materials(actor=actor, booking_id=booking_id, **form.arguments())
    except DomainError as exc:
        gone = _("This service is no longer in the visit.")
        return _refused(
            request, actor, booking_id, exc, gone=gone, form=form, at="consumables_message", **shown
        )
    return _done(request, actor, booking_id, _("Bill of materials applied"))


def _consumable_gone(request: HttpRequest, booking_id: int, consumable_id: int) -> bool:
    return not page_selectors.consumable_of_visit(
        actor=actor_of(request), booking_id=booking_id, consumable_id=consumable_id
    )


@page
@require_POST
def change_consumable(request: HttpRequest, booking_id: int, consumable_id: int) -> HttpResponse:
    """Save a consumable's quantity and storage (tapped by its name)."""
    actor = actor_of(request)
    form = ConsumableChangeForm(request.POST, auto_id=consumable_id_pattern(consumable_id))
    shown: dict[str, Any] = {"item": f"c{consumable_id}", "item_form": form}
    gone = _("This consumable is no longer in the visit.")
    if _consumable_gone(request, booking_id, consumable_id):
        visible_booking(actor=actor, booking_id=booking_id)  # another chain's: 404
        return _visit(request, actor, booking_id, status=404, consumables_message=gone)
    if not form.is_valid():
        return _visit(request, actor, booking_id, status=422, **shown)
    try:
        consumables.change_consumable(actor=actor, consumable_id=consumable_id, **form.arguments())
    except DomainError as exc:
        return _refused(
            request, actor, booking_id, exc, gone=gone, form=form, at="consumables_message", **shown
        )
    return _done(request, actor, booking_id, _("Consumable saved"))


@page
@require_POST
def remove_consumable(request: HttpRequest, booking_id: int, consumable_id: int) -> HttpResponse:
    """Take a consumable out of the visit (after the page asked to confirm)."""
    actor = actor_of(request)
    gone = _("This consumable is no longer in the visit.")
    if _consumable_gone(request, booking_id, consumable_id):
        visible_booking(actor=actor, booking_id=booking_id)
        return _visit(request, actor, booking_id, status=404, consumables_message=gone)
    try:
        consumables.remove_consumable(actor=actor, consumable_id=consumable_id)
    except DomainError as exc:
        return _refused(
            request,
            actor,
            booking_id,
            exc,
            gone=gone,
            at="consumables_message",
            item=f"c{consumable_id}",
        )
    return _done(request, actor, booking_id, _("Consumable deleted"))


# --- sales ------------------------------------------------------------------------------------


def _sell(request: HttpRequest, booking_id: int, selling: str) -> HttpResponse:
    actor = actor_of(request)
    form = SaleForm(request.POST, auto_id=SALE_ID, selling=selling)
    shown: dict[str, Any] = {"selling": True, "sale_form": form}
    if not form.is_valid():
        return _visit(request, actor, booking_id, status=422, **shown)
    try:
        if selling == SaleForm.PRODUCT:
            sales.sell_product(actor=actor, booking_id=booking_id, **form.product_arguments())
        else:
            sales.sell_certificate(
                actor=actor, booking_id=booking_id, **form.certificate_arguments()
            )
    except DomainError as exc:
        gone = _("This booking was deleted.")
        return _refused(
            request, actor, booking_id, exc, gone=gone, form=form, at="goods_message", **shown
        )
    if selling == SaleForm.PRODUCT:
        return _done(request, actor, booking_id, _("Product added"), lines=True)
    return _done(request, actor, booking_id, _("Membership or gift card sold"), lines=True)


@page
@require_POST
def sell_product(request: HttpRequest, booking_id: int) -> HttpResponse:
    """ "Add a product": a product sold in the visit; it leaves its storage at once."""
    return _sell(request, booking_id, SaleForm.PRODUCT)


@page
@require_POST
def sell_certificate(request: HttpRequest, booking_id: int) -> HttpResponse:
    """ "Sell membership/gift card": issued to the visit's client with the code typed (or a
    generated one)."""
    return _sell(request, booking_id, SaleForm.CERTIFICATE)


@page
@require_POST
def remove_sale(request: HttpRequest, booking_id: int, sale_line_id: int) -> HttpResponse:
    """Delete a sale (after the page asked to confirm): the product goes back to its storage,
    a membership or gift card is voided - refused once it has been used."""
    actor = actor_of(request)
    gone = _("This sale is not in the visit: it may have been deleted already.")
    if not page_selectors.sale_of_visit(
        actor=actor, booking_id=booking_id, sale_line_id=sale_line_id
    ):
        visible_booking(actor=actor, booking_id=booking_id)
        return _visit(request, actor, booking_id, status=404, goods_message=gone)
    try:
        sales.remove_sale(actor=actor, sale_line_id=sale_line_id)
    except DomainError as exc:
        return _refused(
            request, actor, booking_id, exc, gone=gone, at="goods_message", item=f"s{sale_line_id}"
        )
    return _done(request, actor, booking_id, _("Sale deleted"), lines=True)


@page
@require_POST
def certificate_code(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The round-arrow button: a fresh membership/gift card code, put into the code field
    (this answers the field alone; nothing is reserved until the sale)."""
    actor = actor_of(request)
    visible_booking(actor=actor, booking_id=booking_id)  # another chain's: 404
    form = SaleForm(auto_id=SALE_ID)
    context: dict[str, Any] = {"visit": {"booking_id": booking_id}, "sale_form": form}
    try:
        form.initial["code"] = generate_certificate_code(actor=actor)
    except NotAllowed as exc:
        context["code_error"] = exc.detail
        return render(request, "visits/_certificate_code.html", context, status=403)
    return render(request, "visits/_certificate_code.html", context)
