"""The shell's own pages: home, log-in and out, the location picker, the language, the
manifest. The settings hub and every app's settings pages are mounted by salonbook.urls."""

from django.contrib.auth import views as auth_views
from django.urls import path

from salonbook.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/login/"), name="logout"),
    path("locations/", views.locations, name="locations"),
    path("language/", views.set_language, name="set-language"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
