"""The demo salon: a believable two-location chain with two weeks of bookings (`load_demo`).

An installed app without models, at the top of the import layers: it may use every app's
services, and nothing imports it. Everything is made through the services, so the demo also
fills the change feed the way real use would. `build.build_demo()` is the entry point; the
modules follow what they build:

- `chain`: the chain, its locations and the people who log in
- `roster` and `staff`: the staff members, their positions, weekly hours and days off
- `catalog`: the service categories and services, and what each trade performs
- `stock`: products, storages, stock and bills of materials
- `loyalty`: the membership and the gift card on sale
- `clients` (with `phones`): the client base
- `bookings` and `visits`: two weeks of bookings, what became of them, and their payments
- `summary`: what the demo holds, as `load_demo` prints it

This module imports nothing: Django imports it while it loads the apps, before any model exists.
"""
