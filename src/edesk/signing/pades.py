"""PAdES signatures on outgoing documents (pure: bytes in, bytes out).

Order on a Decree 30 document: the leader signs (`sign_as_person`: blue signature image between the
position title and the name; the empty number and date fields are added in the same revision);
the clerk numbers it (`number_and_seal`: the fields are filled, which pyHanko's difference policy
classes as form filling, so the leader's signature stays valid; then the agency's signature with
the red seal); each separate attachment gets the agency's signature with a text stamp
(`stamp_attachment`). All signatures are PAdES B-B with SHA-256.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, x509
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import BaseStampStyle

from edesk.core.errors import UserError
from edesk.documents import pdf as pdf_files
from edesk.signing import appearance, keys
from edesk.signing.layout import MM, Placement, TextLine, find_number_lines, find_signer_placement, fit_box
from edesk.signing.models import Credential

NUMBER_FIELD = "so_ky_hieu"
DATE_FIELD = "ngay_ban_hanh"
AGENCY_FIELD = "chu_ky_co_quan"
# Widen the number/date fields beyond the placeholder line: a filled line may be longer.
_FIELD_PAD_X = 30.0
# Enough below the placeholder's glyph box for the descenders (g, y, comma) of the filled text.
_FIELD_PAD_Y = 4.5
_READ_ONLY = 1
# Space for the CMS, fixed: pyHanko would otherwise sign once more in a dry run to measure it.
# An RSA-2048/4096 signature with its certificate and two CA certificates fits in about 6 KiB.
BYTES_RESERVED = 12288
_SEAL_OVERLAP = 1 / 3
_ATTACHMENT_MARGIN = 20 * MM
_ATTACHMENT_LINE = 14.0

__all__ = [
    "DATE_FIELD",
    "NUMBER_FIELD",
    "Placement",
    "find_signer_placement",
    "number_and_seal",
    "sign_as_person",
    "stamp_attachment",
]


class SigningError(UserError):
    code = "signing_failed"


def _check_signable(pdf: bytes) -> None:
    if pdf_files.inspect_pdf(pdf).is_encrypted:
        raise pdf_files.EncryptedPdf(
            _("Tệp PDF được mã hóa (đặt mật khẩu chủ sở hữu); hãy ký bản không mã hóa.")
        )


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    """The writer of the new revision; its `prev` is the reader of the PDF as it is (one parse)."""
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError) as exc:
        raise pdf_files.CorruptPdf() from exc


def _signed_fingerprints(reader: PdfFileReader) -> set[str]:
    """SHA-256 of each filled signature field's signer certificate. Reads only the CMS of each
    signature (pyHanko's embedded_signatures also prepares every signature for validation)."""
    found = set()
    for _name, value, _ref in fields.enumerate_sig_fields(reader, filled_status=True):
        try:
            signed_data = cms.ContentInfo.load(bytes(value.get_object()["/Contents"]))["content"]
            sid = signed_data["signer_infos"][0]["sid"].chosen
            for choice in signed_data["certificates"]:
                cert = choice.chosen
                if not isinstance(cert, x509.Certificate):
                    continue
                if isinstance(sid, cms.IssuerAndSerialNumber):
                    is_signer = (
                        cert.issuer == sid["issuer"] and cert.serial_number == sid["serial_number"].native
                    )
                else:
                    is_signer = sid.native == cert.key_identifier
                if is_signer:
                    found.add(hashlib.sha256(cert.dump()).hexdigest())
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # a damaged signature is no signature by this certificate
    return found


def _field_name(prefix: str, credential: Credential) -> str:
    return f"{prefix}_{credential.fingerprint[:12]}"


def _points(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """pyHanko takes field boxes in whole points."""
    left, bottom, right, top = box
    return (round(left), round(bottom), round(right), round(top))


def _metadata(field_name: str, signer_name: str) -> signers.PdfSignatureMetadata:
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name or None,
    )


def _run_signer(
    writer: IncrementalPdfFileWriter,
    signer: signers.Signer,
    *,
    field_name: str,
    signer_name: str,
    placement: Placement | None,
    style,
    text: str | None = None,
) -> bytes:
    metadata = _metadata(field_name, signer_name)
    spec = None
    if placement is not None:
        spec = fields.SigFieldSpec(field_name, on_page=placement.page, box=_points(placement.box))
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=style, new_field_spec=spec)
    out = io.BytesIO()
    params = {"text": text} if text is not None else None
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params, bytes_reserved=BYTES_RESERVED)
    return out.getvalue()


