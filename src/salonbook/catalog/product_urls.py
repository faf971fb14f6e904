"""Product settings pages, under /settings/products/."""

from django.urls import path

from salonbook.catalog import product_views

app_name = "products"

urlpatterns = [
    path("", product_views.product_list, name="list"),
    path("new/", product_views.product_new, name="new"),
    path("<int:product_id>/", product_views.product_edit, name="edit"),
]
