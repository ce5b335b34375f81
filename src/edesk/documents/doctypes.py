"""The 29 document types of Decree 30/2020/NĐ-CP Art. 7 and their abbreviations (App. III §I)."""

from django.db import models

from edesk.core.text import fold


class DocType(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", "Nghị quyết"
    QUYET_DINH = "quyet_dinh", "Quyết định"
    CHI_THI = "chi_thi", "Chỉ thị"
    QUY_CHE = "quy_che", "Quy chế"
    QUY_DINH = "quy_dinh", "Quy định"
    THONG_CAO = "thong_cao", "Thông cáo"
    THONG_BAO = "thong_bao", "Thông báo"
    HUONG_DAN = "huong_dan", "Hướng dẫn"
    CHUONG_TRINH = "chuong_trinh", "Chương trình"
    KE_HOACH = "ke_hoach", "Kế hoạch"
    PHUONG_AN = "phuong_an", "Phương án"
    DE_AN = "de_an", "Đề án"
    DU_AN = "du_an", "Dự án"
    BAO_CAO = "bao_cao", "Báo cáo"
    BIEN_BAN = "bien_ban", "Biên bản"
    TO_TRINH = "to_trinh", "Tờ trình"
    HOP_DONG = "hop_dong", "Hợp đồng"
    CONG_VAN = "cong_van", "Công văn"
    CONG_DIEN = "cong_dien", "Công điện"
    BAN_GHI_NHO = "ban_ghi_nho", "Bản ghi nhớ"
    BAN_THOA_THUAN = "ban_thoa_thuan", "Bản thỏa thuận"
    GIAY_UY_QUYEN = "giay_uy_quyen", "Giấy ủy quyền"
    GIAY_MOI = "giay_moi", "Giấy mời"
    GIAY_GIOI_THIEU = "giay_gioi_thieu", "Giấy giới thiệu"
    GIAY_NGHI_PHEP = "giay_nghi_phep", "Giấy nghỉ phép"
    PHIEU_GUI = "phieu_gui", "Phiếu gửi"
    PHIEU_CHUYEN = "phieu_chuyen", "Phiếu chuyển"
    PHIEU_BAO = "phieu_bao", "Phiếu báo"
    THU_CONG = "thu_cong", "Thư công"


ABBREVIATIONS: dict[str, str | None] = {
    DocType.NGHI_QUYET: "NQ",
    DocType.QUYET_DINH: "QĐ",
    DocType.CHI_THI: "CT",
    DocType.QUY_CHE: "QC",
    DocType.QUY_DINH: "QyĐ",
    DocType.THONG_CAO: "TC",
    DocType.THONG_BAO: "TB",
    DocType.HUONG_DAN: "HD",
    DocType.CHUONG_TRINH: "CTr",
    DocType.KE_HOACH: "KH",
    DocType.PHUONG_AN: "PA",
    DocType.DE_AN: "ĐA",
    DocType.DU_AN: "DA",
    DocType.BAO_CAO: "BC",
    DocType.BIEN_BAN: "BB",
    DocType.TO_TRINH: "TTr",
    DocType.HOP_DONG: "HĐ",
    DocType.CONG_VAN: None,
    DocType.CONG_DIEN: "CĐ",
    DocType.BAN_GHI_NHO: "BGN",
    DocType.BAN_THOA_THUAN: "BTT",
    DocType.GIAY_UY_QUYEN: "GUQ",
    DocType.GIAY_MOI: "GM",
    DocType.GIAY_GIOI_THIEU: "GGT",
    DocType.GIAY_NGHI_PHEP: "GNP",
    DocType.PHIEU_GUI: "PG",
    DocType.PHIEU_CHUYEN: "PC",
    DocType.PHIEU_BAO: "PB",
    DocType.THU_CONG: None,
}

_LOOKUP: dict[str, str] = {}
for _member in DocType:
    _LOOKUP[_member.value] = _member.value
    _LOOKUP[fold(_member.label)] = _member.value
    _abbr = ABBREVIATIONS[_member]
    if _abbr:
        # Abbreviations differ only by đ/d (QĐ vs QD is unambiguous, but ĐA "Đề án" vs DA "Dự án" is
        # not), so the exact spelling is tried before the folded one.
        _LOOKUP[_abbr] = _member.value
for _member in DocType:
    _abbr = ABBREVIATIONS[_member]
    if _abbr:
        _LOOKUP.setdefault(fold(_abbr), _member.value)


def parse_doc_type(value: str) -> DocType:
    """Accept the Decree 30 name ("Kế hoạch", "ke hoach"), its abbreviation ("KH") or the code."""
    value = (value or "").strip()
    code = _LOOKUP.get(value) or _LOOKUP.get(fold(value))
    if code is None:
        raise ValueError(value)
    return DocType(code)
