from django.urls import path

from enlace.accounts import views_auth

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views_auth.login_view, name="login"),
    path("login/totp/", views_auth.login_totp_view, name="login_totp"),
    path("logout/", views_auth.logout_view, name="logout"),
    path("account/password/", views_auth.password_change_view, name="password_change"),
    path("account/totp/", views_auth.totp_setup_view, name="totp_setup"),
]
