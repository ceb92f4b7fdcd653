"""The client's accounting shows what 45 CFR 164.528(b)(2) lists and nothing of a safety
step's working notes (issue 13 point 3).

A client who threatened someone reads, in the portal and on the printed copy, the date, the
recipient's name, the kinds of information and the purpose with its basis; never the
threatened person's phone number nor what the clinician told them.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.disclosures import accounting
from confide.disclosures.actions import record_release
from confide.disclosures.models import Release
from confide.incidents import actions as incident_actions
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db
PHONE = "(415) 555-0199"
NOTE = "Told Tom that Sam said he would stab him tonight after work; Tom will stay at his sister's."
NARRATIVE = "Said he would stab his neighbour Tom Reyes tonight."


@pytest.fixture
def rivera() -> User:
    user = make_user("rivera")
    practice_actions.ensure_practice(
        acting_user=user, name="Test practice", jurisdiction="US-CA", licence_types=["LMFT"]
    )
    return user


@pytest.fixture
def sam(rivera: User) -> Client:
    client = make_client(rivera, "Sam")
    make_case(rivera, client)
    portal = User(username="sam", role="client")
    portal.set_password("a long and unusual passphrase")
    portal.save()
    Client.objects.filter(pk=client.pk).update(portal_user=portal)
    client.refresh_from_db()
    return client


def warn_tom(rivera: User, sam: Client) -> Release:
    event = incident_actions.open_safety_event(
        acting_user=rivera,
        client=sam,
        case=None,
        concern="threat_to_identifiable_person",
        imminent=True,
        description=NARRATIVE,
        clinician_license="marriage_family_therapist",
    )
    step = event.steps.get(action="warn_threatened_person")
    step = incident_actions.complete_step(
        acting_user=rivera,
        step=step,
        note=NOTE,
        recipient="Tom Reyes",
        recipient_address=PHONE,
        categories=["general_progress"],
    )
    return Release.objects.get(pk=step.release_id)


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_the_client_entry_holds_exactly_the_rules_elements() -> None:
    names = [f.name for f in dataclasses.fields(accounting.ClientEntry)]
    assert names == [
        "date",
        "recipient",
        "recipient_address",
        "description",
        "purpose",
        "not_required_because",
    ]


def test_a_threat_warning_shows_without_the_phone_or_the_clinicians_words(
    rivera: User, sam: Client
) -> None:
    release = warn_tom(rivera, sam)
    assert PHONE in release.recipient_address and "stab" in release.description  # on file
    assert sam.portal_user is not None
    page = signed_in(sam.portal_user).get(reverse("disclosures:portal_accounting"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tom Reyes" in html
    assert timezone.localdate().isoformat() in html
    assert "General progress" in html
    assert "serious threat to someone&#x27;s health or safety" in html
    assert "164.512(j)" in html or "43.92" in html  # the basis, cited
    for secret in (PHONE, "555-0199", "stab", "sister", "Told Tom", NARRATIVE):
        assert secret not in html, secret
    # The printed copy a clinician hands the client is the same allow-listed copy.
    printed = signed_in(rivera).get(reverse("disclosures:accounting_print", args=[sam.pk]))
    text = printed.content.decode()
    assert printed.status_code == 200 and "Tom Reyes" in text
    assert PHONE not in text and "stab" not in text and "sister" not in text


def test_no_release_field_outside_the_allow_list_reaches_the_client(
    rivera: User, sam: Client
) -> None:
    release = record_release(
        acting_user=rivera,
        client=sam,
        recipient="Dr. Ana Park",
        recipient_address="200 Bayview Ave, San Francisco, CA",
        description="Free text a clinician typed: diagnosis details",
        purpose="Coordinating care",
        categories=["attendance"],
        basis=[{"rule": "us.hipaa.x", "citation": "45 CFR 164.506(c)"}],
        content="THE RELEASED CONTENT",
    )
    copy = accounting.client_copy([release])
    assert len(copy) == 1
    entry = copy[0]
    assert entry.recipient == "Dr. Ana Park"
    assert entry.recipient_address == "200 Bayview Ave, San Francisco, CA"  # if known: shown
    assert entry.description == "Attendance"
    assert entry.purpose == "Coordinating care (45 CFR 164.506(c))"
    rendered = " ".join(str(v) for v in dataclasses.astuple(entry))
    assert "diagnosis details" not in rendered and "RELEASED CONTENT" not in rendered
