"""What people write while handling a document: directions that name the real assignees, delegation
notes, return reasons and completion notes that cite the reply document."""

import random
from datetime import date, datetime

RETURN_REASONS = (
    "Văn bản gửi nhầm cơ quan; đề nghị văn thư chuyển trả nơi gửi.",
    "Thiếu phụ lục kèm theo; đề nghị liên hệ cơ quan gửi bổ sung trước khi trình.",
    "Không thuộc thẩm quyền giải quyết của cơ quan; đề nghị chuyển đúng nơi có thẩm quyền.",
    "Tệp văn bản điện tử không có chữ ký số của cơ quan ban hành; đề nghị kiểm tra lại.",
)
DELEGATE_NOTES = (
    "Giao đồng chí chủ trì nghiên cứu, tham mưu xử lý.",
    "Đề nghị đồng chí nghiên cứu, xử lý theo quy định; báo cáo kết quả.",
    "Giao đồng chí tham mưu văn bản trả lời, trình Lãnh đạo phòng trước hạn.",
    "Đồng chí theo dõi, tổng hợp, đề xuất.",
)
CO_CLOSED = "Kết thúc cùng văn bản khi đơn vị chủ trì hoàn thành."


def direction(rng: random.Random, lead: str, co: list[str], due: date | None) -> str:
    """A leader's direction naming the lead and co-handling units, e.g. 'Giao Phòng Ngân sách chủ trì,
    phối hợp Văn phòng Sở tham mưu xử lý; báo cáo trước ngày 12/11/2026.'"""
    verb = rng.choice(("chủ trì", "chủ trì tham mưu", "chủ trì, nghiên cứu"))
    text = f"Giao {lead} {verb}"
    if co:
        text += f", phối hợp {' và '.join(co)}"
    text += rng.choice((" tham mưu xử lý", " xử lý theo quy định", " đề xuất hướng giải quyết"))
    if due is not None:
        text += f"; báo cáo kết quả trước ngày {due:%d/%m/%Y}"
    return text + "."


def completion(rng: random.Random, agency_short: str, unit_short: str, at: datetime) -> str:
    """A completion note citing the reply, e.g. 'Đã tham mưu văn bản trả lời số 215/STC-NS ngày
    14/11/2026.'"""
    number = f"{rng.randint(1, 1800):02d}/{agency_short}-{unit_short}"[:30]
    return rng.choice(
        (
            f"Đã tham mưu văn bản trả lời số {number} ngày {at:%d/%m/%Y}.",
            f"Đã hoàn thành, báo cáo kết quả bằng văn bản số {number}.",
            "Đã triển khai thực hiện theo chỉ đạo; lưu hồ sơ.",
        )
    )
