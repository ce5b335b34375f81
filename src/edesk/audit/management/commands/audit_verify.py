"""`manage.py audit_verify`: walk the hash chains and say whether the audit log is intact.

Exit status 0 when intact, 1 when anything was edited, deleted or inserted, so cron or a monitoring
probe can alert on it without parsing the text.
"""

from django.core.management.base import BaseCommand, CommandError

from edesk.audit.events import verify_report


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký hệ thống (chuỗi băm)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--chain", type=int, default=None, help="Chỉ kiểm tra một chuỗi (mã cơ quan; 0 là chuỗi chung)."
        )

    def handle(self, *args, chain: int | None = None, **options):
        report = verify_report(chain)
        if chain is not None and report.chains == 0 and not report.problems:
            raise CommandError(f"Không có chuỗi nhật ký số {chain}.")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"Nhật ký đã bị can thiệp: {len(report.problems)} vấn đề.", returncode=1)
        self.stdout.write(f"Nhật ký toàn vẹn: {report.events} sự kiện trong {report.chains} chuỗi.")