# -- the leader's signature ------------------------------------------------------------------------


@dataclass
class PersonSigning:
    """A document made ready for a person's signature: the writer holding the new number/date
    fields, and the PdfSigner arguments (field, box, appearance)."""

    writer: IncrementalPdfFileWriter
    metadata: signers.PdfSignatureMetadata
    field_spec: fields.SigFieldSpec
    style: BaseStampStyle | None


def prepare_person_signature(
    pdf: bytes, *, credential: Credential, signer_name: str, placement: Placement | None = None
) -> PersonSigning:
    """Checks and layout shared by server-side and remote signing (see sign_as_person)."""
    _check_signable(pdf)
    writer = _writer(pdf)
    if credential.fingerprint in _signed_fingerprints(writer.prev):
        raise UserError(_("Văn bản đã được ký bằng chứng thư số này."), code="already_signed")
    area = find_signer_placement(pdf, signer_name) or placement
    if area is None:
        raise UserError(
            _("Không tìm thấy tên người ký “%(name)s” trong văn bản; hãy chọn vị trí chữ ký trên trang.")
            % {"name": signer_name},
            code="placement_required",
        )
    box = fit_box(area.box, width=credential.image_width_mm * MM, aspect=appearance.image_aspect(credential))
    _add_number_fields(writer, pdf)
    field_name = _field_name("chu_ky", credential)
    return PersonSigning(
        writer=writer,
        metadata=_metadata(field_name, signer_name),
        field_spec=fields.SigFieldSpec(field_name, on_page=area.page, box=_points(box)),
        style=appearance.image_style(credential) or appearance.name_style(signer_name),
    )


def sign_as_person(
    pdf: bytes,
    *,
    credential: Credential,
    pin: str | None = None,
    signer_name: str,
    placement: Placement | None = None,
    signer: signers.Signer | None = None,
) -> bytes:
    """The leader's approval signature with their signature image between the title and the name.

    The position comes from the PDF's text (the `signer_name` line, searched from the last page),
    else from `placement`; neither → UserError code="placement_required". Adds the empty number
    and date fields in the same revision. Raises WrongPin, UserError code="already_signed",
    EncryptedPdf, CorruptPdf.

    The key is unlocked here with `pin`, or `signer` is one already opened by the caller with
    `keys.open_signer(credential, pin)`: a batch signs several documents with one unlock.
    """
    prepared = prepare_person_signature(
        pdf, credential=credential, signer_name=signer_name, placement=placement
    )
    if signer is not None:
        return _sign_prepared(prepared, signer)
    with keys.open_signer(credential, pin) as opened:
        return _sign_prepared(prepared, opened)


