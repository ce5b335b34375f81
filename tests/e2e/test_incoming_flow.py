"""The whole life of an incoming document, clicked through in a real browser by four people:
the clerk registers a PDF and presents it, the leader directs it to a unit, the unit head passes
it to a specialist, the specialist reports and completes, and the clerk sees it done in the register.

Every step is saved as a screenshot in test-artifacts/e2e/ (1280 px wide; the leader's desk also at
360 px, the width of the phones the agencies use).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from edesk.audit import events
from edesk.inbound.models import AssignmentState, Incoming, State
from tests.conftest import PASSWORD, make_pdf
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = "Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2026 của thành phố Huế"
PDF_TEXT = "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ — Quyết định số 125/QĐ-UBND"


def log_in(page: Page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Bàn làm việc", level=1)).to_be_visible()


def shot(page: Page, artifacts, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def expect_state(page: Page, label: str) -> None:
    expect(page.locator(".doc-badges .badge").filter(has_text=re.compile(f"^{label}$"))).to_be_visible()


def open_from_desk(page: Page, tile: str) -> None:
    page.get_by_role("link", name=re.compile(tile)).click()
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()


def test_clerk_leader_head_and_specialist_carry_a_document_to_completion(cast, new_page, artifacts):
    today = timezone.localdate()
    deadline = today + timedelta(days=7)

    # 1. The clerk registers the PDF through the form.
    clerk = new_page()
    log_in(clerk, "vt.stc")
    shot(clerk, artifacts, "01-clerk-desk")
    clerk.goto("/van-ban-den/vao-so/")
    clerk.get_by_label("Loại văn bản").select_option(label="Quyết định")
    clerk.get_by_label("Số", exact=True).fill("125")
    clerk.get_by_label("Ký hiệu").fill("QĐ-UBND")
    clerk.get_by_label("Ngày ban hành").fill((today - timedelta(days=1)).isoformat())
    clerk.get_by_label("Trích yếu nội dung").fill(SUBJECT)
    clerk.get_by_label("Tên cơ quan ban hành (nếu không có trong danh sách)").fill("UBND thành phố Huế")
    clerk.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Sơn")
    clerk.get_by_label("Độ khẩn").select_option(label="Khẩn")
    clerk.get_by_label("Hạn xử lý", exact=True).fill(deadline.isoformat())
    clerk.get_by_label("Tệp văn bản").set_input_files(
        files=[{"name": "125-QD-UBND.pdf", "mimeType": "application/pdf", "buffer": make_pdf(PDF_TEXT)}]
    )
    shot(clerk, artifacts, "02-clerk-register-form")
    clerk.get_by_role("button", name="Vào sổ", exact=True).click()
    expect_message(clerk, "Đã vào sổ văn bản đến số 1.")
    expect(clerk.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    expect_state(clerk, "Đã vào sổ")
    shot(clerk, artifacts, "03-clerk-registered")

    # 2. … and presents it to the leader.
    clerk.get_by_label("Lãnh đạo nhận trình").select_option(label="Nguyễn Văn Phương")
    clerk.get_by_role("button", name="Trình", exact=True).click()
    expect_message(clerk, "Đã trình văn bản cho lãnh đạo.")
    expect_state(clerk, "Chờ chỉ đạo")
    shot(clerk, artifacts, "04-clerk-presented")

    # 3. The leader opens it from the desk and gives the lead to Phòng Ngân sách with a deadline.
    leader = new_page()
    log_in(leader, "ld.stc")
    expect(leader.get_by_role("link", name=SUBJECT)).to_be_visible()
    shot(leader, artifacts, "05-leader-desk")
    phone = new_page(PHONE)
    log_in(phone, "ld.stc")
    expect(phone.get_by_role("link", name=SUBJECT)).to_be_visible()
    shot(phone, artifacts, "05b-leader-desk-360px")
    open_from_desk(leader, "Chờ chỉ đạo")
    leader.get_by_label("Ý kiến chỉ đạo").fill("Giao Phòng Ngân sách chủ trì tham mưu, báo cáo trước hạn.")
    first_row = leader.locator(".direction-form .assign-row").first
    first_row.get_by_label("Đơn vị hoặc cá nhân").select_option(label="Phòng Ngân sách")
    expect(first_row.get_by_label("Vai trò")).to_have_value("lead")
    first_row.get_by_label("Hạn xử lý").fill((deadline - timedelta(days=2)).isoformat())
    shot(leader, artifacts, "06-leader-direction-form")
    leader.get_by_role("button", name="Gửi chỉ đạo").click()
    expect_message(leader, "Đã chỉ đạo, phân công xử lý.")
    expect_state(leader, "Đã phân công")
    shot(leader, artifacts, "07-leader-directed")

    # 4. The head of Phòng Ngân sách passes the part to a specialist of the unit.
    head = new_page()
    log_in(head, "tp.stc")
    open_from_desk(head, "Cần xử lý")
    head.get_by_text("Giao cho cán bộ", exact=True).first.click()
    head.get_by_label("Giao cho cán bộ").select_option(label="Phạm Thị Lan")
    head.get_by_label("Ý kiến giao việc").fill("Chị Lan dự thảo văn bản trả lời.")
    head.get_by_role("button", name="Giao", exact=True).click()
    expect_message(head, "Đã giao phần việc cho cán bộ.")
    expect_state(head, "Đang xử lý")
    shot(head, artifacts, "08-head-delegated")

    # 5. The specialist reports progress, then completes.
    specialist = new_page()
    log_in(specialist, "cv.stc")
    open_from_desk(specialist, "Cần xử lý")
    specialist.get_by_text("Cập nhật tiến độ", exact=True).click()
    specialist.get_by_label("Nội dung tiến độ").fill("Đã dự thảo công văn trả lời, đang xin ý kiến phòng.")
    specialist.get_by_role("button", name="Ghi tiến độ").click()
    expect_message(specialist, "Đã cập nhật tiến độ.")
    shot(specialist, artifacts, "09-specialist-progress")
    specialist.get_by_text("Hoàn thành", exact=True).click()
    specialist.get_by_label("Kết quả xử lý").fill("Đã trả lời bằng Công văn số 15/STC-NS.")
    specialist.get_by_role("button", name="Hoàn thành phần việc").click()
    expect_message(specialist, "Đã ghi nhận hoàn thành phần việc.")
    expect_state(specialist, "Hoàn thành")
    shot(specialist, artifacts, "10-specialist-completed")

    # 6. The clerk finds it completed in the register.
    clerk.goto("/van-ban-den/so/")
    row = clerk.locator("tr").filter(has=clerk.get_by_role("link", name=SUBJECT))
    expect(row).to_contain_text("Hoàn thành")
    expect(row).to_contain_text("125/QĐ-UBND")
    shot(clerk, artifacts, "11-clerk-register-list")

    doc = Incoming.objects.get()
    assert (doc.state, doc.arrival_number, doc.code_number, doc.urgency) == (State.COMPLETED, 1, "125", 1)
    assert doc.attachments.get().name == "125-QD-UBND.pdf"
    assert set(doc.assignments.values_list("state", flat=True)) == {AssignmentState.COMPLETED}
    assert events.verify() == []
