"""The path client import jobs were queued under before import and export had a package of
their own: a queued job names its task by its dotted path in the database, so a job queued
before an upgrade still finds the task here. New jobs name salonbook.clients.transfer.tasks.
Nothing in the code imports this module."""

from salonbook.clients.transfer.tasks import import_clients

__all__ = ["import_clients"]
