"""Signing credentials, remote signatures in progress and the verification reports of stored PDFs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edesk.core.models import PublicId, TimeStamped


class CredentialKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp khóa PKCS#12 lưu trên máy chủ")
    PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (HSM)")
    REMOTE = "remote", _("Ký bằng USB token trên máy người dùng")


class Credential(PublicId, TimeStamped):
    """A certificate someone may sign with, and how its private key is reached.

    A person's credential (`user`) signs as that person; an agency's (`agency`) is the agency's
    digital signature that the clerk applies on issuance (Decree 30 box 8). The key itself is
    never here in the clear: a PKCS#12 is stored encrypted by its PIN and wrapped again by the
    server's key; a PKCS#11 key stays in its token; a remote key stays on the signer's machine.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    agency = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="seal_credentials"
    )
    kind = models.CharField(max_length=10, choices=CredentialKind.choices)
    label = models.CharField(max_length=200, blank=True)
    certificate_pem = models.TextField()
    # Intermediate certificates sent along with the signature, PEM, in order.
    chain_pem = models.TextField(blank=True, default="")
    subject_name = models.CharField(max_length=200)
    issuer_name = models.CharField(max_length=300)
    serial = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64, unique=True)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    # PKCS12: the PKCS#12 bytes (encrypted by the person's PIN), wrapped by EDESK_KEY_WRAP_SECRET.
    wrapped_pkcs12 = models.BinaryField(null=True, blank=True, editable=False)
    # An agency's key is applied by the system on issuance, not typed in by the clerk: its PIN is
    # kept here, wrapped by the same server key. A person's PIN is never stored.
    wrapped_pin = models.BinaryField(null=True, blank=True, editable=False)
    # PKCS11: the token and the key's label in it (the PIN is asked at signing time).
    pkcs11_token = models.CharField(max_length=100, blank=True)
    pkcs11_key_label = models.CharField(max_length=100, blank=True)
    # The appearance: the person's handwritten signature (blue) or the agency's seal (red),
    # a transparent PNG, drawn at `image_width_mm` wide (the seal at its real size).
    image = models.ForeignKey(
        "documents.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    image_width_mm = models.PositiveSmallIntegerField(default=35)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = pgettext_lazy("plural", "chứng thư số")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(agency__isnull=True))
                | (Q(user__isnull=True) & Q(agency__isnull=False)),
                name="credential_one_owner",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "active"], name="credential_user"),
            models.Index(fields=["agency", "active"], name="credential_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} ({self.get_kind_display()})"


class PendingState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("state", "Chờ thiết bị ký")
    COMPLETED = "completed", pgettext_lazy("state", "Đã ký")
    EXPIRED = "expired", pgettext_lazy("state", "Hết hạn")
    FAILED = "failed", pgettext_lazy("state", "Không hợp lệ")


class PendingSignature(PublicId, TimeStamped):
    """A signature prepared on the server and waiting for the signer's own device (pyHanko's
    interrupted signing): the PDF with its reserved signature space is stored, the digest of its
    byte ranges goes to the signing client, and the CMS it returns is embedded by `complete`.
    Past `expires_at` it can no longer be completed and its prepared file is released."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What is being signed, e.g. ("outgoing.sign", <public_id>); the caller's service completes it.
    purpose = models.CharField(max_length=40)
    object_ref = models.CharField(max_length=64)
    # Cleared when the signature expires or fails, so the prepared file can be released.
    prepared = models.ForeignKey(
        "documents.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    md_algorithm = models.CharField(max_length=20, default="sha256")
    document_digest = models.CharField(max_length=128)
    reserved_start = models.PositiveBigIntegerField()
    reserved_end = models.PositiveBigIntegerField()
    state = models.CharField(max_length=10, choices=PendingState.choices, default=PendingState.PENDING)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["purpose", "object_ref", "state"], name="pending_object"),
            models.Index(fields=["state", "expires_at"], name="pending_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.object_ref} ({self.state})"


class Verification(models.Model):
    """The signature check of one stored PDF (by its hash), computed once when the file enters the
    system and again on demand (trust roots change; certificates expire)."""

    blob = models.OneToOneField("documents.Blob", primary_key=True, on_delete=models.CASCADE)
    checked_at = models.DateTimeField()
    signature_count = models.PositiveSmallIntegerField(default=0)
    # True when every signature is intact, trusted and nothing was changed after the last one.
    all_valid = models.BooleanField(default=False)
    # {"signatures": [...]} in the API's shape (signing.verify.Report.as_dict()).
    report = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.blob_id}: {self.signature_count}"
