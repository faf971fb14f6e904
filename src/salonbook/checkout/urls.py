from django.urls import path

from salonbook.checkout import views

app_name = "checkout"

urlpatterns = [
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
]
