"""The change feed and the idempotency keys of retried POSTs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from salonbook.tenancy.models import Chain


class ChangeEvent(models.Model):
    """One committed change. Its id is the cursor clients resume from.

    Written in the same transaction as the change itself (see sync.services.record_change),
    so the feed holds exactly what was committed, in commit order per chain.
    """

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="+")
    entity = models.CharField(max_length=40)
    entity_id = models.BigIntegerField()
    action = models.CharField(max_length=20)
    version = models.PositiveIntegerField(default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["chain", "id"])]


class IdempotencyKey(models.Model):
    """The first answer to a POST carrying an Idempotency-Key, replayed on retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]
