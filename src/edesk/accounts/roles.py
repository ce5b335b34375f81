"""Roles are held per unit; permissions are an enum granted to roles, in code, reviewed like code."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    CLERK = "clerk", _("Văn thư")
    LEADER = "leader", _("Lãnh đạo")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    SPECIALIST = "specialist", _("Chuyên viên")
    # The same word names the menu entry (administration); as a role it is the person.
    ADMIN = "admin", pgettext_lazy("role", "Quản trị")


class Perm(models.TextChoices):
    INCOMING_REGISTER = "incoming.register", _("Vào sổ văn bản đến")
    INCOMING_PRESENT = "incoming.present", _("Trình văn bản đến")
    INCOMING_VIEW_ALL = "incoming.view_all", _("Xem mọi văn bản đến của cơ quan")
    INCOMING_VIEW_SECRET = "incoming.view_secret", _("Xem văn bản mật của cơ quan")
    INCOMING_DIRECT = "incoming.direct", _("Chỉ đạo, phân công xử lý")
    INCOMING_RETURN = "incoming.return", _("Trả lại văn bản cho văn thư")
    ASSIGNMENT_DELEGATE = "assignment.delegate", _("Giao tiếp cho cán bộ")
    ASSIGNMENT_HANDLE = "assignment.handle", _("Xử lý văn bản được giao")
    REGISTER_PRINT = "register.print", _("In sổ đăng ký")
    OUTGOING_DRAFT = "outgoing.draft", _("Soạn dự thảo văn bản đi")
    OUTGOING_VIEW_ALL = "outgoing.view_all", _("Xem mọi văn bản đi của cơ quan")
    OUTGOING_SIGN = "outgoing.sign", _("Ký số văn bản đi")
    OUTGOING_NUMBER = "outgoing.number", _("Cấp số, đóng dấu số và phát hành văn bản đi")
    OUTGOING_RECALL = "outgoing.recall", _("Thu hồi văn bản đã phát hành")
    ORG_ADMIN = "org.admin", _("Quản trị cơ quan, người dùng")
    AUDIT_VIEW = "audit.view", _("Xem nhật ký hệ thống")


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.CLERK: frozenset(
        {
            Perm.INCOMING_REGISTER,
            Perm.INCOMING_PRESENT,
            Perm.INCOMING_VIEW_ALL,
            Perm.INCOMING_VIEW_SECRET,
            Perm.REGISTER_PRINT,
            Perm.OUTGOING_DRAFT,
            Perm.OUTGOING_VIEW_ALL,
            Perm.OUTGOING_NUMBER,
            Perm.OUTGOING_RECALL,
        }
    ),
    Role.LEADER: frozenset(
        {
            Perm.INCOMING_VIEW_ALL,
            Perm.INCOMING_VIEW_SECRET,
            Perm.INCOMING_DIRECT,
            Perm.INCOMING_RETURN,
            Perm.ASSIGNMENT_DELEGATE,
            Perm.ASSIGNMENT_HANDLE,
            Perm.REGISTER_PRINT,
            Perm.OUTGOING_DRAFT,
            Perm.OUTGOING_VIEW_ALL,
            Perm.OUTGOING_SIGN,
            Perm.OUTGOING_RECALL,
        }
    ),
    Role.UNIT_HEAD: frozenset({Perm.ASSIGNMENT_DELEGATE, Perm.ASSIGNMENT_HANDLE, Perm.OUTGOING_DRAFT}),
    Role.SPECIALIST: frozenset({Perm.ASSIGNMENT_HANDLE, Perm.OUTGOING_DRAFT}),
    Role.ADMIN: frozenset({Perm.ORG_ADMIN, Perm.AUDIT_VIEW}),
}
