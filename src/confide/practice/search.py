"""Client search through the keyed blind index, and sorting of decrypted client lists.

Names and dates of birth are encrypted at rest, so the database can neither filter nor sort
them. Search matches HMAC digests of normalised tokens (`confide.blindindex`) in
`ClientIndexToken`; every token of the query must match. Lists are sorted in Python after
decryption (by last name, first name, id, casefolded and accent-free), then paginated: an
`ORDER BY` on a ciphertext column would only sort random bytes.

No stored sort order. A rank column, an order-preserving encryption or a plaintext prefix
would let the database sort, and would also tell anyone holding the file where each client's
name falls in the alphabet, which against name-frequency tables gives initials and often
names. (A keyed digest does not sort at all.) So the order lives only in the server's
memory: `_ORDER` keeps each client's sort key beside the start of the two ciphertexts it came
from (key id and nonce). A list reads those starts (cheap: no decryption), reuses every key
whose ciphertexts are unchanged, and decrypts only new or changed names. Every write seals
with a fresh nonce, so an edit or a key rotation changes the ciphertext and the key is
recomputed; nothing can go stale, in one process or across several. Figures: `make
bench-clients` (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast, Substr

from confide.blindindex import date_token, fold, name_tokens, split_query
from confide.crypto import KeyRing
from confide.practice.models import Case, Client, ClientIndexToken

NAME, LAST, DOB = "name", "last", "dob"


def client_digests(client: Client | Any, ring: KeyRing) -> set[str]:
    """Every digest that finds this client: any name token, last-name tokens, date of birth.

    `client` may be any object with the four attributes (the data migration passes one)."""
    names = f"{client.first_name} {client.last_name} {client.preferred_name or ''}"
    digests = {ring.blind(NAME, t) for t in name_tokens(names)}
    digests |= {ring.blind(LAST, t) for t in name_tokens(client.last_name)}
    if isinstance(client.date_of_birth, dt.date):
        digests.add(ring.blind(DOB, date_token(client.date_of_birth)))
    return digests


def index_clients(clients: Iterable[Client], ring: KeyRing | None = None) -> int:
    """(Re)write the index rows of these clients; returns how many rows were written."""
    from confide.keyregistry import writing_ring

    ring = ring or writing_ring()
    clients = list(clients)
    ClientIndexToken.objects.filter(client__in=[c.pk for c in clients]).delete()
    rows = [
        ClientIndexToken(client_id=c.pk, digest=d)
        for c in clients
        for d in sorted(client_digests(c, ring))
    ]
    ClientIndexToken.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def rebuild_index(ring: KeyRing, batch: int = 500) -> int:
    """Rebuild the whole index under `ring`'s index key (after the index key changed)."""
    written = 0
    ids = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        written += index_clients(Client.objects.filter(pk__in=ids[start : start + batch]), ring)
    return written


def _matching(digests: set[str]) -> QuerySet[Any]:
    return (
        ClientIndexToken.objects.filter(digest__in=digests)
        .values("client_id")
        .annotate(n=Count("digest", distinct=True))
        .filter(n=len(digests))
        .values("client_id")
    )


def filter_clients(
    clients: QuerySet[Client], query: str, ring: KeyRing | None = None
) -> QuerySet[Client]:
    """`clients` narrowed to those matching every name token (and the date of birth) typed."""
    from confide.crypto import keyring

    ring = ring or keyring()
    tokens, born = split_query(query)
    digests = {ring.blind(NAME, t) for t in tokens}
    if born is not None:
        digests.add(ring.blind(DOB, date_token(born)))
    if not digests:
        return clients.none()
    return clients.filter(pk__in=_matching(digests))


def clients_named(
    last_name: str, date_of_birth: dt.date, ring: KeyRing | None = None
) -> QuerySet[Client]:
    """Clients whose last name is exactly these tokens and who were born that day (for the
    emergency-access lookup, which must not match on a first name)."""
    from confide.crypto import keyring

    ring = ring or keyring()
    tokens = name_tokens(last_name)
    if not tokens:
        return Client.objects.none()
    digests = {ring.blind(LAST, t) for t in tokens} | {ring.blind(DOB, date_token(date_of_birth))}
    exact = [
        c.pk
        for c in Client.objects.filter(pk__in=_matching(digests))
        if name_tokens(c.last_name) == tokens
    ]
    return Client.objects.filter(pk__in=exact)


