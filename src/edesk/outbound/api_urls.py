"""REST API v1 routes of outgoing documents. Document ids may be the database id or the public UUID."""

from django.urls import path

from edesk.outbound.api import views

app_name = "outbound_api"
_ID = "outgoing/<str:outgoing_id>/"
urlpatterns = [
    path("outgoing/", views.OutgoingCollectionView.as_view(), name="outgoing-list"),
    # Before the document routes: "sign-batch" would otherwise be read as a document id.
    path("outgoing/sign-batch/", views.SignBatchView.as_view(), name="outgoing-sign-batch"),
    path(_ID, views.OutgoingDetailView.as_view(), name="outgoing-detail"),
    path(f"{_ID}versions/", views.VersionsView.as_view(), name="outgoing-versions"),
    path(f"{_ID}versions/<int:number>/file/", views.VersionFileView.as_view(), name="outgoing-version-file"),
    path(f"{_ID}appendices/", views.AppendicesView.as_view(), name="outgoing-appendices"),
    path(f"{_ID}files/<int:attachment_id>/", views.OutgoingFileView.as_view(), name="outgoing-file"),
    path(f"{_ID}submit/", views.SubmitView.as_view(), name="outgoing-submit"),
    path(f"{_ID}approve/", views.ApproveView.as_view(), name="outgoing-approve"),
    path(f"{_ID}return/", views.ReturnView.as_view(), name="outgoing-return"),
    path(f"{_ID}sign/", views.SignView.as_view(), name="outgoing-sign"),
    path(f"{_ID}sign/prepare/", views.SignPrepareView.as_view(), name="outgoing-sign-prepare"),
    path(f"{_ID}sign/complete/", views.SignCompleteView.as_view(), name="outgoing-sign-complete"),
    path(f"{_ID}number/", views.NumberView.as_view(), name="outgoing-number"),
    path(f"{_ID}issue/", views.IssueView.as_view(), name="outgoing-issue"),
    path(f"{_ID}recall/", views.RecallView.as_view(), name="outgoing-recall"),
]
