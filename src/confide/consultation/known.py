"""The one place the practice's records become the engine's known identifiers
(docs/architecture.md §2).

confide knows every name, phone, email and address in a case, so a packet can be de-identified
far better than a general tool could: the engine is told who each person is (their role in the
case), and finds every mention of them, with nicknames, surnames alone and possessives.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth import get_user_model

from confide.deid import KnownIdentifier
from confide.practice.models import Case, Client, ContactPoint, Practice, RelatedPerson
from confide.practice.vocabulary import CaseType, ContactKind, Relationship

CLINICIAN_ROLE = "clinician"
STAFF_ROLE = "staff"  # the practice's other people: always removed, even with clinicians kept
PRACTICE_ROLE = "practice"
ADDRESS_ROLE = "address"
# Schools and employers are organisations to the engine; the role lets it find them by their
# short forms ("Roosevelt High", "Roosvelt High", "MHP") and names their placeholder.
SCHOOL_ROLE = "school"
EMPLOYER_ROLE = "employer"

# A related person's relationship, as the role their pseudonym is named by ("[Parent]").
RELATIONSHIP_ROLES: dict[str, str] = {
    Relationship.PARENT: "parent",
    Relationship.GUARDIAN: "guardian",
    Relationship.SPOUSE_OR_PARTNER: "partner",
    Relationship.SIBLING: "sibling",
    Relationship.CHILD: "child",
    Relationship.OTHER_RELATIVE: "relative",
    Relationship.FRIEND: "friend",
    Relationship.OTHER: "related person",
}
# A participant without a recorded role in the case, by case type.
DEFAULT_ROLES: dict[str, str] = {
    CaseType.INDIVIDUAL: "client",
    CaseType.COUPLE: "partner",
    CaseType.FAMILY: "family member",
}


def participant_role(case: Case, role_in_case: str, number: int) -> str:
    """The role a participant's pseudonym is named by: their role in the case; in a group,
    "member N" (numbered by joining order), so members stay apart in the packet."""
    raw = " ".join(role_in_case.split()).lower()
    if case.case_type == CaseType.GROUP and raw in ("", "member"):
        return f"member {number}"
    return raw or DEFAULT_ROLES.get(case.case_type, "client")


def _person(client: Client, role: str) -> list[KnownIdentifier]:
    items = [KnownIdentifier(client.full_name, "person", role)]
    preferred = client.preferred_name.strip()
    if preferred and preferred.casefold() != client.first_name.casefold():
        items.append(KnownIdentifier(preferred, "person", role))
    for day, event in ((client.date_of_birth, "birth"), (client.date_of_death, "death")):
        if day:  # Safe Harbor keeps only the year of either
            items.extend(KnownIdentifier(text, "date", event) for text in birth_forms(day))
    return items


def birth_forms(born: date) -> list[str]:
    """A date of birth (or of death) as notes write it, so it is removed even where the date
    patterns would not read it (Safe Harbor keeps only its year)."""
    month = born.strftime("%B")
    return [
        f"{born.month}/{born.day}/{born.year}",
        f"{born.month:02d}/{born.day:02d}/{born.year}",
        f"{born.month}/{born.day}/{born.year % 100:02d}",
        f"{born.month:02d}/{born.day:02d}/{born.year % 100:02d}",
        born.isoformat(),
        f"{month} {born.day}, {born.year}",
        f"{born.day} {month} {born.year}",
        f"{month[:3]} {born.day}, {born.year}",
    ]


def organisations(text: str, role: str) -> list[KnownIdentifier]:
    """The schools or employers a record holds, one or several (separated by semicolons or new
    lines), each an organisation the packet removes."""
    names = (" ".join(name.split()) for name in re.split(r"[;\n]", text or ""))
    return [KnownIdentifier(name, "organization", role) for name in names if len(name) >= 2]


def _workplaces(client: Client) -> list[KnownIdentifier]:
    return [
        *organisations(client.school, SCHOOL_ROLE),
        *organisations(client.employer, EMPLOYER_ROLE),
    ]


def _related(related: RelatedPerson) -> list[KnownIdentifier]:
    """A related person by their relationship, how to reach them and where they work."""
    role = RELATIONSHIP_ROLES.get(related.relationship, "related person")
    items = [KnownIdentifier(related.name.strip(), "person", role)]
    contact = contact_identifier(related.contact)
    if contact is not None:
        items.append(contact)
    return [*items, *organisations(related.employer, EMPLOYER_ROLE)]


def _contact_point(point: ContactPoint) -> KnownIdentifier:
    if point.kind == ContactKind.PHONE:
        return KnownIdentifier(point.value, "phone")
    if point.kind == ContactKind.EMAIL:
        return KnownIdentifier(point.value, "email")
    return KnownIdentifier(point.value, "location", ADDRESS_ROLE)


def contact_identifier(value: str) -> KnownIdentifier | None:
    """A related person's free-form contact: an email, a phone number or else an address."""
    value = value.strip()
    if len(value) < 3:
        return None
    if re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        return KnownIdentifier(value, "email")
    if re.fullmatch(r"[\d\s().+\-/x]+", value) and sum(c.isdigit() for c in value) >= 7:
        return KnownIdentifier(value, "phone")
    return KnownIdentifier(value, "location", ADDRESS_ROLE)


def known_identifiers(case: Case) -> list[KnownIdentifier]:
    """Everything the records hold that identifies someone in `case`: participants (by their
    role), their dates of birth, schools and employers, the people around them (and where they
    work), contact points, the clinicians (role "clinician", so a packet may keep them), the
    practice's other staff and its name."""
    items: list[KnownIdentifier] = []
    participants = case.participants.select_related("client").order_by("pk")
    for number, participant in enumerate(participants, start=1):
        client = participant.client
        items.extend(_person(client, participant_role(case, participant.role_in_case, number)))
        items.extend(_workplaces(client))
        items.extend(_contact_point(point) for point in client.contact_points.all())
        for related in client.related_people.all():
            items.extend(_related(related))
    for clinician in case.clinicians.order_by("pk"):
        name = clinician.get_full_name().strip()
        if name:
            items.append(KnownIdentifier(name, "person", CLINICIAN_ROLE))
    for person in get_user_model().objects.filter(is_active=True).order_by("pk"):
        name = person.get_full_name().strip()
        if name:  # the practice's staff: a colleague named in a note is an identifier too
            items.append(KnownIdentifier(name, "person", STAFF_ROLE))
    practice = Practice.current()
    if practice is not None and practice.name.strip():
        items.append(KnownIdentifier(practice.name.strip(), "organization", PRACTICE_ROLE))
    return _first_of_each(items)


def _first_of_each(items: list[KnownIdentifier]) -> list[KnownIdentifier]:
    """Drop repeats (a parent who is both a participant and a related person keeps the role
    they have in the case, which comes first)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        key = (item.text.casefold(), item.kind)
        if item.text and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
