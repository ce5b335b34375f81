"""Tables shared by the fixed Huế tree and the generated province: departments, offices, units."""

UnitTable = tuple[tuple[str, str], ...]
SubAgency = tuple[str, str, str, UnitTable]

VP_UNITS: UnitTable = (
    ("TH", "Phòng Tổng hợp"),
    ("KT", "Phòng Kinh tế"),
    ("VX", "Phòng Văn xã"),
    ("NC", "Phòng Nội chính"),
    ("HCTC", "Phòng Hành chính – Tổ chức"),
    ("QTTV", "Phòng Quản trị – Tài vụ"),
    ("TCD", "Ban Tiếp công dân"),
)

# (key, name, notation abbreviation, units, subordinate agencies as (key, name, short, units))
DEPARTMENTS: tuple[tuple[str, str, str, UnitTable, tuple[SubAgency, ...]], ...] = (
    ("stc", "Sở Tài chính", "STC", (
        ("VP", "Văn phòng Sở"), ("NS", "Phòng Ngân sách"), ("QLGCS", "Phòng Quản lý giá và công sản"),
        ("QLĐT", "Phòng Quản lý đầu tư"), ("TCDN", "Phòng Tài chính doanh nghiệp"),
    ), ()),
    ("snv", "Sở Nội vụ", "SNV", (
        ("VP", "Văn phòng Sở"), ("TCBM", "Phòng Tổ chức bộ máy"), ("CCVC", "Phòng Công chức – Viên chức"),
        ("XDCQ", "Phòng Xây dựng chính quyền"), ("LĐVL", "Phòng Lao động – Việc làm"),
    ), (("bantdkt", "Ban Thi đua – Khen thưởng", "BTĐKT", (
        ("HCTH", "Phòng Hành chính – Tổng hợp"), ("NV", "Phòng Nghiệp vụ thi đua, khen thưởng"),
    )),)),
    ("sxd", "Sở Xây dựng", "SXD", (
        ("VP", "Văn phòng Sở"), ("QLXD", "Phòng Quản lý xây dựng"), ("QHKT", "Phòng Quy hoạch – Kiến trúc"),
        ("QLGT", "Phòng Quản lý giao thông"), ("PTĐT", "Phòng Phát triển đô thị"),
    ), ()),
    ("syt", "Sở Y tế", "SYT", (
        ("VP", "Văn phòng Sở"), ("NVY", "Phòng Nghiệp vụ Y"), ("NVD", "Phòng Nghiệp vụ Dược"),
        ("KHTC", "Phòng Kế hoạch – Tài chính"), ("TCCB", "Phòng Tổ chức cán bộ"),
    ), (("cdc", "Trung tâm Kiểm soát bệnh tật thành phố Huế", "CDC", (
        ("TCHC", "Phòng Tổ chức – Hành chính"), ("KSBTN", "Khoa Phòng, chống bệnh truyền nhiễm"),
        ("DD", "Khoa Dinh dưỡng"),
    )),)),
    ("sgddt", "Sở Giáo dục và Đào tạo", "SGDĐT", (
        ("VP", "Văn phòng Sở"), ("GDMN", "Phòng Giáo dục Mầm non"), ("GDPT", "Phòng Giáo dục Phổ thông"),
        ("QLCL", "Phòng Quản lý chất lượng"), ("KHTC", "Phòng Kế hoạch – Tài chính"),
    ), (("quochoc", "Trường THPT chuyên Quốc Học", "QH", (
        ("VP", "Tổ Văn phòng"), ("TOAN", "Tổ Toán"), ("NV", "Tổ Ngữ văn"),
    )),)),
    ("skhcn", "Sở Khoa học và Công nghệ", "SKHCN", (
        ("VP", "Văn phòng Sở"), ("QLKH", "Phòng Quản lý khoa học"), ("CĐS", "Phòng Chuyển đổi số"),
        ("BCVT", "Phòng Bưu chính – Viễn thông"), ("TĐC", "Phòng Tiêu chuẩn – Đo lường – Chất lượng"),
    ), ()),
    ("snnmt", "Sở Nông nghiệp và Môi trường", "SNNMT", (
        ("VP", "Văn phòng Sở"), ("QLĐĐ", "Phòng Quản lý đất đai"), ("MT", "Phòng Môi trường"),
        ("KHTC", "Phòng Kế hoạch – Tài chính"), ("TT", "Phòng Trồng trọt và Chăn nuôi"),
    ), (("cctl", "Chi cục Thủy lợi", "CCTL", (
        ("HCTH", "Phòng Hành chính – Tổng hợp"), ("PCTT", "Phòng Phòng, chống thiên tai"),
    )),)),
    ("svhtt", "Sở Văn hóa và Thể thao", "SVHTT", (
        ("VP", "Văn phòng Sở"), ("QLVH", "Phòng Quản lý văn hóa"), ("QLDS", "Phòng Quản lý di sản văn hóa"),
        ("TDTT", "Phòng Quản lý thể dục thể thao"), ("XDNS", "Phòng Xây dựng nếp sống văn hóa và Gia đình"),
    ), ()),
    ("stp", "Sở Tư pháp", "STP", (
        ("VP", "Văn phòng Sở"), ("XDKTVB", "Phòng Xây dựng và Kiểm tra văn bản"),
        ("PBGDPL", "Phòng Phổ biến, giáo dục pháp luật"), ("HCTP", "Phòng Hành chính tư pháp"),
    ), ()),
    ("sct", "Sở Công Thương", "SCT", (
        ("VP", "Văn phòng Sở"), ("QLCN", "Phòng Quản lý công nghiệp"), ("QLTM", "Phòng Quản lý thương mại"),
        ("QLNL", "Phòng Quản lý năng lượng"),
    ), ()),
    ("sdl", "Sở Du lịch", "SDL", (
        ("VP", "Văn phòng Sở"), ("QLLH", "Phòng Quản lý lữ hành"), ("QLLT", "Phòng Quản lý cơ sở lưu trú"),
        ("XTDL", "Phòng Xúc tiến du lịch"),
    ), ()),
    ("tttp", "Thanh tra thành phố", "TTTP", (
        ("VP", "Văn phòng"), ("NV1", "Phòng Thanh tra kinh tế – xã hội"),
        ("TCD", "Phòng Tiếp công dân và Xử lý đơn"), ("PCTN", "Phòng Phòng, chống tham nhũng"),
    ), ()),
)  # fmt: skip


def local_units(kind: str) -> UnitTable:
    """The offices of a commune-level UBND under the 2025 model (NĐ 150/2025)."""
    economy = ("KTHTĐT", "Phòng Kinh tế, Hạ tầng và Đô thị") if kind == "phường" else ("KT", "Phòng Kinh tế")
    return (
        ("VP", "Văn phòng HĐND và UBND"),
        economy,
        ("VHXH", "Phòng Văn hóa – Xã hội"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công"),
    )
