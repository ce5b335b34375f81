"""Signatures per second with a PKCS#12 key: the leader's signature (sign_as_person) and the
agency's numbering + seal (number_and_seal) on a 1-page and a 20-page Decree 30 PDF, against
`openssl speed rsa2048` on the same machine. Prints a Markdown table.

Run: `make bench-signing` (N=200 signatures per case by default; N=… to change). No database:
credentials are built in memory; files go to a temporary directory.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edesk.settings")
os.environ["EDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="edesk-signing-bench-")
os.environ.setdefault("DATABASE_URL", "sqlite:///" + os.environ["EDESK_DATA_DIR"] + "/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from tests.pki import signable_pdf  # noqa: E402

from edesk.core import storage  # noqa: E402
from edesk.signing import devca, keys, pades  # noqa: E402
from edesk.signing.credentials import certificate_facts, chain_pem  # noqa: E402
from edesk.signing.images import seal_png, signature_png  # noqa: E402
from edesk.signing.models import Credential, CredentialKind  # noqa: E402

PIN = "123456"
SIGNER = "Nguyễn Văn Phương"


def credential(ca, key, cert, png: bytes, *, agency: bool) -> Credential:
    facts = certificate_facts(cert)
    image, _size = storage.WriteBatch().put_bytes(png)
    c = Credential(
        kind=CredentialKind.PKCS12,
        certificate_pem=facts.certificate_pem,
        chain_pem=chain_pem(ca.chain),
        subject_name=facts.subject_name,
        issuer_name=facts.issuer_name,
        serial=facts.serial,
        fingerprint=facts.fingerprint,
        not_before=facts.not_before,
        not_after=facts.not_after,
        image_id=image,
        image_width_mm=36 if agency else 35,
    )
    c.wrapped_pkcs12 = keys.wrap(
        devca.pkcs12_bytes(key, cert, ca.chain, PIN), context=f"p12:{facts.fingerprint}"
    )
    if agency:
        c.agency_id = 1  # an agency's seal (the row is never saved): keys keep it unlocked
        c.wrapped_pin = keys.wrap(PIN.encode(), context=f"pin:{facts.fingerprint}")
    return c


def sign_unlocked(source: bytes, person: Credential, signer) -> bytes:
    """sign_as_person with a key unlocked beforehand: the signature work of ký hàng loạt
    (outgoing_sign_batch: the leader types the PIN once, the key is unlocked once for that request
    and signs the batch). The whole service, database included, is timed by
    `bench/issuance_bench.py --sign-batch 20`."""
    import io

    from pyhanko.sign import signers

    prepared = pades.prepare_person_signature(source, credential=person, signer_name=SIGNER)
    pdf_signer = signers.PdfSigner(
        prepared.metadata, signer=signer, stamp_style=prepared.style, new_field_spec=prepared.field_spec
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(prepared.writer, output=out, bytes_reserved=pades.BYTES_RESERVED)
    return out.getvalue()


def timed(fn, count: int) -> list[float]:
    fn()  # warm caches (fonts, images)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def openssl_rsa2048() -> float:
    out = subprocess.run(
        ["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True, text=True, check=True
    ).stdout
    row = next(
        line for line in out.splitlines() if line.startswith("rsa 2048") or line.startswith("rsa  2048")
    )
    return float(re.split(r"\s+", row.strip())[-2])


def main() -> None:
    count = int(os.environ.get("N", "200"))
    ca = devca.DevCA.create(Path(settings.EDESK_PKI_DIR))
    person = credential(ca, *ca.issue_person(SIGNER), signature_png(SIGNER), agency=False)
    seal = credential(ca, *ca.issue_agency("Sở Tài chính"), seal_png("Sở Tài chính"), agency=True)
    rows = []
    unlocked = keys.pkcs12_signer(
        keys.unwrap(person.wrapped_pkcs12, context=f"p12:{person.fingerprint}"),
        PIN,
        chain=keys.credential_chain(person),
    )
    for pages in (1, 20):
        source = signable_pdf(SIGNER, pages=pages)
        signed = pades.sign_as_person(source, credential=person, pin=PIN, signer_name=SIGNER)
        cases = {
            "sign_as_person": lambda s=source: pades.sign_as_person(
                s, credential=person, pin=PIN, signer_name=SIGNER
            ),
            "sign_as_person, key unlocked once (batch)": lambda s=source: sign_unlocked(s, person, unlocked),
            "number_and_seal": lambda s=signed: pades.number_and_seal(
                s, credential=seal, number_notation="15/QĐ-UBND", date_line="Huế, ngày 05 tháng 01 năm 2026"
            ),
        }
        for name, fn in cases.items():
            samples = timed(fn, count)
            p50 = statistics.median(samples)
            p95 = statistics.quantiles(samples, n=20)[18]
            rows.append((name, pages, len(source) // 1024, count, 1 / statistics.mean(samples), p50, p95))
    # Where a signature's time goes: unlocking the PKCS#12 (its PIN's key derivation is slow on
    # purpose, against PIN guessing on a stolen file) versus everything else.
    data = keys.unwrap(person.wrapped_pkcs12, context=f"p12:{person.fingerprint}")
    samples = timed(lambda: keys.pkcs12_signer(data, PIN, chain=[]), count)
    rows.append(
        (
            "unlock PKCS#12 only",
            "-",
            "-",
            count,
            1 / statistics.mean(samples),
            statistics.median(samples),
            statistics.quantiles(samples, n=20)[18],
        )
    )
    rsa = openssl_rsa2048()
    print(f"\n{os.cpu_count()} CPU(s); one process, one thread. openssl speed rsa2048: {rsa:,.0f} signs/s\n")
    print("| operation | pages | PDF KiB | signatures | signatures/s | p50 ms | p95 ms | RSA share |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, pages, kib, n, rate, p50, p95 in rows:
        share = (1 / rsa) / (1 / rate)
        cells = [name, pages, kib, n, f"{rate:.1f}", f"{p50 * 1000:.1f}", f"{p95 * 1000:.1f}", f"{share:.1%}"]
        print("| " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
