"""Create the first system administrator of a new installation."""

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edesk.accounts import services
from edesk.core.errors import UserError


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống (quản lý mọi cơ quan, người dùng)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-file", help="Đọc mật khẩu từ tệp thay vì hỏi (dùng cho cài đặt tự động)."
        )

    def handle(self, *args, username, full_name, email, password_file, **options):
        if password_file:
            with open(password_file, encoding="utf-8") as fh:
                password = fh.read().strip()
        else:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        try:
            validate_password(password)
            user = services.user_create(
                actor=None,
                username=username,
                full_name=full_name,
                password=password,
                email=email,
                is_system_admin=True,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except UserError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã tạo quản trị hệ thống {user.username}."))
