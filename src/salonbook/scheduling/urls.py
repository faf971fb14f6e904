"""Working-hours pages, under /settings/hours/."""

from django.urls import path

from salonbook.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("", views.hours_index, name="index"),
    path("<int:staff_id>/", views.week, name="week"),
    path("<int:staff_id>/days/", views.days, name="days"),
    path("<int:staff_id>/days/clear/", views.day_clear, name="day-clear"),
    path("<int:staff_id>/time-off/", views.time_off, name="time-off"),
    path(
        "<int:staff_id>/time-off/<int:time_off_id>/delete/",
        views.time_off_delete,
        name="time-off-delete",
    ),
]
