"""Load the Huế demo (run by `make run`); a second run changes nothing and says so."""

from django.core.management.base import BaseCommand, CommandError

from edesk.demo import seed


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu thành phố Huế: cơ quan, người dùng, văn bản đến và đi. Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=340, help="số văn bản đến (mặc định 340)")

    def handle(self, *args, **options):
        try:
            result = seed.seed(documents=options["documents"])
        except seed.SeedConflict as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(
                f"Dữ liệu mẫu đã có (UBND thành phố Huế, mã {seed.ROOT_CODE}); không thay đổi gì. "
                "/ The demo data is already there; nothing changed."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu trong {result.seconds:.0f} s: {result.organizations} cơ quan, đơn vị; "
                f"{result.users} người dùng; {result.documents} văn bản đến; {result.outgoing} văn bản đi."
            )
        )
