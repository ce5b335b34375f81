"""DOCX/DOC → PDF with LibreOffice headless, when it is installed (settings.EDESK_SOFFICE).

Each conversion runs in its own temporary directory with its own LibreOffice profile: two
conversions sharing a profile would block each other (LibreOffice locks it), and a crashed one
could leave the shared profile broken for the next. The process group is killed on timeout, since
`soffice` starts `soffice.bin` as a child.
"""

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edesk.core.errors import UserError
from edesk.documents import pdf

log = logging.getLogger(__name__)


class ConversionUnavailable(UserError):
    code = "conversion_unavailable"
    default_message = _(
        "Máy chủ chưa cài đặt chức năng chuyển đổi tệp Word sang PDF; hãy tải lên bản PDF của dự thảo."
    )


class ConversionFailed(UserError):
    code = "conversion_failed"
    default_message = _(
        "Không chuyển được tệp Word này sang PDF (tệp hỏng hoặc định dạng không được hỗ trợ); "
        "hãy mở tệp bằng Word, lưu lại hoặc xuất ra PDF rồi tải lên."
    )


def soffice_path() -> str | None:
    return shutil.which(settings.EDESK_SOFFICE)


def available() -> bool:
    """True when LibreOffice can be started on this server (the page shows whether DOCX is taken)."""
    return soffice_path() is not None


def to_pdf(data: bytes, *, extension: str) -> bytes:
    """The PDF LibreOffice makes of a DOCX/DOC (`extension` "docx" or "doc").

    Raises ConversionUnavailable without LibreOffice and ConversionFailed when it cannot convert
    the file (or takes longer than settings.EDESK_CONVERT_SECONDS).
    """
    soffice = soffice_path()
    if soffice is None:
        raise ConversionUnavailable()
    with tempfile.TemporaryDirectory(prefix="edesk-convert-") as tmp:
        work = Path(tmp)
        source = work / f"du-thao.{extension}"
        source.write_bytes(data)
        out = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ]
        _run(command, work)
        result = out / "du-thao.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise ConversionFailed()
        converted = result.read_bytes()
    try:
        pdf.inspect_pdf(converted)
    except UserError as exc:
        raise ConversionFailed() from exc
    return converted


def _run(command: list[str], cwd: Path) -> None:
    env = {**os.environ, "HOME": str(cwd)}
    process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=settings.EDESK_CONVERT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        log.warning("LibreOffice conversion timed out after %ss", settings.EDESK_CONVERT_SECONDS)
        raise ConversionFailed() from exc
    if process.returncode != 0:
        log.warning("LibreOffice conversion failed (%s): %s", process.returncode, stderr[-500:])
        raise ConversionFailed()
