"""`confide generate`: the short form the tests use, through the real models; note text sealed
in the database; one summarising audit event; the chain still verifies."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.audit.verify import verify_chain
from confide.operations.generated import USER_PREFIX
from confide.operations.generator import PHRASES
from confide.practice.models import Case, Client
from confide.records.models import Note, Segment

pytestmark = pytest.mark.django_db


def test_the_short_form_makes_what_it_says_with_one_audit_event() -> None:
    events = AuditEvent.objects.count()
    call_command("generate", "--clinicians", "4", "--clients", "50", "--notes", "500")
    assert User.objects.filter(username__startswith=USER_PREFIX).count() == 4
    assert Client.objects.count() == 50 and Case.objects.count() == 50
    assert Note.objects.count() == 500 and Segment.objects.count() == 1000
    added = AuditEvent.objects.filter(seq__gt=events)
    assert added.count() == 1
    assert added.get().detail["notes"] == 500
    assert verify_chain().ok
    # Every case has its clinician, and each clinician sees only their share.
    assert not Case.objects.filter(clinicians=None).exists()
    assert all(n.author in n.case.clinicians.all() for n in Note.objects.all()[:20])


def test_note_text_is_sealed_in_the_database() -> None:
    call_command("generate", "--clinicians", "1", "--clients", "3", "--notes", "10")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {Segment._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("enc1:") for value in stored)
    assert not any(phrase in value for phrase in PHRASES for value in stored)
    assert {s.text for s in Segment.objects.all()} <= set(PHRASES)


def test_a_second_generation_is_refused_and_changes_nothing() -> None:
    call_command("generate", "--clinicians", "1", "--clients", "2", "--notes", "4")
    before = (Client.objects.count(), Note.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError, match="already holds a generated practice"):
        call_command("generate", "--clinicians", "1", "--clients", "2", "--notes", "4")
    assert (Client.objects.count(), Note.objects.count(), AuditEvent.objects.count()) == before
