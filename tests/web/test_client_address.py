"""Behind a trusted proxy the audit trail and the lockout see the real caller; without one,
no header a client sends changes the address recorded."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.clientaddress import address_from, parse_proxies

PROXY = parse_proxies("127.0.0.1, 10.0.0.0/8")
addresses = st.ip_addresses(v=4).map(str)


def test_off_by_default_the_socket_address_counts() -> None:
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert address_from(meta, ()) == "127.0.0.1"


def test_a_request_from_the_proxy_is_the_caller_it_names() -> None:
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert address_from(meta, PROXY) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.1.2.3"}
    assert address_from(meta, PROXY) == "203.0.113.9"


@given(spoofed=st.lists(addresses, max_size=4), real=addresses)
def test_what_a_client_writes_to_the_left_never_matters(spoofed: list[str], real: str) -> None:
    from ipaddress import ip_address

    if any(ip_address(real) in network for network in PROXY):
        return  # the real caller is itself a trusted proxy: nothing left to attribute
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": ", ".join([*spoofed, real])}
    assert address_from(meta, PROXY) == real


def test_a_header_from_a_stranger_is_ignored() -> None:
    meta = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert address_from(meta, PROXY) == "198.51.100.7"


def test_a_garbled_chain_falls_back_to_the_socket() -> None:
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}
    assert address_from(meta, PROXY) == "127.0.0.1"


def test_a_bad_setting_names_the_entry() -> None:
    with pytest.raises(ValueError, match="'localhostt'"):
        parse_proxies("127.0.0.1, localhostt")


@pytest.mark.django_db
def test_audit_events_and_lockouts_see_the_caller_behind_the_proxy(settings: object) -> None:
    settings.TRUSTED_PROXIES = PROXY  # type: ignore[attr-defined]
    user = User(username="carla", role="clinician")
    user.set_password("correct horse battery staple")
    user.save()
    http = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    http.post("/accounts/login/", {"username": "carla", "password": "correct horse battery staple"})
    assert AuditEvent.objects.filter(action="login").latest("seq").ip == "203.0.113.9"
    http.post("/accounts/logout/")
    for _ in range(5):
        http.post("/accounts/login/", {"username": "carla", "password": "wrong"})
    # The lockout is the caller's, not the proxy's: another caller through it may still sign in.
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = other.post(
        "/accounts/login/", {"username": "carla", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
