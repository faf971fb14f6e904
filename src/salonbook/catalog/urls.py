"""Service settings pages, under /settings/services/."""

from django.urls import path

from salonbook.catalog import product_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog_list, name="list"),
    path("new/", views.service_new, name="new"),
    path("<int:service_id>/", views.service_edit, name="edit"),
    path("<int:service_id>/materials/", product_views.service_materials, name="materials"),
    path("categories/new/", views.category_new, name="category-new"),
    path("categories/<int:category_id>/", views.category_edit, name="category-edit"),
]
