"""Pages of incoming documents. Views live in views/: desk, lists (register, search, print),
registration, document (page, files) and actions (workflow forms)."""

from django.urls import path

from edesk.inbound.views import actions, desk, document, lists, received, registration

app_name = "inbound"
urlpatterns = [
    path("", desk.desk, name="desk"),
    path("vao-so/", registration.register_form, name="register"),
    path("so/", lists.register_list, name="register_list"),
    path("dien-tu/", received.inbox, name="received_list"),
    path("dien-tu/<uuid:public_id>/", received.detail, name="received_detail"),
    path("dien-tu/<uuid:public_id>/tep/<int:attachment_id>/", received.file, name="received_file"),
    path("so/in/<int:year>/<str:book>.<str:fmt>", lists.register_print, name="register_print"),
    path("tim-kiem/", lists.search, name="search"),
    path("<uuid:public_id>/", document.detail, name="detail"),
    path("<uuid:public_id>/tep/<int:attachment_id>/", document.attachment, name="attachment"),
    path(
        "<uuid:public_id>/tep/<int:attachment_id>/trang-<int:page>.png",
        document.page_preview,
        name="page_preview",
    ),
    path("<uuid:public_id>/ghi-chu/tep/<int:file_id>/", document.note_file, name="note_file"),
    path("<uuid:public_id>/trinh/", actions.present, name="present"),
    path("<uuid:public_id>/tra-lai/", actions.return_to_clerk, name="return"),
    path("<uuid:public_id>/chi-dao/", actions.direct, name="direct"),
    path("<uuid:public_id>/phan-cong-lai/", actions.reassign, name="reassign"),
    path("phan-viec/<uuid:public_id>/giao/", actions.delegate, name="delegate"),
    path("phan-viec/<uuid:public_id>/tien-do/", actions.progress, name="progress"),
    path("phan-viec/<uuid:public_id>/hoan-thanh/", actions.complete, name="complete"),
]
