"""Error examples the OpenAPI schema shows for the incoming-documents endpoints: the real Vietnamese
messages and stable codes the services and serializers produce."""


def _error(summary: str, detail: str, code: str, field: str | None = None) -> tuple[str, dict]:
    value = {"detail": detail, "code": code}
    if field:
        value["field"] = field
    return summary, value


BAD_CURSOR = _error("Con trỏ trang sai", "Tham số phân trang không hợp lệ.", "bad_cursor")
BAD_CHOICE = _error(
    "Giá trị lọc sai", "“done” không phải giá trị hợp lệ của “Trạng thái”.", "invalid_choice", "state"
)
LIST = {400: [BAD_CURSOR, BAD_CHOICE]}

REGISTER = {
    400: [
        _error("Thiếu trích yếu", "Thiếu “Trích yếu”.", "required", "subject"),
        _error(
            "Loại văn bản sai",
            "“Thông tư” không phải tên loại văn bản theo Nghị định 30.",
            "doc_type",
            "doc_type",
        ),
        _error(
            "Ngày ban hành sau ngày đến",
            "Ngày ban hành không thể sau ngày đến.",
            "issued_in_future",
            "issued_date",
        ),
        _error("Hạn trước ngày đến", "Hạn xử lý không thể trước ngày đến.", "due_before_arrival", "due_date"),
        _error(
            "Cơ quan ban hành không có",
            "Cơ quan ban hành không có trong hệ thống.",
            "unknown_issuer",
            "issuer",
        ),
        _error(
            "Tệp giả dạng PDF",
            "Tệp “van-ban.pdf” không phải là PDF hợp lệ: nội dung là tệp chương trình (EXE).",
            "file_type",
        ),
        _error("PDF hỏng", "Tệp PDF bị hỏng hoặc không đọc được.", "pdf_corrupt"),
        _error(
            "PDF có mật khẩu", "Tệp PDF được đặt mật khẩu; hãy gửi bản không đặt mật khẩu.", "pdf_encrypted"
        ),
        _error(
            "Văn bản mật kèm tệp",
            "Văn bản mật chỉ được vào sổ; không đưa tệp văn bản mật lên hệ thống.",
            "secret_file",
            "files",
        ),
    ],
    403: [_error("Không phải văn thư", "Chỉ văn thư của cơ quan được vào sổ văn bản đến.", "forbidden")],
}

PRESENT = {
    400: [
        _error(
            "Không phải lãnh đạo", "Người nhận trình phải là lãnh đạo của cơ quan.", "not_a_leader", "leader"
        )
    ],
    409: [
        _error(
            "Đã trình, đã chỉ đạo",
            "Không thể trình lãnh đạo văn bản đang ở trạng thái “Đã phân công”. "
            "Có thể người khác vừa xử lý; hãy tải lại trang.",
            "invalid_state",
        )
    ],
}
RETURN = {
    400: [_error("Thiếu lý do", "“Lý do trả lại” không được để trống.", "blank", "reason")],
    409: [
        _error(
            "Không còn chờ chỉ đạo",
            "Không thể trả lại văn thư văn bản đang ở trạng thái “Đã phân công”. "
            "Có thể người khác vừa xử lý; hãy tải lại trang.",
            "invalid_state",
        )
    ],
}
DIRECT = {
    400: [
        _error("Hai đơn vị chủ trì", "Phải có đúng một đơn vị hoặc cá nhân xử lý chính.", "one_lead"),
        _error(
            "Thiếu đối tượng",
            "Mỗi phân công phải chọn một đơn vị (org) hoặc một cá nhân (user).",
            "target",
            "assignments[0]",
        ),
        _error("Ngoài cơ quan", "Người được phân công không thuộc cơ quan.", "target_outside"),
    ],
    409: [
        _error(
            "Đã chỉ đạo",
            "Không thể chỉ đạo văn bản đang ở trạng thái “Đã phân công”. "
            "Có thể người khác vừa xử lý; hãy tải lại trang.",
            "invalid_state",
        )
    ],
}
REASSIGN = {
    400: DIRECT[400],
    409: [
        _error(
            "Chưa chỉ đạo",
            "Không thể phân công lại văn bản đang ở trạng thái “Chờ chỉ đạo”. "
            "Có thể người khác vừa xử lý; hãy tải lại trang.",
            "invalid_state",
        )
    ],
}

PART_DONE = _error("Phần việc đã xong", "Phần việc này đã ở trạng thái “Hoàn thành”.", "invalid_state")
NOT_HOLDER = _error("Không phải người được giao", "Phần việc này không được giao cho bạn.", "forbidden")
DELEGATE = {
    400: [_error("Ngoài đơn vị", "Người được giao phải thuộc đơn vị của bạn.", "target_outside", "user")],
    403: [
        _error("Không phải lãnh đạo đơn vị", "Chỉ lãnh đạo đơn vị được giao tiếp phần việc.", "forbidden"),
        NOT_HOLDER,
    ],
    409: [PART_DONE],
}
PROGRESS = {
    400: [
        _error("Thiếu nội dung", "Thiếu “Nội dung tiến độ”.", "required", "note"),
        _error(
            "Văn bản mật kèm tệp",
            "Văn bản mật không đưa tệp lên hệ thống; chỉ ghi nội dung tiến độ.",
            "secret_file",
            "files",
        ),
    ],
    403: [NOT_HOLDER],
    409: [PART_DONE],
}
COMPLETE = {
    400: [_error("Thiếu kết quả", "Thiếu “Kết quả xử lý”.", "required", "note")],
    403: [NOT_HOLDER],
    409: [PART_DONE],
}
ASSIGNMENTS = {
    400: [
        BAD_CURSOR,
        _error("Không phải của tôi", "Chỉ liệt kê được phần việc của bạn (mine=1).", "mine_only", "mine"),
    ]
}
SEARCH = {400: [_error("Thiếu từ khóa", "Thiếu “Từ khóa”.", "required", "q")]}
