"""Build the benchmark province on PostgreSQL: `make bench-data SIZE=1000000`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from edesk.demo import bulk


class Command(BaseCommand):
    help = "Tạo dữ liệu đo hiệu năng (PostgreSQL): tỉnh/thành phố mẫu, người dùng và N văn bản đến."

    def add_arguments(self, parser):
        parser.add_argument(
            "--documents", type=int, default=1_000_000, help="số văn bản đến (mặc định 1.000.000)"
        )
        parser.add_argument("--agencies", type=int, default=250, help="số cơ quan (mặc định 250)")
        parser.add_argument("--users", type=int, default=15_000, help="số người dùng (mặc định 15.000)")
        parser.add_argument("--years", type=int, default=5, help="số năm dữ liệu (mặc định 5)")
        parser.add_argument(
            "--seed", type=int, default=2026, help="hạt giống ngẫu nhiên (cùng hạt, cùng dữ liệu)"
        )
        parser.add_argument("--batch", type=int, default=10_000, help="số văn bản mỗi lần COPY")
        parser.add_argument(
            "--reset", action="store_true", help="xóa sạch dữ liệu của ứng dụng trước khi tạo"
        )
        parser.add_argument("--yes", action="store_true", help="không hỏi lại khi --reset")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_generate chỉ chạy trên PostgreSQL (dùng COPY). Hãy đặt DATABASE_URL, ví dụ "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/edesk_bench. "
                "/ bench_generate needs PostgreSQL."
            )
        if options["reset"]:
            self._confirm_reset(options["yes"])
            bulk.reset()
        elif not bulk.is_empty():
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu; chạy lại với --reset --yes để xóa và tạo mới. "
                "/ The database is not empty: use --reset --yes."
            )
        settings = connection.settings_dict
        self.stdout.write(
            f"Đang tạo {options['documents']:,} văn bản, {options['agencies']} cơ quan, "
            f"{options['users']:,} người dùng vào {settings['NAME']} …"
        )
        try:
            report = bulk.generate(
                bulk.Options(
                    documents=options["documents"],
                    agencies=options["agencies"],
                    users=options["users"],
                    years=options["years"],
                    seed=options["seed"],
                    batch=options["batch"],
                ),
                log=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong trong {report.seconds:.0f} s: {report.agencies} cơ quan, "
                f"{report.units} đơn vị, {report.users:,} người dùng ({report.memberships:,} chức vụ), "
                f"{report.documents:,} văn bản, {report.assignments:,} phân công, "
                f"{report.attachments:,} tệp, {report.notes:,} ghi chú tiến độ, {report.registers:,} sổ."
            )
        )

    def _confirm_reset(self, yes: bool) -> None:
        name = connection.settings_dict["NAME"]
        if yes:
            return
        answer = input(f"Xóa TOÀN BỘ dữ liệu ứng dụng trong cơ sở dữ liệu “{name}”? Gõ yes để tiếp tục: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Đã hủy; không thay đổi gì.")
