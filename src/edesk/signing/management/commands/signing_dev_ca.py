"""Create (or load) the development CA and give the demo's leaders and agencies credentials."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from edesk.signing.devsetup import DEMO_PIN, provision_demo


class Command(BaseCommand):
    help = (
        "Tạo (hoặc nạp) CA phát triển trong EDESK_PKI_DIR; cấp chứng thư số PKCS#12 (PIN 123456) cho "
        "mọi lãnh đạo và chứng thư con dấu cho mọi cơ quan chưa có. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="", help="thư mục CA (mặc định EDESK_PKI_DIR)")

    def handle(self, *args, **options):
        directory = Path(options["dir"] or settings.EDESK_PKI_DIR)
        with transaction.atomic():
            result = provision_demo(directory)
        self.stdout.write(
            f"CA phát triển: {result.ca.root_path}. Đã cấp {result.people} chứng thư cá nhân "
            f"(PIN {DEMO_PIN}) và {result.agencies} chứng thư cơ quan."
        )
