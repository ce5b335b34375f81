"""The append-only, hash-chained audit log.

Each agency has its own chain (agency 0 holds system-wide events), so registrations in different
agencies do not queue behind one lock. An event's hash covers its content and the previous event's
hash: editing, deleting or inserting a row breaks the chain, which `manage.py audit_verify` finds.
"""

from django.db import models


class AuditChain(models.Model):
    """The head of one chain: locked while an event is appended, so sequence numbers never fork."""

    key = models.BigIntegerField(primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chuỗi {self.key} đến sự kiện {self.last_seq}"


class AuditEvent(models.Model):
    chain = models.BigIntegerField()
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    agency_id = models.BigIntegerField(null=True)
    ip = models.GenericIPAddressField(null=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq")]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object"),
            models.Index(fields=["actor_id", "id"], name="audit_actor"),
            models.Index(fields=["agency_id", "id"], name="audit_agency"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
        )
