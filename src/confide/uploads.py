"""Request bodies are limited while they stream in, never after they are read whole.

The forms check that a document is at most 10 MB, but only once Django has parsed the whole
request: an anonymous 60 MB post to the public form was read (and spooled to disk) before the
check. Here a declared length over the limit is refused at once (413) before any byte is read,
and a body that arrives without a length (chunked) is cut off as soon as it passes the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse

DOCUMENT_LIMIT_BYTES = 10 * 1024 * 1024
# A document at the limit plus the form's other fields and the multipart framing.
REQUEST_LIMIT_BYTES = DOCUMENT_LIMIT_BYTES + 512 * 1024
TOO_LARGE = "The upload is too large: a document may be at most 10 MB."


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return None


class RequestSizeLimitMiddleware:
    """413 for a request whose declared body is over the limit, before reading any of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length is None:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if length > REQUEST_LIMIT_BYTES:
            response = HttpResponse(TOO_LARGE, status=413, content_type="text/plain")
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Counts every uploaded byte of a request and stops the upload past the limit, so a body
    without a declared length cannot grow without bound either."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > REQUEST_LIMIT_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
