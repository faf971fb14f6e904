"""`salonbook load_demo`: the demo chain, its people and two weeks of bookings (idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonbook.demo.build import build_demo
from salonbook.demo.chain import LOGIN_HINT


class Command(BaseCommand):
    help = "Create the demo salon chain (once) and print how to log in."
    # Only models are needed; like `migrate`, run even when a URL or API module is broken.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", help="The middle day of the booked fortnight (YYYY-MM-DD); default today."
        )
        parser.add_argument("--seed", type=int, default=7, help="Random seed (default 7).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today: {options['today']!r} is not YYYY-MM-DD.") from None
        build_demo(today=today, seed=options["seed"], stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(LOGIN_HINT))
