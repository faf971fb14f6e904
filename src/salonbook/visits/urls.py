"""The URLs of the booking sheet (/bookings/…, namespace "bookings") and of the visit in it
(/visits/…, namespace "visits"); the schedule page itself is /schedule/ (salonbook.urls)."""

from django.urls import path

from salonbook.visits import goods_views, sheet_views, views

booking_patterns = [
    path("new/", sheet_views.booking_new, name="new"),
    path("form/services/", sheet_views.services_field, name="services-field"),
    path("<int:booking_id>/", sheet_views.booking_detail, name="detail"),
    path("<int:booking_id>/status/", sheet_views.booking_status, name="status"),
    path("<int:booking_id>/delete/", sheet_views.booking_delete, name="delete"),
]

visit_patterns = [
    path("<int:booking_id>/", views.visit, name="visit"),
    path("<int:booking_id>/services/add/", views.add_line, name="add-line"),
    path("<int:booking_id>/services/<int:line_id>/", views.change_line, name="line"),
    path("<int:booking_id>/services/<int:line_id>/delete/", views.remove_line, name="remove-line"),
    path("<int:booking_id>/pay/", views.pay, name="pay"),
    path(
        "<int:booking_id>/payments/<int:payment_id>/delete/",
        views.delete_payment,
        name="delete-payment",
    ),
    path("<int:booking_id>/consumables/add/", goods_views.add_consumable, name="add-consumable"),
    path(
        "<int:booking_id>/consumables/bill-of-materials/",
        goods_views.apply_bill_of_materials,
        name="apply-bill",
    ),
    path(
        "<int:booking_id>/consumables/<int:consumable_id>/",
        goods_views.change_consumable,
        name="consumable",
    ),
    path(
        "<int:booking_id>/consumables/<int:consumable_id>/delete/",
        goods_views.remove_consumable,
        name="remove-consumable",
    ),
    path("<int:booking_id>/sales/product/", goods_views.sell_product, name="sell-product"),
    path(
        "<int:booking_id>/sales/certificate/",
        goods_views.sell_certificate,
        name="sell-certificate",
    ),
    path(
        "<int:booking_id>/sales/<int:sale_line_id>/delete/",
        goods_views.remove_sale,
        name="remove-sale",
    ),
    path(
        "<int:booking_id>/sales/certificate-code/",
        goods_views.certificate_code,
        name="certificate-code",
    ),
]

booking_urls = (booking_patterns, "bookings")
visit_urls = (visit_patterns, "visits")
