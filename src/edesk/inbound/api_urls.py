"""REST API v1 routes of incoming documents. Document and assignment ids may be the database id or
the public UUID."""

from django.urls import path

from edesk.inbound.api import received, views

app_name = "inbound_api"
urlpatterns = [
    path("incoming/", views.IncomingCollectionView.as_view(), name="incoming-list"),
    path("incoming/<str:incoming_id>/", views.IncomingDetailView.as_view(), name="incoming-detail"),
    path("incoming/<str:incoming_id>/present/", views.IncomingPresentView.as_view(), name="incoming-present"),
    path("incoming/<str:incoming_id>/direct/", views.IncomingDirectView.as_view(), name="incoming-direct"),
    path(
        "incoming/<str:incoming_id>/reassign/", views.IncomingReassignView.as_view(), name="incoming-reassign"
    ),
    path("incoming/<str:incoming_id>/return/", views.IncomingReturnView.as_view(), name="incoming-return"),
    path(
        "incoming/<str:incoming_id>/attachments/<int:attachment_id>/",
        views.AttachmentFileView.as_view(),
        name="incoming-attachment",
    ),
    path(
        "incoming/<str:incoming_id>/note-files/<int:file_id>/",
        views.NoteFileView.as_view(),
        name="incoming-note-file",
    ),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment-list"),
    path(
        "assignments/<str:assignment_id>/delegate/",
        views.AssignmentDelegateView.as_view(),
        name="assignment-delegate",
    ),
    path(
        "assignments/<str:assignment_id>/progress/",
        views.AssignmentProgressView.as_view(),
        name="assignment-progress",
    ),
    path(
        "assignments/<str:assignment_id>/complete/",
        views.AssignmentCompleteView.as_view(),
        name="assignment-complete",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("received/", received.ReceivedCollectionView.as_view(), name="received-list"),
    path("received/<str:received_id>/", received.ReceivedDetailView.as_view(), name="received-detail"),
    path(
        "received/<str:received_id>/register/",
        received.ReceivedRegisterView.as_view(),
        name="received-register",
    ),
    path(
        "received/<str:received_id>/files/<int:attachment_id>/",
        received.ReceivedFileView.as_view(),
        name="received-file",
    ),
]
