"""IDOR: on every URL that names an object by number, a clinician with no part in that object
gets 404, for every object of the demo practice, by GET and by POST; never its data."""

from __future__ import annotations

import pytest

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.disclosures.models import InformationRequest
from confide.notices.models import NoticeVersion, PolicyVersion
from tests.security.conftest import signed_in
from tests.security.urlwalk import routes

pytestmark = pytest.mark.django_db
# Enough to reach every demo object of each kind (the demo makes a few of each).
IDS = range(1, 13)
PAIRS = range(1, 7)
ALLOWED = {404, 405}
# By design every clinician sees the inbox of requests not yet matched to a client
# (disclosures.access): those, and only those, may answer an outsider.
SHARED_INBOX = {"disclosures:request_detail", "disclosures:request_match"}
# Practice-wide documents, not objects of anyone's: a published notice is public (45 CFR
# 164.520(c)(3)(i)) and an approved confidentiality policy is for every staff member.
PRACTICE_DOCUMENTS = {"notices:public_version", "notices:policy_detail"}


def _shared_by_design(route_name: str, url: str) -> bool:
    if route_name in PRACTICE_DOCUMENTS:
        number = int(url.rstrip("/").rsplit("/", 1)[1])
        if route_name == "notices:public_version":
            return NoticeVersion.objects.filter(number=number, status="published").exists()
        return PolicyVersion.objects.filter(pk=number, status="approved").exists()
    if route_name not in SHARED_INBOX:
        return False
    pk = int(url.split("/requests/")[1].split("/")[0])
    return InformationRequest.objects.filter(pk=pk, client__isnull=True).exists()


def test_every_object_url_is_404_to_an_outsider_clinician(outsider: User) -> None:
    http = signed_in(outsider)
    numbered = [r for r in routes() if r.int_params]
    assert len(numbered) > 20, "the resolver walk found too few object URLs"
    leaks: list[str] = []
    for route in numbered:
        for url in route.with_ints(IDS if len(route.int_params) == 1 else PAIRS):
            for method in ("get", "post"):
                response = getattr(http, method)(url)
                if response.status_code not in ALLOWED and not _shared_by_design(route.name, url):
                    leaks.append(f"{method.upper()} {url} ({route.name}) -> {response.status_code}")
    assert not leaks, "an outsider reached objects:\n" + "\n".join(leaks)
    seen = AuditEvent.objects.filter(actor=outsider, action="view")
    assert set(seen.values_list("target_type", flat=True)) <= {"disclosures.informationrequest"}