def _sign_prepared(prepared: PersonSigning, signer: signers.Signer) -> bytes:
    pdf_signer = signers.PdfSigner(
        prepared.metadata, signer=signer, stamp_style=prepared.style, new_field_spec=prepared.field_spec
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(prepared.writer, output=out, bytes_reserved=BYTES_RESERVED)
    return out.getvalue()


def _field_rect(line: TextLine) -> tuple[float, float, float, float]:
    left, bottom, right, top = line.box
    return (left - _FIELD_PAD_X, bottom - _FIELD_PAD_Y, right + _FIELD_PAD_X, top + _FIELD_PAD_Y)


def _acroform_fields(writer: IncrementalPdfFileWriter) -> generic.ArrayObject:
    root = writer.root
    if "/AcroForm" not in root:
        root["/AcroForm"] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        form[pdf_name("/Fields")] = generic.ArrayObject()
        writer.update_container(form)
    return form["/Fields"]


def _existing_fields(writer) -> dict[str, generic.DictionaryObject]:
    if "/AcroForm" not in writer.root:
        return {}
    form = writer.root["/AcroForm"]
    found = {}
    # pyHanko's dictionaries resolve indirect objects on [] but not on .get().
    for ref in form["/Fields"] if "/Fields" in form else []:  # noqa: SIM401
        field = ref.get_object()
        if "/T" in field:
            found[str(field["/T"])] = field
    return found


def _add_number_fields(writer: IncrementalPdfFileWriter, pdf: bytes) -> None:
    """Text fields over the "Số:" and the date lines, empty (the placeholder stays visible)."""
    existing = _existing_fields(writer)
    number_line, date_line = find_number_lines(pdf)
    for name, line, italic in ((NUMBER_FIELD, number_line, False), (DATE_FIELD, date_line, True)):
        if line is None or name in existing:
            continue
        rect = _field_rect(line)
        page_ref = writer.find_page_for_modification(line.page)[0]
        width, height = rect[2] - rect[0], rect[3] - rect[1]
        field = generic.DictionaryObject(
            {
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): pdf_string(name),
                pdf_name("/Ff"): generic.NumberObject(_READ_ONLY),
                pdf_name("/V"): pdf_string(""),
                pdf_name("/DA"): pdf_string(f"/Helv {round(line.font_size)} Tf 0 g"),
                pdf_name("/Q"): generic.NumberObject(1),  # centred
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/F"): generic.NumberObject(4),  # printed
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
                pdf_name("/P"): page_ref,
                pdf_name("/AP"): generic.DictionaryObject(
                    {pdf_name("/N"): appearance.empty_appearance(writer, width=width, height=height)}
                ),
                # Remembered for filling: the size and style of the line the field covers.
                pdf_name("/EdeskStyle"): pdf_string(f"{line.font_size}:{'i' if italic else 'r'}"),
            }
        )
        ref = writer.add_object(field)
        page = page_ref.get_object()
        annots = page.get("/Annots")
        if annots is None:
            page[pdf_name("/Annots")] = generic.ArrayObject([ref])
            writer.update_container(page)
        else:
            annots.append(ref)
            writer.update_container(annots)
        fields_array = _acroform_fields(writer)
        fields_array.append(ref)
        writer.update_container(fields_array)


# -- numbering and the agency's seal -------------------------------------------------------------


def _fill_field(writer: IncrementalPdfFileWriter, field: generic.DictionaryObject, text: str) -> None:
    rect = [float(v) for v in field["/Rect"]]
    size_text, _sep, style = str(field.get("/EdeskStyle", "13:r")).partition(":")
    field[pdf_name("/V")] = pdf_string(text)
    field[pdf_name("/AP")] = generic.DictionaryObject(
        {
            pdf_name("/N"): appearance.filled_field_appearance(
                writer,
                text=text,
                width=rect[2] - rect[0],
                height=rect[3] - rect[1],
                font_size=float(size_text or 13),
                italic=style == "i",
            )
        }
    )
    writer.update_container(field)


def _person_signature_box(reader: PdfFileReader) -> Placement | None:
    """Where the last person's signature is drawn (the seal overlaps it)."""
    for sig in reversed(reader.embedded_signatures):
        if sig.field_name.startswith("chu_ky_"):
            field = sig.sig_field
            if "/Rect" not in field or "/P" not in field:
                continue
            page_ref = field.raw_get("/P")
            page_index = _page_index(reader, page_ref)
            box = tuple(float(v) for v in field["/Rect"])
            if page_index is not None and box[2] > box[0]:
                return Placement(page_index, box)  # type: ignore[arg-type]
    return None


def _page_index(reader: PdfFileReader, page_ref) -> int | None:
    target = getattr(page_ref, "reference", page_ref)
    for index in range(reader.root["/Pages"]["/Count"]):
        ref = reader.find_page_for_modification(index)[0]
        if getattr(ref, "reference", ref) == target:
            return index
    return None


