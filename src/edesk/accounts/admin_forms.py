"""Forms an administrator uses on people: create an account, correct it, give or end a post, set a
password. Password strength, unique usernames and permissions are checked by accounts.services
(one rule for the pages and the API); its UserError is shown on the field it names."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from edesk.accounts.roles import Role
from edesk.orgs.forms import OrgChoiceField, org_choices
from edesk.orgs.models import Organization


class PostForm(forms.Form):
    """A post: a role in a unit, with a title such as "Trưởng phòng"."""

    org = OrgChoiceField(Organization.objects.none(), label=_("Cơ quan, đơn vị"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    title = forms.CharField(label=_("Chức vụ"), max_length=100, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_field = cast(OrgChoiceField, self.fields["org"])
        org_choices(self.org_field, orgs)
        self.org_field.empty_label = _("— Chọn cơ quan, đơn vị —")


class PersonCreateForm(PostForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ không dấu, chữ số và . @ + - _; ví dụ vt.stc"),
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=50)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        strip=False,
        help_text=_("Ít nhất 10 ký tự, không quá phổ biến. Để trống: tài khoản chưa đăng nhập được."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "email", "password", "org", "role", "title"]

    def __init__(self, *args, org_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a system admin creates an account without a post (e.g. another administrator).
        for name in ("org", "role"):
            self.fields[name].required = org_required
        if not org_required:
            self.org_field.empty_label = _("Chưa giao chức vụ")
            cast(forms.ChoiceField, self.fields["role"]).choices = [("", "—"), *Role.choices]

    def clean(self):
        data = super().clean()
        if data.get("org") and not data.get("role"):
            self.add_error("role", _("Chọn vai trò cho chức vụ."))
        return data


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=50)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự, không quá phổ biến, không toàn chữ số."),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("Hai lần nhập mật khẩu không khớp."))
        return data
