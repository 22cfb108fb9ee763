"""People and their roles, through ``accounts.services``: created with an invitation, changed by
``user_update``, closed rather than deleted. Passwords are each person's own (no one sets another's)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from openclassrooms.core.admin import ServiceAdmin

from . import services
from .models import User
from .roles import Role


def role_label(group) -> str:
    """A role as people read it ("Student Success"), not its group's code name ("student_success")."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


class RoleFilter(admin.SimpleListFilter):
    title = gettext_lazy("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() in Role.values else queryset


class InviteForm(forms.ModelForm):
    """A new account: no password here — the person chooses one from the invitation e-mail, written in the
    language chosen here (the school's when none is)."""

    language = forms.ChoiceField(
        choices=[("", gettext_lazy("The school's language")), *settings.LANGUAGES],
        required=False,
        label=gettext_lazy("Language"),
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "language", "groups"]


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "roles", "is_active", "invited_at", "last_login"]
    list_filter = [RoleFilter, "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email",)}),
        (
            gettext_lazy("Person"),
            {"fields": ("first_name", "last_name", "phone", "postal_address", "time_zone", "language")},
        ),
        (gettext_lazy("Roles"), {"fields": ("groups", "is_active", "is_staff", "is_superuser")}),
        (gettext_lazy("Dates"), {"fields": ("invited_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "language", "groups")}),
    )
    add_fields = ("email", "first_name", "last_name", "language", "groups")
    add_form = InviteForm
    editable_fields = (
        "first_name",
        "last_name",
        "phone",
        "postal_address",
        "time_zone",
        "language",
        "is_active",
        "groups",
    )
    filter_horizontal = ["groups"]
    actions = ["send_invitation"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label, field.label_from_instance = _("Roles"), role_label
        return field

    @admin.display(description=gettext_lazy("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(role_label(g) for g in obj.groups.all()))

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("Each person sets their own password, from the invitation or a reset e-mail.")

    def save_via_service(self, request, obj, form, change):
        roles = {group.name for group in form.cleaned_data["groups"]}
        if not change:
            user = services.user_create(
                email=obj.email,
                first_name=obj.first_name,
                last_name=obj.last_name,
                roles=roles,
                language=form.cleaned_data.get("language") or None,
            )
            obj.pk = user.pk
            self.message_user(
                request,
                _("An invitation e-mail is on its way to %(email)s.") % {"email": user.email},
                messages.SUCCESS,
            )
            return
        services.user_update(
            user=obj,
            by=request.user,
            first_name=obj.first_name,
            last_name=obj.last_name,
            phone=obj.phone,
            time_zone=obj.time_zone,
            language=obj.language,
            is_active=obj.is_active,
            roles=roles,
            postal_address=obj.postal_address,
        )

    @admin.action(description=gettext_lazy("Send the invitation e-mail (once)"), permissions=["service"])
    def send_invitation(self, request, queryset):
        sent = sum(services.user_invite(user_id=pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)s invitation sent; people already invited were skipped.",
                "%(count)s invitations sent; people already invited were skipped.",
                sent,
            )
            % {"count": sent},
        )
