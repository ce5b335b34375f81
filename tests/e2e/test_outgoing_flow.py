"""The whole life of an outgoing document, clicked through in a real browser by five people of two
agencies: the specialist drafts a decision and submits it, the unit head approves the content, the
clerk returns it for its format, the specialist uploads a fixed version, the head and the clerk
approve, the leader approves and signs it with his PIN, the clerk numbers and issues it; then the
clerk of the receiving agency opens it in the electronic inbox, sees the signatures valid and
registers it, and the sender sees it opened and registered.

Every step is saved as a screenshot in test-artifacts/e2e/outgoing-*.png (1280 px wide; the issued
document's page also at 360 px), and the issued PDF, downloaded through the page's file link, is
drawn to test-artifacts/e2e/outgoing-signed-page-1.png with pdftoppm.
"""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from edesk.audit import events
from edesk.inbound.models import Incoming, Received, ReceivedState
from edesk.outbound.models import Outgoing, RecipientKind, RecipientState, State
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = "Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2026 của Sở Tài chính"
LEADER = "Nguyễn Văn Phương"
PIN = "123456"
RETURN_NOTE = "Ký hiệu phải là QĐ-STC và bỏ dòng TM.; Giám đốc ký trực tiếp."
FIX_NOTE = "Sửa ký hiệu thành QĐ-STC, bỏ dòng thẩm quyền."


