"""Forms of the organisation pages. They validate shapes; the rules (code pattern, uniqueness, who
may do what) live in orgs.services, whose UserError the view puts back on the field it names."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from edesk.orgs.models import Organization


class OrgChoiceField(forms.ModelChoiceField):
    """An organisation picked by public id, shown indented under its parent."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, to_field_name="public_id", **kwargs)
        self.top_depth = 0

    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * max(obj.depth - self.top_depth, 0) + obj.name


def org_choices(field: OrgChoiceField, queryset) -> None:
    """Point `field` at `queryset` (tree order), indenting from its shallowest node."""
    field.queryset = queryset.order_by("path")
    field.top_depth = min(queryset.values_list("depth", flat=True), default=0)


class OrgForm(forms.Form):
    name = forms.CharField(label=_("Tên cơ quan, đơn vị"), max_length=200)
    short_name = forms.CharField(
        label=_("Tên viết tắt"), max_length=30, help_text=_("Dùng trong ký hiệu văn bản: UBND, STC, VP.")
    )
    code = forms.CharField(
        label=_("Mã định danh"),
        max_length=13,
        required=False,
        help_text=_("Theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.00.H57. Đơn vị không có mã thì để trống."),
    )
    active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)

    def __init__(self, *args, agency_fields_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # An agency admin may rename their agency but not change its code or close it; disabled
        # fields keep their initial value whatever the browser sends.
        if agency_fields_locked:
            for name in ("code", "active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Chỉ quản trị hệ thống được thay đổi.")

    def clean_code(self) -> str | None:
        return self.cleaned_data["code"].strip().upper() or None


class OrgCreateForm(OrgForm):
    is_agency = forms.BooleanField(
        label=_("Là cơ quan (có con dấu, văn thư và sổ văn bản riêng)"), required=False
    )

    def __init__(self, *args, allow_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["active"]
        if not allow_agency:
            del self.fields["is_agency"]


class PeopleFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("Tất cả")), ("active", _("Đang hoạt động")), ("inactive", _("Đã khóa"))]

    q = forms.CharField(label=_("Tìm theo tên hoặc tên đăng nhập"), required=False, max_length=100)
    org = OrgChoiceField(Organization.objects.none(), label=_("Cơ quan, đơn vị"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái tài khoản"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        org_field = cast(OrgChoiceField, self.fields["org"])
        org_choices(org_field, orgs)
        org_field.empty_label = _("Tất cả")
