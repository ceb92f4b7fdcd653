"""Invariant 4 for identity: client names, date of birth, school and employer, contact values,
related people, the basis of a personal representative, case and breach titles are sealed at
rest, and found again through the keyed blind index ("Sarah Miller", "miller", a date of birth)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from confide.blindindex import name_tokens, parse_date, split_query
from confide.crypto import KeyRing, derive_index_key, new_index_entry
from confide.incidents import actions as incident_actions
from confide.paths import new_aes_key
from confide.portal import actions as portal_actions
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client, ContactPoint, RelatedPerson
from confide.practice.search import filter_clients, find_client
from confide.records.access import emergency_cases
from tests.web.test_records_fixtures import make_user

IDENTITY_WORDS = [
    "Zephyrine",
    "Quackenbush",
    "Zephy",
    "1983-11-07",
    "zephyrine.q@example.org",
    "Bartholomew Oyelaran",
    "Letters of guardianship 77-QX",
    "Quackenbush individual work",
    "Misdirected fax to Wolfenstein",
    "Quillfeather Academy",
    "Vandermolen Freight",
    "Ostrowiecki Tooling",
]
# Planted in a column that stays plaintext (pronouns), so the grep test can find *something*.
IDENTITY_CANARY = "canary-pronoun-kx"


def write_identity() -> Client:
    """One client with every kind of identity field filled, written through the actions."""
    rivera = make_user("rivera.id")
    client = practice_actions.create_client(
        acting_user=rivera,
        data={
            "first_name": "Zephyrine",
            "last_name": "Quackenbush",
            "preferred_name": "Zephy",
            "date_of_birth": dt.date(1983, 11, 7),
            "pronouns": IDENTITY_CANARY,
            "school": "Quillfeather Academy",
            "employer": "Vandermolen Freight",
        },
    )
    point = practice_actions.add_contact_point(
        acting_user=rivera,
        client=client,
        data={"kind": "email", "value": "zephyrine.q@example.org", "may_email": True},
    )
    practice_actions.add_related_person(
        acting_user=rivera,
        client=client,
        data={
            "name": "Bartholomew Oyelaran",
            "relationship": "guardian",
            "contact": "555-0199",
            "employer": "Ostrowiecki Tooling",
            "is_personal_representative": True,
            "representative_basis": "Letters of guardianship 77-QX",
        },
    )
    practice_actions.create_case(
        acting_user=rivera,
        title="Quackenbush individual work",
        case_type="individual",
        secrets_policy=None,
        participants=[client],
    )
    # A portal account taken up at that address: the invitation and the account hold it too.
    invite, _token = portal_actions.create_invite(
        acting_user=rivera, client=client, contact_point=point
    )
    portal_actions.accept_invite(
        acting_user=None,
        invite=invite,
        date_of_birth=dt.date(1983, 11, 7),
        password="a long identity-test passphrase",
    )
    now = timezone.now()
    incident_actions.report_breach(
        acting_user=rivera,
        title="Misdirected fax to Wolfenstein",
        description="A fax went to the wrong number.",
        discovered_on=timezone.localdate(),
        occurred_from=now - dt.timedelta(days=1),
        occurred_until=now,
        affected_clients=[client],
    )
    return client


def _raw(table: str, column: str) -> list[str]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(column)} FROM {qn(table)}")
        return [str(row[0]) for row in cursor.fetchall() if row[0] is not None]


# Columns ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_identity_columns_hold_only_ciphertext_and_read_back() -> None:
    client = write_identity()
    columns = [
        ("practice_client", "first_name"),
        ("practice_client", "last_name"),
        ("practice_client", "preferred_name"),
        ("practice_client", "date_of_birth"),
        ("practice_client", "school"),
        ("practice_client", "employer"),
        ("practice_contactpoint", "value"),
        ("practice_relatedperson", "name"),
        ("practice_relatedperson", "contact"),
        ("practice_relatedperson", "employer"),
        ("practice_relatedperson", "representative_basis"),
        ("practice_case", "title"),
        ("incidents_breachincident", "title"),
        ("accounts_user", "email"),
        ("portal_invite", "email"),
    ]
    for table, column in columns:
        values = _raw(table, column)
        assert values, (table, column)
        for value in values:
            assert value.startswith("enc1:"), (table, column)
            assert not any(word.lower() in value.lower() for word in IDENTITY_WORDS)
    # The portal account's user name is a handle, not the address or the client's name.
    for name in _raw("accounts_user", "username"):
        assert "@" not in name and not any(w.lower() in name.lower() for w in IDENTITY_WORDS)
    fresh = Client.objects.get(pk=client.pk)
    assert fresh.portal_user is not None and fresh.portal_user.email == "zephyrine.q@example.org"
    assert (fresh.first_name, fresh.date_of_birth) == ("Zephyrine", dt.date(1983, 11, 7))
    assert ContactPoint.objects.get(client=fresh).value == "zephyrine.q@example.org"
    person = RelatedPerson.objects.get(client=fresh)
    assert person.representative_basis == "Letters of guardianship 77-QX"
    assert (fresh.school, fresh.employer, person.employer) == (
        "Quillfeather Academy",
        "Vandermolen Freight",
        "Ostrowiecki Tooling",
    )
    assert Case.objects.get(participants__client=fresh).title == "Quackenbush individual work"


@pytest.mark.django_db
def test_a_query_on_an_encrypted_column_is_refused_not_silently_empty() -> None:
    with pytest.raises(FieldError, match="blind index"):
        list(Client.objects.filter(last_name="Miller"))
    with pytest.raises(FieldError):
        list(Case.objects.filter(title__icontains="Miller"))


# The blind index ----------------------------------------------------------------------------


def test_names_normalise_case_accents_and_punctuation() -> None:
    assert name_tokens("O'Brien-Núñez, SARAH") == ["obrien", "nunez", "sarah"]
    assert name_tokens("  Zoë   ÅSTRÖM ") == name_tokens("zoe astrom") == ["zoe", "astrom"]
    assert name_tokens("Straße") == ["strasse"]
    assert name_tokens("...") == []


@given(st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1))
def test_tokens_ignore_case_and_surrounding_punctuation(word: str) -> None:
    tokens = name_tokens(word)
    assert tokens == name_tokens(word.casefold()) == name_tokens(f"({word}), -")
    assert all(t == t.casefold() for t in tokens)


def test_names_in_other_scripts_are_tokens_too() -> None:
    assert name_tokens("Ольга Смирнова") == ["ольга", "смирнова"]


def test_dates_are_read_in_the_forms_people_type() -> None:
    born = dt.date(2000, 3, 14)
    for typed in ("2000-03-14", "3/14/2000", "03-14-2000", "14 Mar 2000", "March 14, 2000"):
        assert parse_date(typed) == born, typed
    assert split_query("Miller 3/14/2000") == (["miller"], born)
    assert split_query("13/45/2000")[1] is None


def test_the_index_is_an_hmac_under_its_own_key() -> None:
    data_key = new_aes_key()
    entry = new_index_entry()
    ring = KeyRing.from_text(f"{data_key}\n{entry}")
    digest = ring.blind("name", "miller")
    # Not a plain hash of the token, nor of the token with its kind.
    assert digest not in {
        hashlib.sha256(b"miller").hexdigest(),
        hashlib.sha256(b"name\x00miller").hexdigest(),
    }
    import base64

    secret = base64.urlsafe_b64decode(entry.removeprefix("index:"))
    expected = hmac.new(derive_index_key(secret), b"name\x00miller", hashlib.sha256).hexdigest()
    assert digest == expected
    # Another index key gives another index; a new data key alone does not change it.
    other = KeyRing.from_text(f"{data_key}\n{new_index_entry()}")
    assert other.blind("name", "miller") != digest
    rotated = KeyRing.from_text(f"{new_aes_key()}\n{data_key}\n{entry}")
    assert rotated.blind("name", "miller") == digest
    assert rotated.index_key_id == ring.index_key_id
    # Kinds are kept apart: a last name token never matches as a date or a first name.
    assert ring.blind("last", "miller") != digest
    # Without an index: entry the key derives from the newest data key, never equals it.
    implicit = KeyRing.from_text(data_key)
    assert implicit.index_key_id not in implicit.by_id


@pytest.fixture
def roster() -> dict[str, Client]:
    rivera = make_user("rivera")
    people = {}
    for first, last, born in (
        ("Sarah", "Miller", dt.date(2000, 3, 14)),
        ("Tom", "Miller", dt.date(1975, 1, 2)),
        ("Sarah", "Jones", dt.date(1990, 6, 6)),
        ("Miller", "Ávila", dt.date(1988, 8, 8)),
    ):
        people[f"{first} {last}"] = practice_actions.create_client(
            acting_user=rivera,
            data={"first_name": first, "last_name": last, "date_of_birth": born},
        )
    return people


def _names(query: str) -> set[str]:
    return {c.full_name for c in filter_clients(Client.objects.all(), query)}


@pytest.mark.django_db
def test_search_by_full_name_last_name_and_date_of_birth(roster: dict[str, Client]) -> None:
    assert _names("Sarah Miller") == _names("miller, sarah") == {"Sarah Miller"}
    assert _names("miller") == {"Sarah Miller", "Tom Miller", "Miller Ávila"}
    assert _names("AVILA") == {"Miller Ávila"}
    assert _names("2000-03-14") == _names("3/14/2000") == {"Sarah Miller"}
    assert _names("Miller 1975-01-02") == {"Tom Miller"}
    assert _names("Sarah Smith") == set()
    assert _names("mil") == set()  # whole tokens only (see confide.blindindex)
    assert find_client("Tom Miller") == roster["Tom Miller"]


@pytest.mark.django_db
def test_the_index_follows_an_edit(roster: dict[str, Client]) -> None:
    sarah = roster["Sarah Jones"]
    practice_actions.update_client(
        acting_user=sarah.created_by, client=sarah, data={"last_name": "Okafor"}
    )
    assert _names("okafor") == {"Sarah Okafor"}
    assert "Sarah Okafor" not in _names("jones")


@pytest.mark.django_db
def test_the_client_list_searches_sorts_after_decryption_and_pages(
    roster: dict[str, Client], settings
) -> None:
    http = HttpClient()
    http.force_login(Client.objects.first().created_by)
    url = reverse("practice:client_list")
    page = http.get(url).content.decode()
    order = [page.index(name) for name in ("Miller Ávila", "Sarah Jones", "Sarah Miller")]
    assert order == sorted(order)  # Ávila, Jones, Miller: by last name, accents folded
    found = http.get(url, {"q": "Sarah Miller"}).content.decode()
    assert "Sarah Miller" in found and "Tom Miller" not in found and "Sarah Jones" not in found
    by_date = http.get(url, {"q": "3/14/2000"}).content.decode()
    assert "Sarah Miller" in by_date and "Tom Miller" not in by_date

    from confide.practice import views

    settings_per_page = views.CLIENTS_PER_PAGE
    views.CLIENTS_PER_PAGE = 2
    try:
        first = http.get(url).content.decode()
        second = http.get(url, {"page": "2"}).content.decode()
    finally:
        views.CLIENTS_PER_PAGE = settings_per_page
    assert "Miller Ávila" in first and "Sarah Jones" in first and "Tom Miller" not in first
    assert "Sarah Miller" in second and "Tom Miller" in second and "Page 2 of 2" in second


@pytest.mark.django_db
def test_emergency_lookup_matches_last_name_and_date_of_birth(
    roster: dict[str, Client],
) -> None:
    owner = roster["Sarah Miller"].created_by
    case = practice_actions.create_case(
        acting_user=owner,
        title="Miller",
        case_type="individual",
        secrets_policy=None,
        participants=[roster["Sarah Miller"]],
    )
    chen = make_user("chen")
    assert emergency_cases(chen, "MILLER", dt.date(2000, 3, 14)) == [case]
    assert emergency_cases(chen, "Sarah", dt.date(2000, 3, 14)) == []  # a first name is not it
    assert emergency_cases(chen, "Miller", dt.date(2000, 3, 15)) == []


@pytest.mark.django_db
def test_a_warm_client_list_decrypts_only_changed_names(
    roster: dict[str, Client], monkeypatch
) -> None:
    """The name order lives in memory beside the ciphertexts it came from: a second listing
    decrypts no sort names, an edit (a fresh ciphertext) re-sorts that client at once, and
    nothing about the order is stored in the database."""
    from confide.practice import search

    opened: list[str] = []
    real = KeyRing.decrypt

    def counting(self: KeyRing, token: str, context: str) -> str:
        opened.append(context)
        return real(self, token, context)

    monkeypatch.setattr(KeyRing, "decrypt", counting)
    search.forget_order()

    def order() -> list[str]:
        _page, shown = search.page_of_clients(Client.objects.all(), 1, 50)
        return [c.full_name for c in shown]

    cold = order()
    assert cold == ["Miller Ávila", "Sarah Jones", "Sarah Miller", "Tom Miller"]
    sort_reads = {"practice.client.last_name", "practice.client.first_name"}
    assert sum(c in sort_reads for c in opened) >= 8  # cold: every name, plus the page
    opened.clear()
    assert order() == cold
    # Warm: only the page's own clients are opened (4 rows of 2 names), no sorting reads.
    assert sum(c == "practice.client.last_name" for c in opened) == 4
    sarah = roster["Sarah Jones"]
    practice_actions.update_client(
        acting_user=sarah.created_by, client=sarah, data={"last_name": "Zuniga"}
    )
    assert order() == ["Miller Ávila", "Sarah Miller", "Tom Miller", "Sarah Zuniga"]
    # The same answer as sorting freshly decrypted clients.
    search.forget_order()
    assert order() == [c.full_name for c in search.sorted_clients(Client.objects.all())]
