"""Sign-in with an email address: found through its blind-index digest, never by SQL on the
address (it is sealed at rest; see `accounts.identity`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from confide.accounts.identity import email_digest, looks_like_email
from confide.accounts.models import User


class EmailBackend(ModelBackend):
    """Authenticate "name@example.org" + password against the active accounts with that
    address. Two accounts may share an address (a parent's, for two children's portals): the
    password decides, and if it opens more than one account, none is opened."""

    def authenticate(
        self,
        request: Any,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None or not looks_like_email(username):
            return None
        candidates = list(User.objects.filter(email_digest=email_digest(username)))
        if not candidates:
            User().set_password(password)  # same work as a wrong password (timing)
            return None
        opened = [
            user
            for user in candidates
            if user.check_password(password) and self.user_can_authenticate(user)
        ]
        return opened[0] if len(opened) == 1 else None
