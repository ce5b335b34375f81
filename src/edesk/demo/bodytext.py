"""Bodies of official documents (letter, decision and plan/report layouts) for search and benchmarks."""

import random

from edesk.demo._orgtables import DEPARTMENTS
from edesk.demo._text import cap_first, tidy
from edesk.demo.subjects import render

_ANCHOR = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
_BASES = (
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
    "Căn cứ Nghị quyết số 175/2024/QH15 ngày 30 tháng 11 năm 2024 của Quốc hội về việc thành lập thành phố "
    "Huế trực thuộc trung ương;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Căn cứ Luật Đầu tư công ngày 29 tháng 11 năm 2024;",
    "Căn cứ Luật Di sản văn hóa ngày 23 tháng 11 năm 2024;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023;",
    "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;",
    "Căn cứ Luật Viên chức ngày 15 tháng 11 năm 2010;",
    "Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022 của Chính phủ quy định về việc cung cấp "
    "thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng;",
    "Căn cứ Nghị định số 178/2024/NĐ-CP ngày 31 tháng 12 năm 2024 của Chính phủ về chính sách, chế độ đối "
    "với cán bộ, công chức, viên chức, người lao động và lực lượng vũ trang trong thực hiện sắp xếp tổ chức "
    "bộ máy của hệ thống chính trị;",
    "Căn cứ {ref};",
)
_POINTS = (
    "Giao {dept} chủ trì, phối hợp với {dept2} và các cơ quan, đơn vị liên quan tổ chức triển khai "
    "<<matter>>; định kỳ báo cáo kết quả về UBND thành phố trước ngày {date}.",
    "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch cụ thể, bảo đảm "
    "tiến độ, chất lượng và hiệu quả.",
    "UBND các phường, xã tăng cường công tác tuyên truyền, vận động Nhân dân và doanh nghiệp hưởng ứng, "
    "tham gia thực hiện.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn huy "
    "động hợp pháp khác.",
    "{dept} có trách nhiệm theo dõi, kiểm tra, đôn đốc việc thực hiện; tổng hợp khó khăn, vướng mắc, báo "
    "cáo UBND thành phố xem xét, chỉ đạo.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời về {dept} "
    "để tổng hợp, tham mưu UBND thành phố giải quyết.",
    "Thời gian thực hiện: từ ngày {date} đến hết ngày 31/12/{y}.",
    "Đẩy mạnh ứng dụng công nghệ thông tin; tiếp nhận và trả kết quả giải quyết thủ tục hành chính qua Cổng "
    "Dịch vụ công quốc gia.",
    "Người đứng đầu các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch UBND thành phố về kết quả thực hiện "
    "<<matter>> tại cơ quan, đơn vị mình.",
    "Đề nghị {org} rà soát, tổng hợp số liệu theo mẫu đính kèm, gửi về {dept} trước ngày {date} (đồng thời "
    "gửi bản điện tử qua Hệ thống quản lý văn bản và điều hành).",
    "Qua kiểm tra, các cơ quan, đơn vị đã nghiêm túc triển khai <<matter>>; tuy nhiên, một số đơn vị còn "
    "chậm trễ, chưa bảo đảm thời hạn theo quy định.",
    "Giao Văn phòng UBND thành phố theo dõi, đôn đốc và tổng hợp tình hình thực hiện, báo cáo Chủ tịch UBND "
    "thành phố.",
    "Sở Tài chính tham mưu bố trí kinh phí thực hiện trong dự toán ngân sách năm {y}.",
    "Sở Nội vụ hướng dẫn các cơ quan, đơn vị gắn kết quả thực hiện với công tác thi đua, khen thưởng năm "
    "{y}.",
    "Tổ chức sơ kết, rút kinh nghiệm vào cuối năm {y}; kịp thời khen thưởng các tập thể, cá nhân có thành "
    "tích xuất sắc.",
    "Trong kỳ, toàn thành phố tiếp nhận {num} hồ sơ, đã giải quyết {pct}% hồ sơ đúng hạn; số hồ sơ trực "
    "tuyến toàn trình tăng so với cùng kỳ năm trước.",
    "Phối hợp chặt chẽ với {ward} trong việc kiểm tra, xử lý các vi phạm phát sinh trên địa bàn.",
)
_PLAN_HEADINGS = ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN")
_REPORT_HEADINGS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
)
_RECIPIENTS = (
    "- Như trên;",
    "- Chủ tịch, các PCT UBND thành phố;",
    "- Thường trực Thành ủy;",
    "- Thường trực HĐND thành phố;",
    "- Các sở, ban, ngành thành phố;",
    "- UBND các phường, xã;",
    "- {dept};",
    "- Cổng Thông tin điện tử thành phố;",
)
_DRAFTING_UNITS = ("TH", "KT", "VX", "NC", "HCTC")
_DEPT_ABBRS = tuple((name, short) for _, name, short, _, _ in DEPARTMENTS)


