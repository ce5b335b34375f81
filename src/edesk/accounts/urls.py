from django.urls import path

from edesk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("ca-nhan/", views.profile, name="profile"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("ma-api/", views.tokens, name="tokens"),
]
