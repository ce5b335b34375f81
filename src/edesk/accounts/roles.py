"""Roles are held per unit; permissions are an enum granted to roles, in code, reviewed like code."""

from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "Văn thư"
    LEADER = "leader", "Lãnh đạo"
    UNIT_HEAD = "unit_head", "Lãnh đạo đơn vị"
    SPECIALIST = "specialist", "Chuyên viên"
    ADMIN = "admin", "Quản trị"


class Perm(models.TextChoices):
    INCOMING_REGISTER = "incoming.register", "Vào sổ văn bản đến"
    INCOMING_PRESENT = "incoming.present", "Trình văn bản đến"
    INCOMING_VIEW_ALL = "incoming.view_all", "Xem mọi văn bản đến của cơ quan"
    INCOMING_VIEW_SECRET = "incoming.view_secret", "Xem văn bản mật của cơ quan"
    INCOMING_DIRECT = "incoming.direct", "Chỉ đạo, phân công xử lý"
    INCOMING_RETURN = "incoming.return", "Trả lại văn bản cho văn thư"
    ASSIGNMENT_DELEGATE = "assignment.delegate", "Giao tiếp cho cán bộ"
    ASSIGNMENT_HANDLE = "assignment.handle", "Xử lý văn bản được giao"
    REGISTER_PRINT = "register.print", "In sổ đăng ký"
    ORG_ADMIN = "org.admin", "Quản trị cơ quan, người dùng"
    AUDIT_VIEW = "audit.view", "Xem nhật ký hệ thống"


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.CLERK: frozenset(
        {
            Perm.INCOMING_REGISTER,
            Perm.INCOMING_PRESENT,
            Perm.INCOMING_VIEW_ALL,
            Perm.INCOMING_VIEW_SECRET,
            Perm.REGISTER_PRINT,
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
        }
    ),
    Role.UNIT_HEAD: frozenset({Perm.ASSIGNMENT_DELEGATE, Perm.ASSIGNMENT_HANDLE}),
    Role.SPECIALIST: frozenset({Perm.ASSIGNMENT_HANDLE}),
    Role.ADMIN: frozenset({Perm.ORG_ADMIN, Perm.AUDIT_VIEW}),
}
