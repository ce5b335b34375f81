"""Pages of outgoing documents. Views live in views/: desk, drafts (the form), document (page,
files, comparison), actions (workflow forms), lists (register, print), chains (review chain
settings) and credentials (signing certificates)."""

from django.urls import path

from edesk.outbound.views import actions, batch, chains, credentials, desk, document, drafts, lists

app_name = "outbound"
urlpatterns = [
    path("", desk.desk, name="desk"),
    path("soan/", drafts.create, name="create"),
    path("ky-hang-loat/", batch.sign_batch, name="sign_batch"),
    path("so/", lists.register_list, name="register_list"),
    path("so/<int:register_id>/in.<str:fmt>", lists.register_print, name="register_print"),
    path("quy-trinh/", chains.chains, name="chains"),
    path("chu-ky-so/", credentials.credentials, name="credentials"),
    path("chu-ky-so/<uuid:credential_id>/anh.png", credentials.credential_image, name="credential_image"),
    path("<uuid:public_id>/", document.detail, name="detail"),
    path("<uuid:public_id>/sua/", drafts.edit, name="edit"),
    path("<uuid:public_id>/so-sanh/", document.compare, name="compare"),
    path("<uuid:public_id>/tep/<str:key>/", document.file, name="file"),
    path("<uuid:public_id>/tep/<str:key>/trang-<int:page>.png", document.page_preview, name="page_preview"),
    path("<uuid:public_id>/phien-ban/", actions.upload, name="upload"),
    path("<uuid:public_id>/trinh/", actions.submit, name="submit"),
    path("<uuid:public_id>/dong-y/", actions.approve, name="approve"),
    path("<uuid:public_id>/tra-lai/", actions.send_back, name="return"),
    path("<uuid:public_id>/ky/", actions.sign, name="sign"),
    path("<uuid:public_id>/ky-usb/", actions.sign_prepare, name="sign_prepare"),
    path("<uuid:public_id>/ky-usb/<uuid:pending_id>/", actions.sign_status, name="sign_status"),
    path("<uuid:public_id>/ky-usb/<uuid:pending_id>/chu-ky/", actions.sign_complete, name="sign_complete"),
    path("<uuid:public_id>/cap-so/", actions.number, name="number"),
    path("<uuid:public_id>/phat-hanh/", actions.issue, name="issue"),
    path("<uuid:public_id>/thu-hoi/", actions.recall, name="recall"),
]
