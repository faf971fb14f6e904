"""Stock settings pages, under /settings/stock/."""

from django.urls import path

from salonbook.inventory import views

app_name = "inventory"

urlpatterns = [
    path("", views.stock, name="stock"),
    path("storages/", views.storage_list, name="storages"),
    path("storages/new/", views.storage_new, name="storage-new"),
    path("storages/<int:storage_id>/", views.storage_edit, name="storage-edit"),
    path("<int:storage_id>/receipt/", views.receipt, name="receipt"),
    path("<int:storage_id>/write-off/", views.write_off, name="write-off"),
    path("<int:storage_id>/products/<int:product_id>/", views.history, name="history"),
]
