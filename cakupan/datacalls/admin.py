"""Data calls in the admin, for national administrators: to read them. They are made and accepted on
their pages and through the API (audited); the admin changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cakupan.datacalls.models import DataCall, DataCallAcceptance


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataCall)
class DataCallAdmin(ReadOnly):
    list_display = ("id", "region", "meeting", "due_on", "created_by", "created_at")
    list_filter = ("due_on",)


@admin.register(DataCallAcceptance)
class DataCallAcceptanceAdmin(ReadOnly):
    list_display = ("data_call", "region", "dataset", "period", "accepted_by", "accepted_at")
