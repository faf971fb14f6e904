"""The "Client base" settings page: the chain's largest file on a client card."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salonbook.accounts.permissions import require
from salonbook.clients.files.services import MAX_MB_RANGE, update_client_settings
from salonbook.errors import DomainError
from salonbook.web.pages import actor_of, page, show_domain_errors
from salonbook.web.settings_forms import read_only, saved

SETTINGS_PAGE = "clients/settings/client_base.html"
MANAGE_SETTINGS = "settings.manage"


class ClientBaseForm(forms.Form):
    client_file_max_mb = forms.IntegerField(
        label=gettext_lazy("Largest file on a client card, MB"),
        min_value=MAX_MB_RANGE[0],
        max_value=MAX_MB_RANGE[1],
        help_text=gettext_lazy("From 1 to 100. Larger files are refused when they are added."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


@page
def client_base_settings(request: HttpRequest) -> HttpResponse:
    """The chain's settings of the client base; read-only without settings.manage."""
    actor = actor_of(request)
    current = actor.chain.client_file_max_mb
    if request.method == "POST":
        require(actor, MANAGE_SETTINGS)
        form = ClientBaseForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["client_file_max_mb"]
            try:
                if wanted != current:
                    update_client_settings(actor=actor, client_file_max_mb=wanted)
            except DomainError as exc:
                show_domain_errors(form, exc)
            else:
                message = _("Saved.") if wanted != current else _("Nothing was changed.")
                return saved(request, message, reverse("client-base"))
        return render(request, SETTINGS_PAGE, {"form": form}, status=422)
    form = ClientBaseForm(initial={"client_file_max_mb": current})
    if not actor.can(MANAGE_SETTINGS):
        read_only(form)
    return render(request, SETTINGS_PAGE, {"form": form})
