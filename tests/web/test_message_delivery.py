"""Email to a client is sent after its record commits: a rolled-back record sends nothing,
and a failed send keeps the record, says so, and is tried again."""

from __future__ import annotations

import datetime as dt
import io
import smtplib
from collections.abc import Sequence
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.audit.verify import verify_chain
from confide.disclosures.actions import deliver_message, retry_undelivered, send_to_client
from confide.disclosures.models import SentMessage
from confide.disclosures.vocabulary import Delivery
from confide.practice.models import Client, ContactPoint
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db(transaction=True)
REFUSING = "tests.web.test_message_delivery.RefusingBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class Boom(Exception):
    pass


def _emailable(rivera: User) -> Client:
    sarah = make_client(rivera)
    ContactPoint.objects.create(client=sarah, kind="email", value="s@example.com", may_email=True)
    return sarah


def _actions(kind: str) -> int:
    return AuditEvent.objects.filter(action=kind).count()


def test_a_rolled_back_record_never_sends() -> None:
    rivera = make_user("rivera")
    sarah = _emailable(rivera)
    mail.outbox = []
    with pytest.raises(Boom), transaction.atomic():
        send_to_client(sarah, "portal_message", acting_user=rivera)
        assert mail.outbox == []  # not inside the transaction
        raise Boom
    assert mail.outbox == []
    assert SentMessage.objects.count() == 0 and _actions("message_sent") == 0


def test_a_committed_email_is_sent_and_recorded_as_delivered() -> None:
    rivera = make_user("rivera")
    sent = send_to_client(_emailable(rivera), "portal_message", acting_user=rivera)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["s@example.com"]
    assert (sent.delivery, sent.attempts, sent.last_error) == (Delivery.DELIVERED, 1, "")
    assert _actions("message_sent") == 1 and _actions("message_delivered") == 1


def test_a_text_is_left_for_staff_and_sends_no_email() -> None:
    rivera = make_user("rivera")
    sarah = make_client(rivera)
    ContactPoint.objects.create(client=sarah, kind="phone", value="1", may_text=True)
    sent = send_to_client(sarah, "appointment_reminder", acting_user=rivera)
    assert sent.delivery == Delivery.BY_STAFF and mail.outbox == []
    assert retry_undelivered() == []


def test_a_failed_send_keeps_the_record_and_is_retried() -> None:
    rivera = make_user("rivera")
    sarah = _emailable(rivera)
    with override_settings(EMAIL_BACKEND=REFUSING):
        sent = send_to_client(sarah, "portal_message", acting_user=rivera)
    assert SentMessage.objects.filter(pk=sent.pk).exists()
    assert sent.delivery == Delivery.FAILED and sent.attempts == 1
    assert "SMTPServerDisconnected" in sent.last_error
    assert _actions("message_sent") == 1 and _actions("message_failed") == 1
    with override_settings(EMAIL_BACKEND=REFUSING):
        assert retry_undelivered() == [sent.pk]
    sent.refresh_from_db()
    assert (sent.delivery, sent.attempts) == (Delivery.FAILED, 2)
    out = io.StringIO()
    call_command("messages", "retry", stdout=out)
    assert "1 tried, 1 sent, 0 still failing" in out.getvalue()
    sent.refresh_from_db()
    assert (sent.delivery, sent.attempts, sent.last_error) == (Delivery.DELIVERED, 3, "")
    assert len(mail.outbox) == 1 and _actions("message_delivered") == 1
    assert retry_undelivered() == []  # delivered messages are never sent twice
    assert verify_chain().ok


def test_a_retry_never_sends_where_the_client_withdrew_email() -> None:
    rivera = make_user("rivera")
    sarah = _emailable(rivera)
    with override_settings(EMAIL_BACKEND=REFUSING):
        sent = send_to_client(sarah, "portal_message", acting_user=rivera)
    ContactPoint.objects.filter(client=sarah).update(may_email=False)
    deliver_message(sent.pk)
    sent.refresh_from_db()
    assert sent.delivery == Delivery.FAILED and "no longer allows" in sent.last_error
    assert mail.outbox == []


def test_a_pending_email_lost_in_a_crash_is_retried_once_stale() -> None:
    rivera = make_user("rivera")
    sarah = _emailable(rivera)
    point = ContactPoint.objects.get(client=sarah)
    lost = SentMessage.objects.create(
        client=sarah,
        contact_point=point,
        channel="email",
        message_kind="portal_message",
        body="You have a new message in your account.",
        discreet=True,
        delivery=Delivery.PENDING,
    )
    assert retry_undelivered() == []  # it may still be on its way
    later = timezone.now() + dt.timedelta(minutes=6)
    assert retry_undelivered(now=later) == [lost.pk]
    assert len(mail.outbox) == 1


def test_the_reminder_page_says_when_the_email_could_not_be_sent() -> None:
    from tests.web.test_disclosures_rules import grant

    rivera = make_user("rivera")
    sarah = _emailable(rivera)
    make_case(rivera, sarah)
    auth = grant(rivera, sarah)
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("disclosures:authorization_remind", args=[auth.pk])
    with override_settings(EMAIL_BACKEND=REFUSING):
        page = http.post(url, follow=True)
    assert b"could not be sent" in page.content and b"tried again" in page.content
    assert SentMessage.objects.get().delivery == Delivery.FAILED


def test_the_sender_sees_a_failed_email_on_the_dashboard_until_it_goes() -> None:
    from confide.practice.attention import items_for

    rivera = make_user("rivera")
    sarah = _emailable(rivera)
    make_case(rivera, sarah)
    other = make_user("chen")
    with override_settings(EMAIL_BACKEND=REFUSING):
        send_to_client(sarah, "portal_message", acting_user=rivera)
    waiting = [i for i in items_for(rivera) if "could not be sent" in i.text]
    assert len(waiting) == 1 and waiting[0].client_ids == (sarah.pk,)
    assert not [i for i in items_for(other) if "could not be sent" in i.text]
    retry_undelivered()
    assert not [i for i in items_for(rivera) if "could not be sent" in i.text]
