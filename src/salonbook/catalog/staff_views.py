"""The services a staff member performs, each at their own price and duration if set: a page
of the staff member's card (/settings/staff/<id>/services/, "staff:services"), kept in the
catalogue because it shows and sets the catalogue's services (StaffService links); the root URL
conf puts it in the "staff" namespace beside the card.

Thin: parse with a form, call one service or selector, render. People who may see staff but not
change them get the page read-only; the service refuses their writes anyway.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from salonbook.accounts.permissions import require
from salonbook.catalog.forms import StaffServicesForm
from salonbook.catalog.selectors import services_by_category, staff_services
from salonbook.catalog.services import set_staff_services
from salonbook.errors import DomainError
from salonbook.staff.selectors import visible_staff_member
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import read_only, saved

MANAGE = "staff.manage"


@page
def staff_services_page(request: HttpRequest, staff_id: int) -> HttpResponse:
    """The services a staff member performs, each at their own price and duration if set."""
    actor = actor_of(request)
    member = visible_staff_member(actor=actor, staff_id=staff_id)
    links = {link.service_id: link for link in staff_services(actor=actor, staff_id=member.pk)}
    # Inactive services are offered only while the staff member still has them.
    groups = [
        (group.category, [s for s in group.services if s.is_active or s.pk in links])
        for group in services_by_category(actor=actor, include_inactive=True)
    ]
    groups = [(category, shown) for category, shown in groups if shown]
    offered = [s for _category, shown in groups for s in shown]
    if request.method == "POST":
        require(actor, MANAGE)
        form = StaffServicesForm(request.POST, services=offered)
        if form.is_valid():
            try:
                set_staff_services(actor=actor, staff_id=member.pk, services=form.terms())
            except DomainError as exc:
                show_domain_errors(form, exc, form.error_map())
            else:
                message = _("The services of %(name)s were saved.") % {"name": member.name}
                return saved(request, message, reverse("staff:services", args=[member.pk]))
        status = 422
    else:
        form = StaffServicesForm(services=offered, links=links)
        if not actor.can(MANAGE):
            read_only(form)
        status = 200
    rows = {row["service"].pk: row for row in form.rows()}
    context = {
        "member": member,
        "form": form,
        "groups": [(category, [rows[s.pk] for s in shown]) for category, shown in groups],
        "tab": "services",
    }
    return render(request, "catalog/staff_services.html", context, status=status)
