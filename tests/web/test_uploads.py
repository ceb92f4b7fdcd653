"""Oversized bodies are refused while they stream in, not after they are read whole."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test import Client

from confide import uploads
from confide.disclosures.models import InformationRequest

pytestmark = pytest.mark.django_db
PUBLIC = "/disclosures/public/"


class _Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, _buffer: object) -> int:
        raise AssertionError("the body was read")


def test_a_declared_oversized_body_is_refused_before_it_is_read() -> None:
    http = Client()
    response = http.generic(
        "POST",
        PUBLIC,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        **{"wsgi.input": _Unreadable()},
    )
    assert response.status_code == 413
    assert b"10 MB" in response.content
    assert InformationRequest.objects.count() == 0


def test_a_bad_declared_length_is_a_bad_request() -> None:
    response = Client().generic("POST", PUBLIC, CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_a_body_without_a_length_is_cut_off_at_the_limit() -> None:
    handler = uploads.LimitedUploadHandler()
    chunk = b"x" * (1024 * 1024)
    for start in range(uploads.REQUEST_LIMIT_BYTES // len(chunk)):
        assert handler.receive_data_chunk(chunk, start * len(chunk)) == chunk
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(chunk, uploads.REQUEST_LIMIT_BYTES)


def test_a_document_under_the_limit_still_arrives_through_the_handlers() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.test_disclosures_flow import public_data

    pdf = b"%PDF-1.4 " + b"x" * (uploads.DOCUMENT_LIMIT_BYTES - 1024)
    data = public_data(legal_process="subpoena", legal_document=SimpleUploadedFile("s.pdf", pdf))
    assert Client().post(PUBLIC, data).status_code == 302
    assert InformationRequest.objects.get().legal_document.name.endswith(".pdf")
