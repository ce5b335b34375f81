"""Username/password log-in with lock-out after repeated failures."""

from django.contrib.auth.backends import ModelBackend

from edesk.accounts import services
from edesk.accounts.models import User


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        user = User.objects.filter(username=username.strip().lower()).first()
        if user is None:
            # Hash anyway so response time does not reveal which usernames exist.
            User().set_password(password)
            return None
        services.check_not_locked(user)
        if user.check_password(password) and self.user_can_authenticate(user):
            services.login_succeeded(user)
            return user
        services.login_failed(user)
        return None