def _media_box(reader: PdfFileReader) -> list[float]:
    node = reader.find_page_for_modification(0)[0].get_object()
    while node is not None:
        if "/MediaBox" in node:
            return [float(v) for v in node["/MediaBox"]]
        node = node["/Parent"] if "/Parent" in node else None  # noqa: SIM401 - [] resolves references
    return [0.0, 0.0, 595.0, 842.0]  # A4


def seal_placement(reader: PdfFileReader, credential: Credential) -> Placement:
    """The seal at its real size, its right part over about a third of the signature image's left
    side, vertically centred on it (Decree 30 App. I: the seal covers 1/3 of the signature)."""
    diameter = credential.image_width_mm * MM
    person = _person_signature_box(reader)
    if person is None:
        raise UserError(_("Văn bản chưa có chữ ký của người có thẩm quyền."), code="not_signed")
    left, bottom, right, top = person.box
    seal_right = left + (right - left) * _SEAL_OVERLAP
    cy = (bottom + top) / 2
    height = diameter / appearance.image_aspect(credential)
    return Placement(person.page, (seal_right - diameter, cy - height / 2, seal_right, cy + height / 2))


def number_and_seal(pdf: bytes, *, credential: Credential, number_notation: str, date_line: str) -> bytes:
    """Fill the number ("Số: 15/QĐ-UBND") and date ("Huế, ngày 05 tháng 01 năm 2026") fields and
    apply the agency's signature with its seal, in one revision, with the agency's stored PIN.

    Raises UserError code="number_fields_missing" when the leader's signing found no "Số:" line,
    code="not_signed" without a person's signature, code="already_signed" when sealed before.
    """
    _check_signable(pdf)
    writer = _writer(pdf)
    if credential.fingerprint in _signed_fingerprints(writer.prev):
        raise UserError(_("Văn bản đã được đóng dấu bằng chứng thư số này."), code="already_signed")
    placement = seal_placement(writer.prev, credential)
    with keys.open_signer(credential, None) as signer:
        existing = _existing_fields(writer)
        if NUMBER_FIELD not in existing:
            raise UserError(
                _("Văn bản không có dòng “Số:” để điền số, ký hiệu; hãy sửa dự thảo theo thể thức."),
                code="number_fields_missing",
            )
        # Written into the document itself: in the installation's language, whatever the clerk's.
        with translation.override(settings.LANGUAGE_CODE):
            number_line = _("Số: %(number)s") % {"number": number_notation}
        _fill_field(writer, existing[NUMBER_FIELD], number_line)
        if DATE_FIELD in existing:
            _fill_field(writer, existing[DATE_FIELD], date_line)
        return _run_signer(
            writer,
            signer,
            field_name=_field_name("dau", credential),
            signer_name=credential.subject_name,
            placement=placement,
            style=appearance.image_style(credential),
        )


def stamp_attachment(
    pdf: bytes, *, credential: Credential, number_notation: str, signed_at: datetime
) -> bytes:
    """The agency's signature on a separate attachment: no image, the text "15/QĐ-UBND,
    2026-11-23T10:30:00+07:00" at the top right of the first page, Liberation Serif 10 pt."""
    _check_signable(pdf)
    writer = _writer(pdf)
    reader = writer.prev
    if credential.fingerprint in _signed_fingerprints(reader):
        raise UserError(_("Phụ lục đã được ký bằng chứng thư số này."), code="already_signed")
    from django.utils import timezone

    moment = timezone.localtime(signed_at).replace(microsecond=0).isoformat()
    text = f"{number_notation}, {moment}"
    media = _media_box(reader)
    right, top = media[2] - _ATTACHMENT_MARGIN * 0.75, media[3] - _ATTACHMENT_MARGIN * 0.5
    box = (right - 90 * MM, top - _ATTACHMENT_LINE, right, top)
    with keys.open_signer(credential, None) as signer:
        return _run_signer(
            writer,
            signer,
            field_name=_field_name("dau_phu_luc", credential),
            signer_name=credential.subject_name,
            placement=Placement(0, box),
            style=appearance.text_style(10),
            text=text,
        )
