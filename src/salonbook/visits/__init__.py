"""The visit's home: a booking together with its service lines, goods, payments and loyalty.

The use cases that span the calendar (salonbook.bookings) and the money (salonbook.checkout)
live here: creating, editing, rescheduling and deleting a booking with its lines
(services.py, lines.py, line_services.py), the booking's client (clients.py), how a booking
and a visit are read (selectors.py, schedule.py, page_selectors.py), and their edges: the
schedule page, the booking sheet and the visit window (schedule_views.py, sheet_views.py,
views.py, goods_views.py), and the API of bookings and visits (api.py). Nothing below imports
this package; it holds no models.
"""
