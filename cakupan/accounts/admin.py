from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from cakupan.accounts.forms import AuditedPasswordChangeForm, RoleAssignmentForm
from cakupan.accounts.models import ApiToken, Office, RoleAssignment
from cakupan.accounts.services import role_assign, role_revoke
from cakupan.accounts.tokens import token_revoke


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    extra = 1
    # Found by name or code as one types: a list of the 91,600 regions would take a minute to load.
    autocomplete_fields = ("region",)
    fields = ("role", "region", "office")


class CakupanUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "first_name", "email", "is_active", "is_staff", "last_login")
    change_password_form = AuditedPasswordChangeForm

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Roles are stored by `role_assign`, as everywhere else: a national role gets the national scope,
        and a national administrator becomes a superuser. An edited row is the old role revoked and the
        new one assigned."""
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        with transaction.atomic():
            assignments = formset.save(commit=False)
            for gone in formset.deleted_objects:
                role_revoke(assignment=gone)
            for assignment in assignments:
                if assignment.pk is not None:
                    role_revoke(assignment=RoleAssignment.objects.get(pk=assignment.pk))
                role_assign(
                    user=form.instance,
                    role=assignment.role,
                    region=assignment.region,
                    office=assignment.office,
                )


admin.site.unregister(User)
admin.site.register(User, CakupanUserAdmin)


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
    # Found by name or code as one types: a list of the 91,600 regions would take a minute to load.
    autocomplete_fields = ("regions",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners (account page, `cakupan user token`); here: read, revoke."""

    list_display = (
        "name",
        "user",
        "role",
        "key_id",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("role",)
    search_fields = ("name", "user__username", "key_id")
    readonly_fields = (
        "user",
        "name",
        "key_id",
        "role",
        "regions",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(token=token)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
