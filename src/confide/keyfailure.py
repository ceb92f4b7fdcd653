"""A value that cannot be decrypted is a server error, said plainly: never "not found".

`KeyRingError` is not a ValueError, so no access function turns it into a 404 on the way
(they catch ValueError for malformed ids). This middleware sees it leave the view, logs it
with the key id and writes an audit event, then lets Django answer 500 and log the traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from confide.crypto import DecryptionError, KeyRingError

logger = logging.getLogger("confide.crypto")


class KeyFailureMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if not isinstance(exception, KeyRingError):
            return None
        key_id = exception.key_id if isinstance(exception, DecryptionError) else ""
        key_id = key_id or getattr(exception, "key_id", "")
        logger.error(
            "decryption failed under data key %s on %s %s: %s",
            key_id or "(unknown)",
            request.method,
            request.path,
            exception,
        )
        try:
            from confide.audit.log import record

            record(
                actor=getattr(request, "user", None),
                action="key_failure",
                target_type="confide.keyring",
                target_id=key_id,
                summary=f"Decryption failed under data key {key_id or '(unknown)'}: "
                f"{request.method} {request.path}"[:300],
                request=request,
            )
        except Exception:  # the audit write must not hide the original failure
            logger.exception("could not record the key failure in the audit trail")
        return None
