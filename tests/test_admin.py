"""The owner can log in to the Django admin and browse every model."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client

from salonbook.accounts.models import User
from tests.salon import PASSWORD, next_weekday

pytestmark = pytest.mark.django_db


def test_a_superuser_logs_in_with_email_and_password_and_sees_every_list(salon):
    User.objects.create_superuser(email="boss@example.com", password=PASSWORD)
    salon.book(start=salon.at(next_weekday(1), "10:00"))
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"

    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


def test_a_wrong_password_does_not_get_in(salon):
    User.objects.create_superuser(email="boss@example.com", password=PASSWORD)
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss@example.com", "password": "nope"}
    )

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
