"""The admin as one more client of the services (CONVENTIONS "The admin").

``ServiceAdmin`` is the base of every ModelAdmin of the project:

- every field is read-only except the few an admin names in ``editable_fields`` (change form) and
  ``add_fields`` (add form; ``None`` means rows only a service creates: no add form at all);
- saving goes through ``save_via_service`` (each admin calls its app's service), never ``obj.save()``;
  deleting only where an admin sets ``deletable`` and implements ``delete_via_service``;
- a service's refusal (``PolicyError``) rolls the whole change back and is shown as a message;
- changes the policy governs are ``service_pages`` (a form and one service call, like the request's
  *decide* page) or actions with ``permissions=["service"]``;
- history pages show the past and never save (a POST is refused), whatever the person's permissions;
- inlines are read-only unless they name a service (``ServiceInline``);
- append-only logs (e-mails, domain events, a case's timeline) use ``LogAdmin``: read only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .exceptions import PolicyError
from .models import AccessLog, DataExport, DomainEvent, OutboundEmail, RetentionTrace


@dataclass(frozen=True)
class ServicePage:
    """A small admin page: a form whose valid data goes to one service.

    The admin implements ``page_<name>(request, obj, data) -> str`` (the success message) and may
    implement ``page_<name>_available(obj) -> bool`` (whether the page is offered now) and
    ``page_<name>_context(obj) -> dict`` (what the page shows above the form).
    """

    name: str
    label: str
    form_class: type[forms.Form]
    template: str = "admin/service_page.html"
    submit: str = gettext_lazy("Save")


def _model_field_names(model) -> list[str]:
    opts = model._meta
    return [f.name for f in (*opts.fields, *opts.many_to_many) if not f.primary_key]


class HistoryWording(HistoricalRecordContextHelper):
    """An empty value in a history row reads "—", not "None" or simple-history's "Deleted user (pk=None)"; a
    choice reads as its label in the reader's language ("Accepté"), not as the value stored ("accepted")."""

    def prepare_delta_change_value(self, change, value):
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        choices = dict(getattr(self.model._meta.get_field(change.field), "flatchoices", None) or ())
        if choices and isinstance(value, str | int) and value in choices:
            return choices[value]
        return super().prepare_delta_change_value(change, value)


