"""The app shell: log in and out, pick a location, choose the language, the web app manifest."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from salonbook.accounts.services import set_language as save_language
from salonbook.errors import NotFound
from salonbook.tenancy.selectors import access_location, location_list
from salonbook.web.pages import SESSION_LOCATION, actor_of, page, parse_id


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=gettext_lazy("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return "/locations/?first=1"


@page
def home(request: HttpRequest) -> HttpResponse:
    """The schedule; first the location picker when there is more than one to choose from."""
    if (
        SESSION_LOCATION not in request.session
        and location_list(actor=actor_of(request)).count() > 1
    ):
        return redirect("locations")
    return redirect("schedule")


@page
def locations(request: HttpRequest) -> HttpResponse:
    """Pick the location to work at; with only one there is nothing to pick."""
    actor = actor_of(request)
    branches = list(location_list(actor=actor))
    if request.method == "POST":
        try:
            chosen = access_location(
                actor=actor, location_id=parse_id(request.POST.get("location_id")) or 0
            )
        except (KeyError, ValueError, NotFound):
            return render(
                request,
                "web/locations.html",
                {"branches": branches, "error": _("Choose one of the locations.")},
                status=422,
            )
        request.session[SESSION_LOCATION] = chosen.pk
        return _back_to(request, default="/schedule/")
    if request.GET.get("first") and len(branches) <= 1:
        if branches:
            request.session[SESSION_LOCATION] = branches[0].pk
        return redirect("schedule")
    return render(request, "web/locations.html", {"branches": branches})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language; saved on the user (every device) and in a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponse(_("Unknown language."), status=422)
    if request.user.is_authenticated:
        save_language(user=request.user, language=language)  # type: ignore[arg-type]
    translation.activate(language)
    response = _back_to(request, default="/")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


def _back_to(request: HttpRequest, *, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: lets a phone add Salonbook to its home screen."""
    data = {
        "name": "Salonbook",
        "short_name": "Salonbook",
        "description": _("Schedule, bookings and clients of your salon."),
        "start_url": "/schedule/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#6d28d9",
        "icons": [
            {"src": static("web/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("web/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")
