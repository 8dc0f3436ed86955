from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from cakupan.accounts import views

app_name = "accounts"

urlpatterns = [
    # Django's login view names the site after the host ("127.0.0.1:8101"): the product name instead.
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", extra_context={"site_name": settings.CAKUPAN_SITE_NAME}
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("token/<int:pk>/cabut/", views.token_revoke_view, name="token-revoke"),
    path("surel/", views.email_settings, name="email"),
    path("surel/kirim-ulang/", views.email_resend, name="email-resend"),
    path("surel/verifikasi/<str:token>/", views.email_verify_view, name="email-verify"),
]
