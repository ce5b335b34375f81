"""Print the demo log-ins and the address (run by `make run` before the server starts)."""

from django.core.management.base import BaseCommand

from edesk.accounts.roles import Role
from edesk.demo.orgdata import HUE_TREE, iter_specs
from edesk.demo.seed import DEMO_LOGINS, PASSWORD

ENGLISH_ROLES = {
    Role.CLERK: "clerk",
    Role.LEADER: "leader",
    Role.UNIT_HEAD: "unit head",
    Role.SPECIALIST: "specialist",
    Role.ADMIN: "system administrator",
}


class Command(BaseCommand):
    help = "In danh sách tài khoản dùng thử và địa chỉ truy cập. / Print the demo log-ins."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="địa chỉ máy chủ")

    def handle(self, *args, **options):
        names = {spec.key: spec.name for spec, _ in iter_specs(HUE_TREE)}
        rows = [("Tên đăng nhập / user", "Vai trò / role", "Cơ quan, đơn vị / agency, unit")]
        for login in DEMO_LOGINS:
            role = f"{login.title} / {ENGLISH_ROLES[login.role]}"
            if login.agency_key is None:
                place = "Toàn hệ thống / all agencies"
            else:
                place = names[login.agency_key]
                if login.unit_key:
                    place += f" — {names[login.unit_key]}"
            rows.append((login.username, role, place))
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write("")
        self.stdout.write(f"edesk — Hệ thống Quản lý văn bản và Điều hành: {options['url']}")
        self.stdout.write(f"Mật khẩu của mọi tài khoản / password of every account: {PASSWORD}")
        self.stdout.write("Mã PIN ký số (demo): 123456 / signing PIN of every leader (demo): 123456")
        self.stdout.write("")
        for index, (user, role, place) in enumerate(rows):
            self.stdout.write(f"  {user:<{widths[0]}}  {role:<{widths[1]}}  {place}")
            if index == 0:
                self.stdout.write(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * len(place)}")
        self.stdout.write("")
