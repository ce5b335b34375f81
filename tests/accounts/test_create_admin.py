import pytest
from django.core.management import CommandError, call_command

from edesk.accounts.models import User

pytestmark = pytest.mark.django_db


def test_creates_a_system_administrator_from_a_password_file(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("Quan-tri-2026!\n", encoding="utf-8")
    call_command("create_admin", username="QuanTri", full_name="Quản trị hệ thống", password_file=str(secret))
    user = User.objects.get(username="quantri")
    assert user.is_system_admin and user.check_password("Quan-tri-2026!")


def test_refuses_a_weak_password_and_creates_nothing(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("123", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("create_admin", username="quantri", full_name="Quản trị", password_file=str(secret))
    assert not User.objects.filter(username="quantri").exists()
