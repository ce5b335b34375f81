from django.urls import path

from edesk.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("co-quan/them/", views.org_create, name="org_create"),
    path("co-quan/<uuid:public_id>/", views.org_detail, name="org_detail"),
    path("nguoi-dung/", views.people, name="people"),
    path("nguoi-dung/them/", views.person_create, name="person_create"),
    path("nguoi-dung/<uuid:public_id>/", views.person_detail, name="person_detail"),
]