class ServiceAdmin(SimpleHistoryAdmin):
    editable_fields: tuple[str, ...] = ()
    add_fields: tuple[str, ...] | None = None
    deletable: bool = False
    service_pages: tuple[ServicePage, ...] = ()
    change_form_template = "admin/service_change_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryWording(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        """A record kept as it was received (the video tool's reports, the log of who opened what) has no
        history of its own: its "History" is Django's log of what was done to it in the admin, not a crash."""
        if hasattr(self.model._meta, "simple_history_manager_attribute"):
            return super().history_view(request, object_id, extra_context)
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    @property
    def object_history_template(self):
        tracked = hasattr(self.model._meta, "simple_history_manager_attribute")
        return SimpleHistoryAdmin.object_history_template if tracked else None

    # --- What can be changed ------------------------------------------------------------------------

    def may_change(self, request, obj) -> bool:
        """Whether this record can still change at all (False for final records: a sent letter…)."""
        return True

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            open_fields = set(self.add_fields or ())
        elif self.may_change(request, obj):
            open_fields = set(self.editable_fields)
        else:
            open_fields = set()
        declared = list(super().get_readonly_fields(request, obj))
        hidden = set(self.exclude or ())
        return declared + [
            name
            for name in _model_field_names(self.model)
            if name not in open_fields and name not in declared and name not in hidden
        ]

    def has_add_permission(self, request) -> bool:
        return self.add_fields is not None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if not self.editable_fields or (obj is not None and not self.may_change(request, obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)

    def has_service_permission(self, request, obj=None) -> bool:
        """Actions and service pages: the role's change permission on the model (the service decides)."""
        return super().has_change_permission(request, obj)

    # --- Writes go to the services ------------------------------------------------------------------

    def save_via_service(self, request, obj, form, change) -> None:
        raise PermissionDenied("This record changes only through its service.")

    def delete_via_service(self, request, obj) -> None:
        raise PermissionDenied("This record is never deleted.")

    def save_model(self, request, obj, form, change):
        self.save_via_service(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields are saved by the services; inlines by their own services.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        self.delete_via_service(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_via_service(request, obj)

    def save_formset(self, request, form, formset, change):
        inline = next(
            (i for i in self.get_inline_instances(request, form.instance) if i.model is formset.model), None
        )
        if inline is None:
            return
        for obj in formset.save(commit=False):
            inline.save_via_service(request, obj, parent=form.instance)
        for obj in formset.deleted_objects:
            inline.delete_via_service(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A service's refusal rolls back the whole change (Django wraps this view in a transaction) and
        is shown as it is; nothing is said to be saved."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PolicyError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- History never saves ------------------------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("The history shows the past; it never changes a record.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    # --- Service pages ------------------------------------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        pages = [
            path(
                f"<path:object_id>/{page.name}/",
                self.admin_site.admin_view(self._service_page_view),
                {"page_name": page.name},
                name="{}_{}_{}".format(*info, page.name),
            )
            for page in self.service_pages
        ]
        return pages + super().get_urls()

    def _page(self, name: str) -> ServicePage:
        return next(page for page in self.service_pages if page.name == name)

    def page_available(self, page: ServicePage, obj) -> bool:
        check = getattr(self, f"page_{page.name}_available", None)
        return check(obj) if check else True

    def service_links(self, request, obj) -> list[tuple[str, str]]:
        if obj is None or not self.has_service_permission(request, obj):
            return []
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            (page.label, reverse("admin:{}_{}_{}".format(*info, page.name), args=[obj.pk]))
            for page in self.service_pages
            if self.page_available(page, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["service_links"] = self.service_links(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _service_page_view(self, request, object_id, page_name):
        page = self._page(page_name)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_service_permission(request, obj) or not self.page_available(page, obj):
            raise PermissionDenied
        form = page.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    message = getattr(self, f"page_{page.name}")(request, obj, form.cleaned_data)
            except PolicyError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, message, messages.SUCCESS)
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        extra = getattr(self, f"page_{page.name}_context", None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(page)s: %(record)s") % {"page": page.label, "record": obj},
            "obj": obj,
            "original": obj,
            "form": form,
            "page": page,
            "opts": self.model._meta,
            **(extra(obj) if extra else {}),
        }
        return TemplateResponse(request, page.template, context)


class ReadOnlyInline(admin.TabularInline):
    """An inline that shows related rows; they change through their own services."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return _model_field_names(self.model)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ServiceInline(admin.TabularInline):
    """An inline whose rows are saved by a service: ``save_via_service(request, obj, parent=…)``."""

    extra = 0
    can_delete = False
    editable_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        fk = self.fk_name or next(
            f.name for f in self.model._meta.fields if f.is_relation and f.related_model is self.parent_model
        )
        return [n for n in _model_field_names(self.model) if n not in self.editable_fields and n != fk]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_via_service(self, request, obj, *, parent) -> None:
        raise PermissionDenied("These rows change only through their service.")

    def delete_via_service(self, request, obj) -> None:
        raise PermissionDenied("These rows are never deleted.")


class LogAdmin(admin.ModelAdmin):
    """Append-only logs (e-mails, domain events, a case's timeline): read, never written here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(LogAdmin):
    """Who opened what about a student, when and from which page: read-only, append-only."""

    list_display = ["viewed_at", "viewer", "what", "student", "page"]
    list_filter = ["what", "viewed_at"]
    search_fields = ["student__email", "student__last_name", "viewer__email", "viewer__last_name"]
    list_select_related = ["viewer", "student"]
    date_hierarchy = "viewed_at"


@admin.register(OutboundEmail)
class OutboundEmailAdmin(LogAdmin):
    list_display = ["subject", "recipients", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["key", "subject", "to"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("to"))
    def recipients(self, obj: OutboundEmail) -> str:
        return ", ".join(obj.to)

    def get_fields(self, request, obj: OutboundEmail | None = None):
        """The text of an e-mail that holds a sign-in link is not shown (issue 17)."""
        fields = super().get_fields(request, obj)
        return [name for name in fields if name != "body"] if obj is not None and obj.holds_link else fields


@admin.register(DomainEvent)
class DomainEventAdmin(LogAdmin):
    list_display = ["name", "created_at", "dispatched_at", "attempts"]
    list_filter = ["name", ("dispatched_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"


@admin.register(DataExport)
class DataExportAdmin(LogAdmin):
    """Students' copies of their data (GDPR arts. 15, 20): when each was asked for, built, until when it could
    be downloaded and when it was deleted. Read-only; the ZIP itself is for the student alone (not shown)."""

    list_display = ["requested_at", "student", "built_at", "expires_at", "size", "deleted_at"]
    list_filter = [("built_at", admin.EmptyFieldListFilter), ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["student__email", "student__last_name"]
    list_select_related = ["student"]
    date_hierarchy = "requested_at"
    exclude = ["file"]


@admin.register(RetentionTrace)
class RetentionTraceAdmin(LogAdmin):
    """What the retention schedule deleted or anonymised on each run, per record type: how many, how old,
    which ids, how many were held — never the content. Read-only: written by ``retention_apply`` alone."""

    list_display = ["ran_at", "record_type", "action", "count", "held", "oldest", "newest", "cutoff"]
    list_filter = ["record_type", "action", "ran_at"]
    date_hierarchy = "ran_at"
