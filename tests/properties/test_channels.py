"""Confidential communications: a message never goes through a channel the client did not
allow, whatever the combination of contact points and permissions (45 CFR 164.522(b))."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.disclosures.actions import send_to_client
from confide.disclosures.channels import ChannelRefused
from confide.disclosures.models import SentMessage
from confide.disclosures.routes import CHANNELS, KIND, PERMISSION, PointFacts, choose_route
from confide.practice.models import ContactPoint
from tests.web.test_practice_records import make_client, make_user

points = st.builds(
    PointFacts,
    id=st.integers(1, 10_000),
    kind=st.sampled_from(["phone", "email", "postal"]),
    may_call=st.booleans(),
    may_leave_voicemail=st.booleans(),
    may_text=st.booleans(),
    may_email=st.booleans(),
    may_mail=st.booleans(),
    discreet=st.booleans(),
    preferred=st.booleans(),
)
channels = st.one_of(st.none(), st.sampled_from([*CHANNELS, "fax", "pigeon"]))


@given(st.lists(points, max_size=6, unique_by=lambda p: p.id), channels)
def test_a_route_is_always_one_the_client_allowed(
    found: list[PointFacts], channel: str | None
) -> None:
    route = choose_route(found, channel)
    allowed = [(p.id, c) for p in found for c in CHANNELS if p.allows(c)]
    if route is None:
        assert not [a for a in allowed if channel is None or a[1] == channel]
        return
    point = next(p for p in found if p.id == route.point_id)
    assert getattr(point, PERMISSION[route.channel]) is True
    assert point.kind == KIND[route.channel]
    assert channel is None or route.channel == channel
    assert route.discreet == point.discreet


@given(st.lists(points, max_size=6, unique_by=lambda p: p.id))
def test_with_nothing_allowed_nothing_is_chosen(found: list[PointFacts]) -> None:
    silenced = [PointFacts(p.id, p.kind, discreet=p.discreet, preferred=p.preferred) for p in found]
    assert all(choose_route(silenced, c) is None for c in (None, *CHANNELS))


flags = st.fixed_dictionaries(
    {name: st.booleans() for name in PERMISSION.values()} | {"discreet": st.booleans()}
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    phone=flags,
    email=flags,
    channel=st.one_of(st.none(), st.sampled_from(CHANNELS)),
)
def test_send_to_client_never_uses_a_forbidden_channel(
    phone: dict[str, bool], email: dict[str, bool], channel: str | None
) -> None:
    SentMessage.objects.all().delete()
    ContactPoint.objects.all().delete()
    mail.outbox = []
    user = make_user_once()
    client = make_client(user)
    ContactPoint.objects.create(client=client, kind="phone", value="(415) 555-0142", **phone)
    ContactPoint.objects.create(client=client, kind="email", value="s@example.com", **email)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):  # email goes after the commit
            sent = send_to_client(
                client, "appointment_reminder", channel=channel, context={"when": "Monday 9:00"}
            )
    except ChannelRefused:
        assert SentMessage.objects.count() == 0 and mail.outbox == []
        return
    point = sent.contact_point
    assert getattr(point, PERMISSION[sent.channel]) is True
    assert point.kind == KIND[sent.channel]
    assert (len(mail.outbox) == 1) == (sent.channel == "email")
    if point.discreet:
        assert "Harbor" not in sent.body and "session" not in sent.body


def make_user_once():  # type: ignore[no-untyped-def]
    from confide.accounts.models import User

    return User.objects.filter(username="rivera").first() or make_user("rivera")


@pytest.mark.django_db
def test_a_discreet_text_never_names_the_practice() -> None:
    from confide.practice import actions as practice_actions

    user = make_user("rivera")
    practice_actions.ensure_practice(
        acting_user=user, name="Harbor Light Counseling", jurisdiction="US-CA", licence_types=[]
    )
    client = make_client(user)
    ContactPoint.objects.create(
        client=client, kind="phone", value="1", may_text=True, discreet=True
    )
    discreet = send_to_client(
        client, "appointment_reminder", channel="text", context={"when": "Mon"}
    )
    assert "Harbor" not in discreet.body
    ContactPoint.objects.filter(client=client).update(discreet=False)
    named = send_to_client(client, "appointment_reminder", channel="text", context={"when": "Mon"})
    assert "Harbor Light Counseling" in named.body
    ContactPoint.objects.filter(client=client).update(may_text=False)
    with pytest.raises(ChannelRefused):
        send_to_client(client, "appointment_reminder", channel="text")
    assert SentMessage.objects.count() == 2
