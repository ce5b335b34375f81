"""The demo's signing set-up: the development CA in EDESK_PKI_DIR, a personal PKCS#12 credential
(PIN DEMO_PIN) for every leader and a seal credential for every agency. Idempotent."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from edesk.accounts.models import Membership
from edesk.accounts.roles import Role
from edesk.documents.services import Upload
from edesk.orgs.models import Organization
from edesk.signing import devca, services
from edesk.signing.images import seal_png, signature_png
from edesk.signing.models import Credential

DEMO_PIN = "123456"
# Each agency's seal key is unlocked by the system with this stored PIN.
_AGENCY_PIN = "demo-agency-seal"
# Key generation dominates the set-up (~0.1 s a key); the demo's certificates share a few keys.
# Acceptable for a development CA only: real certificates each have their own key.
_KEY_POOL = 6
# The demo tells months of history through the real services, signing at each step's moment: its
# certificates are valid from further back than that history (the dev CA itself from 400 days).
DEMO_VALID_FROM_DAYS = 400


@dataclass
class DevSetup:
    ca: devca.DevCA
    people: int
    agencies: int


def _upload(name: str, data: bytes) -> Upload:
    return Upload(name, io.BytesIO(data), len(data))


def provision_demo(directory: Path | None = None, *, valid_from_days: int = DEMO_VALID_FROM_DAYS) -> DevSetup:
    """Create or load the dev CA, then give credentials to every active leader and agency that has
    none yet, valid from `valid_from_days` ago (not before the dev CA) so the demo can sign in its
    past. Returns how many were created."""
    ca = devca.DevCA.load_or_create(Path(directory or settings.EDESK_PKI_DIR))
    # The real clock, as the CA's own: the demo runs this with timezone.now set to its history's start.
    not_before = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=valid_from_days)
    pool = [devca.new_key() for _ in range(_KEY_POOL)]
    keys = itertools.cycle(pool)
    people = agencies = 0
    have_user = set(
        Credential.objects.filter(user__isnull=False, active=True).values_list("user_id", flat=True)
    )
    leaders = (
        Membership.objects.filter(role=Role.LEADER, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in leaders:
        user = membership.user
        if user.pk in have_user:
            continue
        name = user.get_full_name() or user.username
        key, cert = ca.issue_person(name, key=next(keys), not_before=not_before)
        services.credential_import_pkcs12(
            actor=None,
            user=user,
            data=devca.pkcs12_bytes(key, cert, ca.chain, DEMO_PIN),
            pin=DEMO_PIN,
            image=_upload("chu-ky.png", signature_png(name)),
        )
        have_user.add(user.pk)
        people += 1
    have_agency = set(
        Credential.objects.filter(agency__isnull=False, active=True).values_list("agency_id", flat=True)
    )
    for agency in Organization.objects.filter(is_agency=True, active=True).exclude(pk__in=have_agency):
        key, cert = ca.issue_agency(
            agency.name, code=agency.code or "", key=next(keys), not_before=not_before
        )
        services.credential_import_pkcs12(
            actor=None,
            agency=agency,
            data=devca.pkcs12_bytes(key, cert, ca.chain, _AGENCY_PIN),
            pin=_AGENCY_PIN,
            image=_upload("con-dau.png", seal_png(agency.name)),
            image_width_mm=36,
            keep_pin=True,
        )
        agencies += 1
    return DevSetup(ca, people, agencies)
