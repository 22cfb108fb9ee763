from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "roles", "is_active", "invited_at", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["invited_at", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "phone", "time_zone")}),
        ("Roles", {"fields": ("groups", "is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("invited_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "groups")}),
    )
    filter_horizontal = ["groups"]
    actions = ["send_invitation"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(g.name.replace("_", " ") for g in obj.groups.all()))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()  # the person chooses one from the invitation
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        services.user_set_roles(user=user, roles=set(user.groups.values_list("name", flat=True)))
        if not change:
            services.user_invite(user_id=user.pk)
            self.message_user(
                request, f"An invitation e-mail is on its way to {user.email}.", messages.SUCCESS
            )

    @admin.action(description="Send the invitation e-mail (once)")
    def send_invitation(self, request, queryset):
        sent = sum(services.user_invite(user_id=pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(request, f"{sent} invitation(s) sent; people already invited were skipped.")
