from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from cakupan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("token/<int:pk>/cabut/", views.token_revoke_view, name="token-revoke"),
]
