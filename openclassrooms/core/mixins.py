from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin:
    """A page for one role: anonymous people are sent to sign in, people without the role get 403."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied("This page belongs to another role.")
        return super().dispatch(request, *args, **kwargs)
