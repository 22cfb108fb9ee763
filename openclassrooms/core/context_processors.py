from .dashboards import dashboards_for


def roles(request) -> dict:
    """The dashboards the signed-in user may open, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_dashboards": []}
    return {"nav_dashboards": dashboards_for(user)}
