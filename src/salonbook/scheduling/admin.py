from django.contrib import admin

from salonbook.scheduling.models import DayOverride, TimeOff, WeeklyHours


@admin.register(WeeklyHours)
class WeeklyHoursAdmin(admin.ModelAdmin):
    list_display = ["staff", "weekday", "start_time", "end_time", "breaks"]
    list_filter = ["weekday"]


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["staff", "date", "is_day_off", "start_time", "end_time"]
    date_hierarchy = "date"


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["staff", "kind", "start_date", "end_date"]