def _matter(subject: str) -> str:
    for prefix in ("V/v ", "Về việc "):
        if subject.startswith(prefix):
            subject = subject[len(prefix) :]
            break
    first = subject.split(" ", 1)[0]
    if first.isalpha() and first[1:] == first[1:].lower() and first not in ("Kế", "Đề", "Quy", "Nghị"):
        subject = subject[:1].lower() + subject[1:]
    return subject.rstrip(".")


def _fill(template: str, rng: random.Random, year: int, matter: str) -> str:
    template = template.replace("{num}", str(rng.randint(800, 25000))).replace(
        "{pct}", str(rng.randint(90, 99))
    )
    return tidy(render(template, rng, year).replace("<<matter>>", matter))


_LETTER_TYPES = frozenset({"Công văn", "Tờ trình", "Công điện", "Giấy mời", "Thư công"})
_DECISION_TYPES = frozenset({"Quyết định", "Nghị quyết", "Chỉ thị"})
_LEADS = {
    "Báo cáo": "UBND thành phố báo cáo {matter} như sau:",
    "Kế hoạch": "UBND thành phố ban hành Kế hoạch {matter} như sau:",
    "Hướng dẫn": "UBND thành phố hướng dẫn {matter} như sau:",
    "Chương trình": "UBND thành phố ban hành Chương trình {matter} như sau:",
    "Phương án": "UBND thành phố ban hành Phương án {matter} như sau:",
    "Đề án": "UBND thành phố xây dựng Đề án {matter} với các nội dung sau:",
}


def _letter(rng: random.Random, year: int, matter: str, points: list[str]) -> list[str]:
    lines = ["Kính gửi: " + render("{org}", rng, year) + "."]
    lead = f"Thực hiện {{ref}}, UBND thành phố đề nghị các cơ quan, đơn vị thực hiện {matter} như sau:"
    lines.append(_fill(lead, rng, year, matter))
    lines.extend(f"{i}. {p}" for i, p in enumerate(points, start=1))
    lines.append("Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    return lines


def _decision(rng: random.Random, year: int, matter: str, points: list[str], kind: str) -> list[str]:
    lines = [_ANCHOR]
    lines.extend(_fill(b, rng, year, matter) for b in rng.sample(_BASES, rng.randint(1, 3)))
    name, short = rng.choice(_DEPT_ABBRS)
    date = render("{date}", rng, year)
    lines.append(
        f"Theo đề nghị của Giám đốc {name} tại Tờ trình số {rng.randint(1, 900):02d}/TTr-{short} ngày {date}."
    )
    lines.append(f"{kind.upper()}:")
    lines.append(f"Điều 1. {cap_first(matter)}.")
    lines.extend(f"Điều {i}. {p}" for i, p in enumerate(points, start=2))
    closing = (
        f"Điều {len(points) + 2}. {kind} này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND thành phố, "
        "Giám đốc {dept}, Chủ tịch UBND các phường, xã và Thủ trưởng các cơ quan, đơn vị liên quan chịu "
        f"trách nhiệm thi hành {kind} này./."
    )
    lines.append(_fill(closing, rng, year, matter))
    return lines


def _plan(rng: random.Random, year: int, matter: str, points: list[str], kind: str | None) -> list[str]:
    lead = _LEADS.get(kind or "", "UBND thành phố triển khai các nội dung về {matter} như sau:")
    lines = [_fill("Thực hiện {ref}, " + lead.replace("{matter}", matter), rng, year, matter)]
    headings = _REPORT_HEADINGS if kind == "Báo cáo" else _PLAN_HEADINGS
    per_heading = max(1, -(-len(points) // len(headings)))
    for index, heading in enumerate(headings):
        chunk = points[index * per_heading : (index + 1) * per_heading]
        if chunk:
            lines.append(heading)
            lines.extend(f"{i}. {p}" for i, p in enumerate(chunk, start=1))
    return lines


def body_text(rng: random.Random, subject: str, paragraphs: int, year: int, doc_type_name: str | None) -> str:
    matter = _matter(subject)
    points = [_fill(p, rng, year, matter) for p in rng.sample(_POINTS, min(paragraphs, len(_POINTS)))]
    while len(points) < paragraphs:
        points.append(_fill(rng.choice(_POINTS), rng, year, matter))
    if doc_type_name in _LETTER_TYPES or (doc_type_name is None and subject.startswith("V/v")):
        lines = _letter(rng, year, matter, points)
    elif doc_type_name in _DECISION_TYPES or (doc_type_name is None and subject.startswith("Về việc")):
        lines = _decision(rng, year, matter, points, doc_type_name or "Quyết định")
    else:
        lines = _plan(rng, year, matter, points, doc_type_name)
    lines.append("Nơi nhận:")
    picked = sorted(rng.sample(range(len(_RECIPIENTS)), rng.randint(2, 5)))
    lines.extend(_fill(_RECIPIENTS[i], rng, year, matter) for i in picked)
    lines.append(f"- Lưu: VT, {rng.choice(_DRAFTING_UNITS)}.")
    return "\n".join(lines)
