"""What the navigation may offer the signed-in person, from the posts loaded once per request."""

from edesk.accounts.context import actor_for
from edesk.accounts.roles import Perm


def nav(request) -> dict:
    """Flags for the menu. actor_for caches on the user object, so the page's own permission checks
    and this processor share one membership query; anonymous pages run none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    actor = actor_for(user)
    return {
        "nav": {
            "register": bool(actor.agencies_with(Perm.INCOMING_REGISTER)),
            "secret_register": bool(actor.agencies_with(Perm.INCOMING_VIEW_SECRET)),
            "admin": actor.is_system_admin or bool(actor.agencies_with(Perm.ORG_ADMIN)),
            "audit": actor.is_system_admin or bool(actor.agencies_with(Perm.AUDIT_VIEW)),
        }
    }
