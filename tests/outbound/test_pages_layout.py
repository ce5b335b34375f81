"""Every outgoing page in headless Chromium at 1280 px and 360 px: screenshots saved to
test-artifacts/outbound/ (looked at by hand), and no page scrolls sideways on a 360 px phone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from edesk.accounts import services as accounts
from edesk.accounts.roles import Role
from edesk.outbound import services as outbound
from tests.conftest import PASSWORD, make_pdf, upload
from tests.e2e.conftest import DESKTOP, PHONE, browser, new_page  # noqa: F401,F811 - fixtures
from tests.outbound.story import approved, draft, signed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "outbound"


def log_in(page: Page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def shoot(opener, username: str, path: str, name: str) -> list[str]:
    """Screenshots of `path` at both widths; returns the widths that scroll sideways."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    scrolling = []
    for label, viewport in (("1280", DESKTOP), ("360", PHONE)):
        page = opener(viewport)
        log_in(page, username)
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            scrolling.append(f"{name}@{label}: {overflow}px")
    return scrolling


def off_the_loop(run):
    """pyHanko signs through asyncio.run, which refuses to start inside the event loop Playwright
    keeps in the test thread: the setup that signs runs in a thread of its own."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def wrapped():
        try:
            return run()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(wrapped).result()


def test_every_page_at_1280_and_360(cast, new_page, signable_pdf, person_credential, agency_credential):  # noqa: F811
    issued, working, to_sign = off_the_loop(
        lambda: _documents(cast, signable_pdf, person_credential, agency_credential)
    )
    assert not (problems := _pages(cast, new_page, issued, working, to_sign)), problems


def _documents(cast, signable_pdf, person_credential, agency_credential):
    admin = accounts.user_create(actor=None, username="qt.stc", full_name="Quản Trị Sở", password=PASSWORD)
    accounts.membership_add(actor=None, user=admin, org=cast.agency_a, role=Role.ADMIN, title="Quản trị")
    agency_credential(cast.agency_a)
    issued = signed(cast, signable_pdf, person_credential, urgency=2)
    outbound.outgoing_number(actor=cast.clerk_a, outgoing=issued)
    outbound.outgoing_issue(actor=cast.clerk_a, outgoing=issued)
    working = draft(cast, subject="Công văn về việc báo cáo tình hình thực hiện dự toán ngân sách năm 2026")
    outbound.draft_upload_version(
        actor=cast.spec_a,
        outgoing=working,
        file=upload(make_pdf("Bản sửa", pages=2)),
        comment="Bổ sung số liệu",
    )
    working = outbound.draft_submit(actor=cast.spec_a, outgoing=working)
    outbound.review_return(actor=cast.head_a, outgoing=working, comment="Bổ sung số liệu quý IV.")
    to_sign = approved(cast, draft(cast, subject="Kế hoạch kiểm tra tài chính", doc_type="ke_hoach"))
    return issued, working, to_sign


def _pages(cast, opener, issued, working, to_sign) -> list[str]:
    detail = "/van-ban-di/{}/"
    problems = []
    problems += shoot(opener, "cv.stc", "/van-ban-di/", "01-desk-specialist")
    problems += shoot(opener, "cv.stc", "/van-ban-di/soan/", "02-draft-form")
    problems += shoot(opener, "cv.stc", detail.format(working.public_id), "03-document-returned")
    problems += shoot(opener, "cv.stc", f"/van-ban-di/{working.public_id}/so-sanh/?a=1&b=2", "04-compare")
    problems += shoot(opener, "cv.stc", f"/van-ban-di/{working.public_id}/sua/", "05-draft-edit")
    problems += shoot(opener, "ld.stc", "/van-ban-di/?q=to_sign", "06-desk-leader")
    problems += shoot(opener, "ld.stc", detail.format(to_sign.public_id), "07-document-to-sign")
    problems += shoot(opener, "vt.stc", detail.format(issued.public_id), "08-document-issued")
    problems += shoot(opener, "vt.stc", "/van-ban-di/so/", "09-register")
    problems += shoot(opener, "qt.stc", "/van-ban-di/quy-trinh/", "10-review-chain")
    problems += shoot(opener, "ld.stc", "/van-ban-di/chu-ky-so/", "11-credentials")
    problems += shoot(opener, "qt.stc", "/van-ban-di/chu-ky-so/", "12-credentials-admin")
    problems += shoot(opener, "cv2.stc", detail.format(issued.public_id), "13-document-for-info")
    return problems


def test_position_picker_in_the_browser(cast, new_page, person_credential):  # noqa: F811
    person_credential(cast.leader_a)
    doc = approved(cast, draft(cast))  # no name line in this PDF: the picker is needed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("1280", DESKTOP), ("360", PHONE)):
        page = new_page(viewport)
        log_in(page, "ld.stc")
        page.goto(f"/van-ban-di/{doc.public_id}/")
        page.get_by_label("Mã PIN của chứng thư số").fill("123456")
        page.get_by_role("button", name="Ký số", exact=True).click()
        picker = page.locator(".placement-page").first
        expect(picker).to_be_visible()
        picker.click(position={"x": 200, "y": 300})
        expect(page.locator(".placement-mark").first).to_be_visible()
        assert page.locator("[data-sign-form] input[name=place_page]").input_value() == "1"
        page.screenshot(path=str(ARTIFACTS / f"14-position-picker-{label}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.get_by_label("Mã PIN của chứng thư số").fill("123456")
    page.get_by_role("button", name="Ký số", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Đã ký số văn bản.")).to_be_visible()
