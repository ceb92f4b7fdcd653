"""Confidentiality first: the gate, signatures on exact text, versions, overrides, minors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.accounts.models import User
from confide.agreements import actions, gate
from confide.agreements.changes import reasons_for_new_version
from confide.agreements.defaults import default_sharing_label
from confide.agreements.gate import GateStatus
from confide.agreements.models import (
    Agreement,
    GateOverride,
    IntakeItem,
    Signature,
    SignerRole,
    SignMethod,
)
from confide.audit.models import AuditEvent
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client, Practice, RelatedPerson
from tests.web.test_agreements_support import (
    add_guardian,
    born_years_ago,
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
    sign_all,
    sign_terms,
    text_hash,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bulk_reading_agrees_with_case_by_case() -> Iterator[None]:
    """After every scenario here (no agreement, partial signatures, guardians and assent,
    overrides, a participant who joined later, new versions), the dashboard's bulk read
    gives exactly what the gate gives one case at a time."""
    yield
    cases = list(Case.objects.all())
    bulk = gate.statuses(cases)
    for case in cases:
        assert bulk[case.pk] == (_CURRENT(case), _STATUS(case))


_CURRENT, _STATUS = gate.current_agreement, gate.gate_status  # as before any monkeypatch


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def group(rivera: User) -> Case:
    members = [make_client(rivera, name) for name in ("Ana", "Ben", "Cara")]
    return make_case(rivera, *members, case_type="group", title="Anxiety skills group")


def test_notes_refused_until_every_participant_signs(rivera: User, group: Case) -> None:
    assert not gate.notes_allowed(group)
    assert gate.gate_status(group).unsigned_names == ["Ana Miller", "Ben Miller", "Cara Miller"]
    agreement = issue(rivera, group)
    terms = list(agreement.terms.order_by("participant_id"))
    for done, t in enumerate(terms, start=1):
        assert not gate.notes_allowed(group)
        sign_terms(rivera, t)
        assert len(gate.gate_status(group).missing) == len(terms) - done
    assert gate.notes_allowed(group)
    assert gate.gate_status(group).all_signed


def test_a_new_version_needs_new_signatures_and_old_ones_stay_readable(
    rivera: User, group: Case
) -> None:
    first = issue(rivera, group)
    sign_all(rivera, first)
    assert gate.notes_allowed(group)

    second = issue(rivera, group, Ana={"label": "case"})
    assert second.version == 2
    assert not gate.notes_allowed(group)
    assert Signature.objects.filter(agreement=first).count() == 3
    assert "Ana Miller: sharing label private → case." in second.change_summary
    # The old version's text and signatures are untouched.
    old = Agreement.objects.get(pk=first.pk)
    assert old.shared_text == first.shared_text and "Version 1." in old.shared_text
    with pytest.raises(ValidationError, match="newer version"):
        sign_terms(
            rivera, next(t for t in first.terms.all() if t.participant.client.first_name != "Ana")
        )
    sign_all(rivera, second)
    assert gate.notes_allowed(group)


def test_signature_keeps_the_hash_of_exactly_the_text_signed(rivera: User, group: Case) -> None:
    agreement = issue(rivera, group, Ben={"private_topics": "my divorce"})
    terms = next(t for t in agreement.terms.all() if t.participant.client.first_name == "Ben")
    with pytest.raises(ValidationError, match="text changed"):
        actions.sign(
            acting_user=rivera,
            terms=terms,
            signer_role=SignerRole.PARTICIPANT,
            signer_name="Ben Miller",
            method=SignMethod.OFFICE,
            text_sha256="0" * 64,
        )
    assert not Signature.objects.exists()
    signature = sign_terms(rivera, terms)
    assert signature.text_sha256 == text_hash(terms)
    assert "my divorce" in terms.own_text and "my divorce" not in agreement.shared_text
    with pytest.raises(ValidationError, match="already recorded"):
        sign_terms(rivera, terms)


def test_rendering_is_deterministic(rivera: User, group: Case) -> None:
    one = issue(rivera, group)
    two = issue(rivera, group)
    assert one.shared_text.replace("Version 1.", "Version 2.") == two.shared_text
    assert [t.own_text for t in one.terms.order_by("pk")] == [
        t.own_text for t in two.terms.order_by("pk")
    ]


def test_override_opens_the_gate_is_audited_and_ends_with_the_version(
    rivera: User, group: Case
) -> None:
    issue(rivera, group)
    with pytest.raises(ValidationError):
        actions.override_gate(acting_user=rivera, case=group, reason="short")
    assert not GateOverride.objects.exists()
    override = actions.override_gate(
        acting_user=rivera, case=group, reason="Crisis session; Cara signs next week."
    )
    assert gate.notes_allowed(group)
    assert gate.gate_status(group).override_reason == "Crisis session; Cara signs next week."
    event = AuditEvent.objects.get(action="override")
    assert event.target_id == str(override.pk) and event.actor == rivera

    issue(rivera, group)  # a new version closes the gate again
    assert not gate.notes_allowed(group)
    second = actions.override_gate(acting_user=rivera, case=group, reason="Another good reason.")
    assert gate.notes_allowed(group)
    actions.withdraw_override(acting_user=rivera, override=second)
    assert not gate.notes_allowed(group)


def test_the_bulk_read_sees_overrides_for_the_current_version_only(
    rivera: User, group: Case
) -> None:
    """No agreement yet, then an agreement: an override counts only for what it was made for."""
    other = make_case(rivera, make_client(rivera, "Dee"), title="Dee, individual")
    before = actions.override_gate(acting_user=rivera, case=other, reason="Crisis, no time yet.")
    issue(rivera, group)
    held = actions.override_gate(acting_user=rivera, case=group, reason="Cara signs next week.")
    bulk = gate.statuses([group, other])
    assert bulk[group.pk][1].override_id == held.pk
    assert bulk[other.pk] == (None, gate.gate_status(other))
    assert bulk[other.pk][1].override_id == before.pk
    issue(rivera, group)  # the override was for the old version
    assert gate.statuses([group])[group.pk][1].override_id is None


def test_only_the_case_clinician_overrides(rivera: User, group: Case) -> None:
    other = make_user("chen")
    admin = make_user("office", "administrator")
    for user in (other, admin):
        with pytest.raises(PermissionDenied):
            actions.override_gate(acting_user=user, case=group, reason="I want to go ahead.")
    assert not GateOverride.objects.exists()


def test_intake_steps_wait_for_the_agreement(rivera: User, group: Case) -> None:
    with pytest.raises(ValidationError, match="Confidentiality comes first"):
        actions.complete_intake_step(acting_user=rivera, case=group, step="goals")
    agreement = issue(rivera, group)
    with pytest.raises(ValidationError, match="Confidentiality comes first"):
        actions.complete_intake_step(acting_user=rivera, case=group, step="fees")
    assert not IntakeItem.objects.exists()
    sign_all(rivera, agreement)
    actions.complete_intake_step(acting_user=rivera, case=group, step="goals", note="Sleep")
    assert IntakeItem.objects.get(case=group, step="goals").note == "Sleep"


def test_gate_fails_closed_on_errors(
    rivera: User, group: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_all(rivera, issue(rivera, group))

    def broken(case: Case) -> GateStatus:
        raise RuntimeError("database gone")

    monkeypatch.setattr(gate, "gate_status", broken)
    assert gate.notes_allowed(group) is False


def test_a_participant_added_after_the_version_closes_the_gate(rivera: User, group: Case) -> None:
    sign_all(rivera, issue(rivera, group))
    dan = make_client(rivera, "Dan")
    practice_actions.add_participant(acting_user=rivera, case=group, client=dan)
    status = gate.gate_status(group)
    assert not status.open and status.unsigned_names == ["Dan Miller"]
    current = gate.current_agreement(group)
    assert current is not None
    reasons = reasons_for_new_version(current, group, group_practice())
    assert "Participants changed since this version." in reasons


def group_practice() -> Practice:
    practice = Practice.current()
    assert practice is not None
    return practice


# --- default sharing label ------------------------------------------------------------------


def test_default_label_is_private_without_an_agreement(rivera: User, group: Case) -> None:
    for participant in group.participants.all():
        assert default_sharing_label(participant) == "private"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(labels=st.lists(st.sampled_from(["private", "case", "clinical"]), min_size=3, max_size=3))
def test_default_label_follows_each_participants_current_choice(
    rivera: User, group: Case, labels: list[str]
) -> None:
    names = ["Ana", "Ben", "Cara"]
    issue(rivera, group, **{n: {"label": label} for n, label in zip(names, labels, strict=True)})
    for participant in group.participants.select_related("client"):
        expected = labels[names.index(participant.client.first_name)]
        assert default_sharing_label(participant) == expected


def test_default_label_of_someone_not_in_the_current_version_is_private(
    rivera: User, group: Case
) -> None:
    issue(rivera, group, Ana={"label": "case"}, Ben={"label": "case"}, Cara={"label": "case"})
    dan = make_client(rivera, "Dan")
    newcomer = practice_actions.add_participant(acting_user=rivera, case=group, client=dan)
    assert default_sharing_label(newcomer) == "private"


# --- minors in two states -------------------------------------------------------------------


def _family(rivera: User, jurisdiction: str) -> tuple[Case, Client, RelatedPerson]:
    Practice.objects.update(jurisdiction=jurisdiction)
    mum = make_client(rivera, "Karen", born_years_ago(45))
    jake = make_client(rivera, "Jake", born_years_ago(15))
    guardian = add_guardian(rivera, jake)
    case = make_case(
        rivera, mum, jake, case_type="family", secrets_policy="limited_secrets", title="Family"
    )
    return case, jake, guardian


def test_in_california_a_15_year_old_signs_alone(rivera: User) -> None:
    case, jake, _guardian = _family(rivera, "US-CA")
    agreement = issue(rivera, case)
    terms = agreement.terms.get(participant__client=jake)
    assert not terms.guardian_required
    assert "Who signs: you sign for yourself." in terms.own_text
    assert "Cal. Fam. Code 6924" in agreement.shared_text
    with pytest.raises(ValidationError):
        sign_terms(rivera, terms, SignerRole.GUARDIAN)
    sign_all(rivera, agreement)
    assert gate.notes_allowed(case)


def test_in_texas_the_guardian_signs_and_the_15_year_old_assents(rivera: User) -> None:
    case, jake, guardian = _family(rivera, "US-TX")
    with pytest.raises(ValidationError, match="guardian"):
        issue(rivera, case)
    assert not Agreement.objects.exists()
    agreement = issue(rivera, case, Jake={"guardian": guardian})
    terms = agreement.terms.get(participant__client=jake)
    assert terms.guardian_required and terms.guardian == guardian
    assert "Tex. Fam. Code 32.004" in agreement.shared_text
    assert "Karen Thompson signs for you" in terms.own_text
    with pytest.raises(ValidationError):
        sign_terms(rivera, terms, SignerRole.PARTICIPANT)
    for t in agreement.terms.exclude(pk=terms.pk):
        sign_terms(rivera, t)
    sign_terms(rivera, terms, SignerRole.GUARDIAN)
    status = gate.gate_status(case)
    assert [m.signer_role for m in status.missing] == [SignerRole.ASSENT]
    sign_terms(rivera, terms, SignerRole.ASSENT)
    assert gate.notes_allowed(case)
    signature = Signature.objects.get(participant=terms.participant, signer_role="guardian")
    assert signature.related_person == guardian


def test_turning_18_calls_for_a_new_version(rivera: User) -> None:
    case, _jake, _ = _family(rivera, "US-CA")
    agreement = issue(rivera, case)
    practice = group_practice()
    assert "A participant has turned 18." not in reasons_for_new_version(agreement, case, practice)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3 * 366 + 40)):
        assert "A participant has turned 18." in reasons_for_new_version(agreement, case, practice)


def test_revisit_date_comes_due(rivera: User, group: Case) -> None:
    agreement = issue(rivera, group)
    practice = group_practice()
    assert agreement.revisit_on == timezone.localdate() + dt.timedelta(days=90)
    assert "The revisit date has come." not in reasons_for_new_version(agreement, group, practice)
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        assert "The revisit date has come." in reasons_for_new_version(agreement, group, practice)


# --- participants who leave or join, and a new secrets policy ----------------------------


def _leave(rivera: User, case: Case, first_name: str) -> Client:
    participant = next(p for p in case.participants.all() if p.client.first_name == first_name)
    practice_actions.remove_participant(acting_user=rivera, participant=participant)
    return participant.client


def test_a_participant_who_left_is_not_asked_to_sign(rivera: User, group: Case) -> None:
    first = issue(rivera, group)
    _leave(rivera, group, "Cara")
    # Version 1 named Cara; having left, she owes it no signature.
    assert gate.gate_status(group).unsigned_names == ["Ana Miller", "Ben Miller"]
    second = issue(rivera, group)
    named = {t.participant.client.first_name for t in second.terms.select_related("participant")}
    assert named == {"Ana", "Ben"} and len(second.participant_ids) == 2
    assert "Cara" not in second.shared_text
    assert gate.gate_status(group).unsigned_names == ["Ana Miller", "Ben Miller"]
    sign_all(rivera, second)
    assert gate.notes_allowed(group) and first.pk != second.pk


def test_an_override_does_not_cover_someone_who_joins_after_it(rivera: User, group: Case) -> None:
    agreement = issue(rivera, group)
    sign_all(rivera, agreement)
    dan = make_client(rivera, "Dan")
    practice_actions.add_participant(acting_user=rivera, case=group, client=dan)
    override = actions.override_gate(
        acting_user=rivera, case=group, reason="Dan joined today; he signs next week."
    )
    assert gate.notes_allowed(group)  # made with Dan in the case: it covers him
    assert override.participant_ids is not None and len(override.participant_ids) == 4
    eve = make_client(rivera, "Eve")
    practice_actions.add_participant(acting_user=rivera, case=group, client=eve)
    status = gate.gate_status(group)
    assert not status.open and not status.overridden
    assert status.unsigned_names == ["Dan Miller", "Eve Miller"]
    assert not gate.notes_allowed(group) and not gate.intake_allowed(group)
    # Once they sign a version naming them, the gate opens on signatures alone.
    sign_all(rivera, issue(rivera, group))
    assert gate.notes_allowed(group) and not gate.gate_status(group).overridden


def test_intake_waits_for_a_new_version_after_a_secrets_policy_change(rivera: User) -> None:
    couple = make_case(
        rivera,
        make_client(rivera, "Ada"),
        make_client(rivera, "Bo"),
        case_type="couple",
        title="Ada and Bo",
        secrets_policy="limited_secrets",
    )
    sign_all(rivera, issue(rivera, couple))
    actions.complete_intake_step(acting_user=rivera, case=couple, step="goals")
    practice_actions.update_case(
        acting_user=rivera,
        case=couple,
        title="Ada and Bo",
        clinicians=[rivera],
        secrets_policy="no_secrets",
    )
    couple.refresh_from_db()
    assert gate.gate_status(couple).open  # every signature is in, but for the old policy
    assert not gate.intake_allowed(couple)
    with pytest.raises(ValidationError, match="secrets policy changed"):
        actions.complete_intake_step(acting_user=rivera, case=couple, step="fees")
    assert not IntakeItem.objects.filter(step="fees").exists()
    http = HttpClient()
    http.force_login(rivera)
    page = http.get(reverse("agreements:case", args=[couple.pk])).content.decode()
    assert "Locked: the secrets policy changed" in page and "Mark fees and payment done" not in page
    sign_all(rivera, issue(rivera, couple))
    assert gate.intake_allowed(couple)
    page = http.get(reverse("agreements:case", args=[couple.pk])).content.decode()
    assert "Mark fees and payment done" in page
    actions.complete_intake_step(acting_user=rivera, case=couple, step="fees")