def log_in(page: Page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Bàn làm việc", level=1)).to_be_visible()


def shot(page: Page, artifacts, name: str) -> None:
    page.screenshot(path=str(artifacts / f"outgoing-{name}.png"), full_page=True)


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def expect_state(page: Page, label: str) -> None:
    expect(
        page.locator(".doc-badges .badge").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    ).to_be_visible()


def action_form(page: Page, path: str):
    """The workflow form posting to `…/<path>/` on the document page."""
    return page.locator(f"#actions form[action$='/{path}/']")


def open_from_outgoing_desk(page: Page, tile: str) -> None:
    page.get_by_role("navigation", name="Chức năng chính").get_by_role("link", name="Văn bản đi").click()
    page.get_by_role("link", name=re.compile(tile)).click()
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()


def recipient_row(page: Page, name: str):
    return page.locator("#recipients tbody tr").filter(has=page.locator("td.subject", has_text=name))


def test_a_decision_is_drafted_reviewed_signed_numbered_issued_and_registered_by_the_receiver(
    cast, new_page, artifacts, signable_pdf, person_credential, agency_credential, trusted_dev_ca
):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; it draws the signed PDF's pages")
    person_credential(cast.leader_a, pin=PIN)
    agency_credential(cast.agency_a)
    # The first draft copies the UBND's layout (wrong notation, a TM. line); the clerk returns it.
    first = signable_pdf(LEADER, notation="QĐ-UBND")
    fixed = signable_pdf(
        LEADER, notation="QĐ-STC", parent="UBND THÀNH PHỐ HUẾ", position="GIÁM ĐỐC", authority=""
    )

    # 1. The specialist drafts the decision, with recipients in, inside and outside the system.
    specialist = new_page()
    log_in(specialist, "cv.stc")
    specialist.get_by_role("navigation", name="Chức năng chính").get_by_role(
        "link", name="Văn bản đi"
    ).click()
    specialist.get_by_role("link", name="Soạn văn bản đi").click()
    expect(specialist.get_by_role("heading", name=re.compile("Soạn văn bản đi"), level=1)).to_be_visible()
    specialist.get_by_label("Loại văn bản").select_option(label="Quyết định")
    expect(specialist.get_by_label("Đơn vị soạn thảo")).to_have_value(str(cast.unit_a1.public_id))
    specialist.get_by_label("Trích yếu nội dung").fill(SUBJECT)
    specialist.get_by_label("Người ký", exact=True).select_option(label=LEADER)
    specialist.get_by_label("Cơ quan nhận trong hệ thống").select_option(label="Sở Nội vụ")
    specialist.get_by_label("Đơn vị trong cơ quan (để biết)").select_option(
        label="Phòng Quản lý giá và công sản"
    )
    specialist.get_by_label("Cơ quan ngoài hệ thống").fill("Bộ Tài chính")
    specialist.get_by_label("Nơi nhận (in ở cuối văn bản)").fill(
        "- Sở Nội vụ;\n- Bộ Tài chính;\n- Phòng QLG (để biết);\n- Lưu: VT, NS."
    )
    specialist.get_by_label("Tệp dự thảo").set_input_files(
        files=[{"name": "du-thao-quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": first}]
    )
    specialist.get_by_label("Ghi chú phiên bản").fill("Dự thảo lần đầu.")
    shot(specialist, artifacts, "01-specialist-draft-form")
    specialist.get_by_role("button", name="Lưu dự thảo").click()
    expect_message(specialist, "Đã lưu dự thảo.")
    expect(specialist.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    expect_state(specialist, "Dự thảo")
    expect(specialist.locator("#versions")).to_contain_text("Phiên bản 1")
    shot(specialist, artifacts, "02-specialist-draft-saved")

    # 2. … and submits it.
    action_form(specialist, "trinh").get_by_role("button", name="Trình duyệt").click()
    expect_message(specialist, "Đã trình duyệt dự thảo.")
    expect_state(specialist, "Đang trình duyệt")
    doc_url = specialist.url

    # 3. The head of Phòng Ngân sách approves the content.
    head = new_page()
    log_in(head, "tp.stc")
    open_from_outgoing_desk(head, "Chờ tôi duyệt")
    action_form(head, "dong-y").get_by_label("Ý kiến").fill("Nội dung phù hợp.")
    action_form(head, "dong-y").get_by_role("button", name="Đồng ý").click()
    expect_message(head, "Đã đồng ý, chuyển bước tiếp theo.")
    expect(head.locator("#history")).to_contain_text("Kiểm tra nội dung")
    shot(head, artifacts, "03-head-approved-content")

    # 4. The clerk returns it for its format, with a comment.
    clerk = new_page()
    log_in(clerk, "vt.stc")
    open_from_outgoing_desk(clerk, "Chờ tôi duyệt")
    clerk.get_by_text("Trả lại người soạn", exact=True).click()
    action_form(clerk, "tra-lai").get_by_label("Lý do trả lại").fill(RETURN_NOTE)
    shot(clerk, artifacts, "04-clerk-return-form")
    action_form(clerk, "tra-lai").get_by_role("button", name="Trả lại").click()
    expect_message(clerk, "Đã trả lại dự thảo cho người soạn.")
    expect_state(clerk, "Bị trả lại")

    # 5. The specialist sees the comment, uploads the fixed version and submits again.
    specialist.goto(doc_url)
    expect_state(specialist, "Bị trả lại")
    returned = specialist.get_by_role("alert").filter(has_text="Trần Thị Hoa đã trả lại dự thảo.")
    expect(returned).to_contain_text(RETURN_NOTE)
    shot(specialist, artifacts, "05-specialist-sees-return")
    specialist.get_by_text("Tải lên phiên bản mới", exact=True).click()
    upload = action_form(specialist, "phien-ban")
    upload.get_by_label("Tệp phiên bản mới").set_input_files(
        files=[{"name": "du-thao-quyet-dinh-sua.pdf", "mimeType": "application/pdf", "buffer": fixed}]
    )
    upload.get_by_label("Nội dung sửa đổi").fill(FIX_NOTE)
    upload.get_by_role("button", name="Tải lên").click()
    expect_message(specialist, "Đã tải lên phiên bản mới.")
    expect(specialist.locator("#versions")).to_contain_text("Phiên bản 2")
    expect(specialist.locator("#versions")).to_contain_text(FIX_NOTE)
    action_form(specialist, "trinh").get_by_role("button", name="Trình duyệt").click()
    expect_message(specialist, "Đã trình duyệt dự thảo.")
    expect_state(specialist, "Đang trình duyệt")
    shot(specialist, artifacts, "06-specialist-resubmitted")

    # 6. The head and the clerk approve the fixed version.
    for reviewer, note in ((head, "Đồng ý nội dung."), (clerk, "Thể thức đúng.")):
        reviewer.goto(doc_url)
        action_form(reviewer, "dong-y").get_by_label("Ý kiến").fill(note)
        action_form(reviewer, "dong-y").get_by_role("button", name="Đồng ý").click()
        expect_message(reviewer, "Đã đồng ý, chuyển bước tiếp theo.")
    shot(clerk, artifacts, "07-clerk-approved-format")

    # 7. The leader approves it for signing and signs it with his PIN.
    leader = new_page()
    log_in(leader, "ld.stc")
    open_from_outgoing_desk(leader, "Chờ tôi duyệt")
    action_form(leader, "dong-y").get_by_role("button", name="Đồng ý").click()
    expect_message(leader, "Đã đồng ý, chuyển bước tiếp theo.")
    expect_state(leader, "Chờ ký")
    sign = action_form(leader, "ky")
    expect(leader.locator("#actions")).to_contain_text(f"Chứng thư: {LEADER}")
    sign.get_by_label("Mã PIN của chứng thư số").fill(PIN)
    shot(leader, artifacts, "08-leader-sign-form")
    sign.get_by_role("button", name="Ký số").click()
    expect_message(leader, "Đã ký số văn bản.")
    expect_state(leader, "Đã ký, chờ cấp số")
    expect(leader.locator("#verify .signature").filter(has_text=LEADER)).to_contain_text("Toàn vẹn")
    shot(leader, artifacts, "09-leader-signed")

    # 8. The clerk numbers it: the notation of Sở Tài chính, the number with its leading zero.
    open_from_outgoing_desk(clerk, "Chờ cấp số")
    expect(action_form(clerk, "cap-so")).to_contain_text("…/QĐ-STC")
    action_form(clerk, "cap-so").get_by_role("button", name="Cấp số và đóng dấu").click()
    expect_message(clerk, "Đã cấp số, đóng dấu số và ký số của cơ quan.")
    expect_state(clerk, "Đã cấp số, chờ phát hành")
    expect(clerk.locator(".doc-kicker")).to_contain_text("01/QĐ-STC")
    shot(clerk, artifacts, "10-clerk-numbered")

    # 9. … and issues it: delivery states per recipient, the external one by post.
    action_form(clerk, "phat-hanh").get_by_role("button", name="Phát hành").click()
    expect_message(clerk, "Đã phát hành văn bản.")
    expect_state(clerk, "Đã phát hành")
    expect(recipient_row(clerk, "Sở Nội vụ")).to_contain_text("Đã gửi")
    expect(recipient_row(clerk, "Phòng Quản lý giá và công sản")).to_contain_text("Đã gửi")
    external = recipient_row(clerk, "Bộ Tài chính")
    expect(external).to_contain_text("Gửi qua bưu chính")
    expect(external).to_contain_text("Gửi bản giấy qua bưu chính")
    checks = clerk.locator("#verify .signature")
    expect(checks).to_have_count(2)
    for signature in checks.all():
        expect(signature).to_contain_text("Toàn vẹn")
        expect(signature).to_contain_text("Chứng thư tin cậy")
    expect(clerk.locator("#verify")).not_to_contain_text("Tệp bị sửa sau khi ký")
    shot(clerk, artifacts, "11-clerk-issued")
    phone = new_page(PHONE)
    log_in(phone, "vt.stc")
    phone.goto(doc_url)
    expect(phone.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    shot(phone, artifacts, "11b-issued-360px")

    # The issued PDF, through the page's file link, drawn for the artefacts.
    link = clerk.locator(".doc-files .file-list a").first
    signed_pdf = clerk.request.get(link.get_attribute("href")).body()
    assert signed_pdf.startswith(b"%PDF")
    _draw_first_page(signed_pdf, artifacts)

    # 10. The clerk of Sở Nội vụ finds it in the electronic inbox, opens it and registers it.
    receiver = new_page()
    log_in(receiver, "vt.snv")
    receiver.get_by_role("link", name=re.compile("Văn bản điện tử chờ vào sổ")).click()
    expect(receiver.get_by_role("heading", name="Văn bản điện tử chờ vào sổ", level=1)).to_be_visible()
    row = receiver.locator("tr").filter(has=receiver.get_by_role("link", name=SUBJECT))
    expect(row).to_contain_text("Sở Tài chính")
    expect(row).to_contain_text("01/QĐ-STC")
    expect(row).to_contain_text("Chưa mở")
    shot(receiver, artifacts, "12-receiver-inbox")
    receiver.get_by_role("link", name=SUBJECT).click()
    expect(receiver.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    verification = receiver.locator(".verification")
    expect(verification.locator("li").filter(has_text=LEADER).locator(".badge")).to_have_text("Hợp lệ")
    expect(verification.locator("li").filter(has_text="Sở Tài chính").locator(".badge")).to_have_text(
        "Hợp lệ"
    )
    expect(receiver.get_by_label("Ký hiệu")).to_have_value("QĐ-STC")
    shot(receiver, artifacts, "13-receiver-opened")

    # A specialist of Phòng Quản lý giá, informed, reads it from "Gửi đến tôi để biết".
    informed = new_page()
    log_in(informed, "cv2.stc")
    open_from_outgoing_desk(informed, "Gửi đến tôi để biết")
    expect_state(informed, "Đã phát hành")

    # The sender's page now shows it opened by the receiving clerk and read by the unit.
    clerk.reload()
    expect(recipient_row(clerk, "Sở Nội vụ")).to_contain_text("Xem:")
    expect(recipient_row(clerk, "Phòng Quản lý giá và công sản")).to_contain_text("Đã xem")
    shot(clerk, artifacts, "14-clerk-sees-opened")

    receiver.get_by_role("button", name="Vào sổ", exact=True).click()
    expect_message(receiver, "Đã vào sổ văn bản đến số 1.")
    expect(receiver.get_by_role("heading", name=SUBJECT, level=1)).to_be_visible()
    shot(receiver, artifacts, "15-receiver-registered")

    # 11. It is in Sở Nội vụ's incoming register, electronic, from Sở Tài chính.
    receiver.goto("/van-ban-den/so/")
    register_row = receiver.locator("tr").filter(has=receiver.get_by_role("link", name=SUBJECT))
    expect(register_row).to_contain_text("01/QĐ-STC")
    expect(register_row).to_contain_text("Sở Tài chính")
    shot(receiver, artifacts, "16-receiver-register")
    clerk.reload()
    expect(recipient_row(clerk, "Sở Nội vụ")).to_contain_text("Vào sổ:")

    doc = Outgoing.objects.get()
    assert (doc.state, doc.number_notation) == (State.ISSUED, "01/QĐ-STC")
    assert list(doc.versions.values_list("number", flat=True)) == [1, 2]
    states = dict(doc.recipients.values_list("kind", "state"))
    assert states[RecipientKind.EXTERNAL] == RecipientState.BY_POST
    assert states[RecipientKind.UNIT] == RecipientState.OPENED
    received = Received.objects.get()
    assert (received.agency_id, received.state) == (cast.agency_b.pk, ReceivedState.REGISTERED)
    incoming = Incoming.objects.get(agency=cast.agency_b)
    assert (incoming.arrival_number, incoming.code_number, incoming.code_notation) == (1, "01", "QĐ-STC")
    assert events.verify() == []


def _draw_first_page(pdf: bytes, artifacts) -> None:
    """pdftoppm -r 80 of the issued PDF's pages; page 1 is kept as outgoing-signed-page-1.png."""
    source = artifacts / "outgoing-signed.pdf"
    source.write_bytes(pdf)
    for old in artifacts.glob("outgoing-signed-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(source), str(artifacts / "outgoing-signed-page")],
        check=True,
        timeout=30,
    )
    pages = sorted(artifacts.glob("outgoing-signed-page-*.png"))
    assert pages, "pdftoppm drew no page"
    # pdftoppm pads the page number to the page count's width ("-1" for a 1-page file).
    first = pages[0]
    if first.name != "outgoing-signed-page-1.png":
        first.rename(artifacts / "outgoing-signed-page-1.png")
