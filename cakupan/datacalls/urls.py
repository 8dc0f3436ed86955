from __future__ import annotations

from django.urls import path

from cakupan.datacalls import views

app_name = "datacalls"
urlpatterns = [
    path("", views.data_call_list, name="list"),
    path("rapat/<int:meeting>/baru/", views.data_call_create, name="create"),
    path("<int:pk>/", views.data_call_detail, name="detail"),
    path("<int:pk>/terima/", views.data_call_accept, name="accept"),
]
