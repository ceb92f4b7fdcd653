"""Issue 15, item 4: the records know a client's school and employer (and a related person's
employer), and a packet removes them as written, shortened, misspelt by one edit and as the
bare name; `confide deid` given the same known identifiers finds the same spans."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.consultation import actions
from confide.consultation.build import pieces_of
from confide.consultation.known import known_identifiers
from confide.consultation.models import Packet
from confide.deid import KnownIdentifier
from confide.deid.cli import main as deid_main
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client
from tests.web.test_records_fixtures import make_user

pytestmark = pytest.mark.django_db

SCHOOL = "Roosevelt High School"
EMPLOYERS = "Northgate Bakery; Cascade Tile & Stone"
MOTHERS_EMPLOYER = "Meridian Health Partners"
SUMMARY = (
    "Sam started at Roosevelt High School in the fall. At Roosvelt High she eats alone; "
    "Roosevelt is strict about phones. She works weekends at Northgate Bakery and Northgat "
    "pays late. Cascade Tile wants her full time. Her mother is a nurse at Meridian Health "
    "Partners; the Meridan shifts are long and MHP cut her hours."
)
# Each of these is a known school or employer, in a form the records do not hold verbatim.
GONE = ["Roosevelt", "Roosvelt", "Northgate", "Northgat", "Cascade", "Meridian", "Meridan", "MHP"]


def _case() -> tuple[Case, Client]:
    clinician = make_user("chen")
    practice_actions.ensure_practice(
        acting_user=clinician, name="Harbor Light Counseling", jurisdiction="US-CA",
        licence_types=[],
    )  # fmt: skip
    client = practice_actions.create_client(
        acting_user=clinician,
        data={
            "first_name": "Samantha",
            "last_name": "Okafor",
            "preferred_name": "Sam",
            "date_of_birth": dt.date(2008, 5, 2),
            "school": SCHOOL,
            "employer": EMPLOYERS,
        },
    )
    practice_actions.add_related_person(
        acting_user=clinician,
        client=client,
        data={"name": "Ada Okafor", "relationship": "parent", "employer": MOTHERS_EMPLOYER},
    )
    case = practice_actions.create_case(
        acting_user=clinician, title="Individual work", case_type="individual",
        secrets_policy=None, participants=[client],
    )  # fmt: skip
    return case, client


def _packet(case: Case) -> Packet:
    clinician = case.clinicians.get()
    return actions.create_packet(
        acting_user=clinician, case=case, audience="supervisor", summary=SUMMARY
    )


def test_schools_and_employers_are_known_organisations_by_role() -> None:
    case, _client = _case()
    known = known_identifiers(case)
    assert KnownIdentifier(SCHOOL, "organization", "school") in known
    assert KnownIdentifier("Northgate Bakery", "organization", "employer") in known
    assert KnownIdentifier("Cascade Tile & Stone", "organization", "employer") in known
    assert KnownIdentifier(MOTHERS_EMPLOYER, "organization", "employer") in known


def test_a_packet_removes_the_school_and_employers_and_their_variants() -> None:
    case, _client = _case()
    text = pieces_of(_packet(case))[0].text
    for gone in GONE:
        assert gone not in text, (gone, text)
    assert "[School]" in text and "[Employer" in text
    assert "eats alone" in text and "phones" in text  # the prose around them stays


def test_a_client_without_a_school_or_employer_adds_no_organisation() -> None:
    case, client = _case()
    Client.objects.filter(pk=client.pk).update(school="", employer="")
    client.related_people.update(employer="")
    roles = {k.role for k in known_identifiers(case) if k.kind == "organization"}
    assert roles == {"practice"}


def test_the_cli_with_the_same_known_identifiers_gives_the_packets_spans(tmp_path: Path) -> None:
    case, _client = _case()
    packet = _packet(case)
    known = [{"text": k.text, "kind": k.kind, "role": k.role} for k in known_identifiers(case)]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "n", "text": SUMMARY, "known": known}) + "\n")
    assert deid_main(["--jsonl", str(source), "--out", str(out), "--seed", str(packet.seed)]) == 0
    cli = [(s["start"], s["end"], s["kind"]) for s in json.loads(out.read_text())["spans"]]
    marks = [(m.start, m.end, m.kind) for m in pieces_of(packet)[0].marks]
    assert cli == marks
    # The plain-text command with a known-identifiers file removes the same words.
    (tmp_path / "known.json").write_text(json.dumps(known))
    (tmp_path / "note.txt").write_text(SUMMARY)
    args = [str(tmp_path / "note.txt"), "--known", str(tmp_path / "known.json")]
    assert deid_main([*args, "--out", str(tmp_path / "note.out")]) == 0
    plain = (tmp_path / "note.out").read_text()
    for gone in GONE:
        assert gone not in plain, (gone, plain)


def test_the_edit_page_saves_school_and_employer_sealed_and_audited() -> None:
    case, client = _case()
    clinician = case.clinicians.get()
    browser = HttpClient()
    browser.force_login(clinician)
    url = reverse("practice:client_edit", args=[client.pk])
    page = browser.get(url).content.decode()
    assert "supervision" in page and 'name="school"' in page and 'name="employer"' in page
    form = {
        "first_name": "Samantha", "last_name": "Okafor", "preferred_name": "Sam",
        "date_of_birth": "2008-05-02", "preferred_language": "en",
        "school": "Lincoln Middle School", "employer": "",
    }  # fmt: skip
    assert browser.post(url, form).status_code == 302
    fresh = Client.objects.get(pk=client.pk)
    assert (fresh.school, fresh.employer) == ("Lincoln Middle School", "")
    event = AuditEvent.objects.filter(action="change", client_id=client.pk).latest("pk")
    assert set(event.detail["fields"]) == {"school", "employer"}
    assert "Lincoln" not in json.dumps(event.detail)
    detail = browser.get(reverse("practice:client_detail", args=[client.pk])).content.decode()
    assert "Lincoln Middle School" in detail and "Works at Meridian Health Partners" in detail


def test_a_deceased_clients_date_of_death_is_known_and_removed_but_its_year() -> None:
    case, client = _case()
    clinician = case.clinicians.get()
    died = dt.date(2024, 3, 17)
    practice_actions.update_client(
        acting_user=clinician, client=client, data={"date_of_death": died}
    )
    known = known_identifiers(case)
    assert KnownIdentifier("3/17/2024", "date", "death") in known
    assert KnownIdentifier("March 17, 2024", "date", "death") in known
    packet = actions.create_packet(
        acting_user=clinician, case=case, audience="supervisor",
        summary="Her family marked March 17, 2024 and 3/17/2024 at the grave.",
    )  # fmt: skip
    text = pieces_of(packet)[0].text
    assert "17" not in text and "March" not in text and "2024" in text, text