def client_sort_key(client: Client) -> tuple[str, str, int]:
    return (fold(client.last_name), fold(client.first_name), int(client.pk or 0))


def sorted_clients(clients: Iterable[Client]) -> list[Client]:
    """Clients by last name, first name, id, after decryption (see the module docstring)."""
    return sorted(clients, key=client_sort_key)


SortKey = tuple[str, str, int]
# (database alias, client pk) -> (last-name ciphertext, first-name ciphertext, sort key).
_ORDER: dict[tuple[str, int], tuple[str, str, SortKey]] = {}
_ORDER_LIMIT = 200_000  # entries; past it the memo starts again (deleted clients linger)
# "enc1:" + a 12-character key id + ":" + 16 base64 characters of nonce, with room to spare.
SEALED_PREFIX = 48


def forget_order() -> None:
    """Drop the in-memory sort keys (tests measuring a cold start; never needed for truth)."""
    _ORDER.clear()


def _sort_keys(clients: QuerySet[Client]) -> list[SortKey]:
    """(last, first, pk) sort keys of `clients`, decrypting only names not seen before.

    The check reads only each ciphertext's first `SEALED_PREFIX` characters: its key id and
    its random 96-bit nonce, new on every write, so any change to a name shows there."""
    sealed = clients.order_by().annotate(
        sealed_last=Substr(Cast("last_name", TextField()), 1, SEALED_PREFIX),
        sealed_first=Substr(Cast("first_name", TextField()), 1, SEALED_PREFIX),
    )
    alias = clients.db
    if len(_ORDER) > _ORDER_LIMIT:
        _ORDER.clear()
    keys: list[SortKey] = []
    unseen: dict[int, tuple[str, str]] = {}
    for pk, last, first in sealed.values_list("pk", "sealed_last", "sealed_first"):
        memo = _ORDER.get((alias, pk))
        if memo is not None and memo[0] == last and memo[1] == first:
            keys.append(memo[2])
        else:
            unseen[pk] = (last, first)
    ids = list(unseen)
    for start in range(0, len(ids), 500):  # whole values, decrypted, only for these
        batch = Client.objects.using(alias).filter(pk__in=ids[start : start + 500])
        for pk, last_name, first_name in batch.values_list("pk", "last_name", "first_name"):
            key = (fold(last_name or ""), fold(first_name or ""), int(pk))
            _ORDER[(alias, pk)] = (*unseen[pk], key)
            keys.append(key)
    return keys


def page_of_clients(
    clients: QuerySet[Client], number: Any, per_page: int
) -> tuple[Page[Any], list[Client]]:
    """One page of `clients` in name order, decrypting only what sorting needs.

    Sorting needs (last name, first name) of every visible client; those come from the
    in-memory order (see the module docstring), so a warm list decrypts only the page's own
    clients, which are loaded whole."""
    keys = sorted(_sort_keys(clients))
    page = Paginator(keys, per_page).get_page(number)
    ids = [row[2] for row in page.object_list]
    loaded = Client.objects.in_bulk(ids)
    return page, [loaded[pk] for pk in ids]


def sorted_cases(cases: Iterable[Case]) -> list[Case]:
    """Cases by title after decryption."""
    return sorted(cases, key=lambda c: (fold(c.title), int(c.pk or 0)))


def find_client(full_name: str) -> Client | None:
    """The first client whose name has every token of `full_name` (for demo loaders and tools
    that used to filter on the plaintext name)."""
    found = sorted_clients(filter_clients(Client.objects.all(), full_name))
    return found[0] if found else None


def find_case(title: str) -> Case | None:
    """The case with exactly this title (demo loaders): decrypts titles, so small practices."""
    return next((c for c in Case.objects.order_by("pk") if c.title == title), None)
