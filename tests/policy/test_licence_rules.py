"""Rules that depend on the clinician's licence: a privilege statute or a minor-consent statute
that names only some licences. On the fictional pack (tests/policy/fixtures/XX.toml) and edits
of it, so both outcomes (a verified list, an unverified one) are tested whatever the real
rule data says today."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from confide.policy import decide, situation_from_dict
from confide.policy.decision import Decision
from confide.policy.jurisdictions import Jurisdiction, parse_state_file
from confide.policy.rules_model import RuleDataError
from tests.policy.test_engine_v2 import FIXTURE, edited, place

# The fixture's privilege names psychologists, social workers and psychiatrists; its minor
# consent names every licence but marriage and family therapists.
PRIVILEGE_VERIFIED = 'confidence = "verified"\nexcerpt = "a patient has a privilege to refuse'
PRIVILEGE_SECONDARY = 'confidence = "secondary"\nexcerpt = "a patient has a privilege to refuse'
MINOR_VERIFIED = 'confidence = "verified"\nexcerpt = "not more than 8 sessions"'
MINOR_SECONDARY = 'confidence = "secondary"\nexcerpt = "not more than 8 sessions"'


def advise(
    license_: str, event: dict[str, Any], where: Jurisdiction | None = None, **client: Any
) -> Decision:
    data = {
        "jurisdiction": "US-CA",
        "clinician_license": license_,
        "client": {"age": 30, **client},
        "event": event,
    }
    return decide(situation_from_dict(data), where or place())


def subpoena(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "information_request",
        "requester": "attorney",
        "information": ["progress_notes"],
        "legal_process": "subpoena",
        **fields,
    }


def parent_asks(license_: str, where: Jurisdiction | None = None) -> Decision:
    event = {"kind": "information_request", "requester": "parent", "information": ["diagnosis"]}
    return advise(license_, event, where, age=14, consented_to_own_treatment=True)


# --- privilege ----------------------------------------------------------------------------------


def test_a_covered_licence_asserts_the_states_privilege() -> None:
    decision = advise("social_worker", subpoena())
    assert "assert_privilege" in decision.actions
    assert "The privilege to assert is Fixture State's" in decision.explanation
    assert "does not cover" not in decision.explanation


def test_a_verified_privilege_is_not_claimed_for_a_licence_it_leaves_out() -> None:
    decision = advise("counselor", subpoena())
    assert (decision.outcome, decision.obligation) == ("decline", "prohibited")
    assert "assert_privilege" not in decision.actions
    assert {"notify_client", "seek_legal_counsel"} <= set(decision.actions)
    assert "the state privilege does not cover this licence" in decision.explanation
    assert "not with a counselor" in decision.explanation
    assert "164.512(e)" in decision.explanation
    assert "The privilege to assert is" not in decision.explanation
    assert "us-xx.privilege" in {entry.rule for entry in decision.basis}


@pytest.mark.parametrize(
    "event",
    [
        subpoena(legal_process="subpoena_with_assurances"),
        subpoena(legal_process="court_order", information=["psychotherapy_notes"]),
        subpoena(legal_process="grand_jury_subpoena", requester="law_enforcement"),
    ],
    ids=["assured-subpoena", "court-order", "grand-jury"],
)
def test_no_legal_process_asserts_a_privilege_the_licence_lacks(event: dict[str, Any]) -> None:
    left_out = advise("marriage_family_therapist", event)
    covered = advise("psychologist", event)
    assert "assert_privilege" not in left_out.actions
    assert "assert_privilege" in covered.actions
    assert "does not cover this licence" in left_out.explanation


def test_a_joint_record_is_not_called_privileged_for_a_licence_left_out() -> None:
    data = {
        "jurisdiction": "US-CA",
        "clinician_license": "counselor",
        "client": {"age": 30},
        "case": {"type": "couple", "secrets_policy": "no_secrets"},
        "event": subpoena(),
    }
    decision = decide(situation_from_dict(data), place())
    assert "assert the privilege on behalf of each" not in decision.explanation
    assert "own written authorization" in decision.explanation


def test_an_unverified_privilege_list_cautions_and_still_asserts(tmp_path: Path) -> None:
    where = edited(tmp_path, PRIVILEGE_VERIFIED, PRIVILEGE_SECONDARY)
    decision = advise("counselor", subpoena(), where)
    assert "assert_privilege" in decision.actions
    assert "may not cover your licence (Fixture Evid. Code 99): check the text" in (
        decision.explanation
    )
    assert "does not cover this licence" not in decision.explanation
    assert decision.outcome == advise("psychologist", subpoena(), where).outcome


def test_a_privilege_without_a_list_covers_every_licence(tmp_path: Path) -> None:
    where = edited(tmp_path, 'licenses = ["psychologist", "social_worker", "psychiatrist"]\n', "")
    assert "assert_privilege" in advise("counselor", subpoena(), where).actions


# --- minors' own consent -------------------------------------------------------------------------


def test_a_verified_minor_consent_list_refuses_a_licence_it_leaves_out() -> None:
    where = place()
    assert where.state is not None and where.state.minor_consent.rule.verified
    left_out = parent_asks("marriage_family_therapist", where)
    covered = parent_asks("counselor", where)
    too_young = advise(
        "counselor",
        {"kind": "information_request", "requester": "parent", "information": ["diagnosis"]},
        where,
        age=11,
        consented_to_own_treatment=True,
    )
    assert covered.outcome == "general_information_only"
    # The same path as a minor too young to consent: the parent is the representative.
    assert (left_out.outcome, left_out.obligation) == (too_young.outcome, too_young.obligation)
    assert left_out.outcome != "general_information_only"
    assert "the minor's own consent is not recognised under it" in left_out.explanation
    assert "not by a marriage and family therapist" in left_out.explanation
    assert "may not cover" not in left_out.explanation


def test_an_unverified_minor_consent_list_only_cautions(tmp_path: Path) -> None:
    where = edited(tmp_path, MINOR_VERIFIED, MINOR_SECONDARY)
    left_out = parent_asks("marriage_family_therapist", where)
    covered = parent_asks("counselor", where)
    assert (left_out.outcome, left_out.obligation) == (covered.outcome, covered.obligation)
    assert left_out.outcome == "general_information_only"
    assert "may not cover your licence (Fixture Code 2-1): check the text" in left_out.explanation
    assert "may not cover" not in covered.explanation


def test_the_licence_list_does_not_change_the_age_rule() -> None:
    rule = place().state
    assert rule is not None
    consent = rule.minor_consent
    assert consent.lets_minor_consent(12, "counselor")
    assert not consent.lets_minor_consent(11, "counselor")
    assert not consent.lets_minor_consent(17, "marriage_family_therapist")  # verified list
    assert not consent.may_not_cover("marriage_family_therapist")
    # The list lives on the consent rule, not on its Rule: exceptions stay listed for all.
    assert not consent.rule.licenses


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "key"),
    [
        ('licenses = ["psychologist", "social_worker", "psychiatrist"]', "privilege.licenses"),
        (
            'licenses = ["psychologist", "counselor", "social_worker", "psychiatrist"]',
            "minor_consent.licenses",
        ),
    ],
)
def test_an_unknown_licence_names_file_and_key(tmp_path: Path, old: str, key: str) -> None:
    text = FIXTURE.read_text()
    assert old in text
    path = tmp_path / "XX.toml"
    path.write_text(text.replace(old, 'licenses = ["psychologist", "astrologer"]', 1))
    with pytest.raises(RuleDataError) as error:
        parse_state_file(path)
    assert error.value.key == key
    assert "XX.toml" in str(error.value) and "'astrologer'" in str(error.value)


def test_older_treating_licenses_must_agree(tmp_path: Path) -> None:
    text = FIXTURE.read_text()
    old = 'licenses = ["psychologist", "counselor", "social_worker", "psychiatrist"]\n'
    path = tmp_path / "XX.toml"
    path.write_text(text.replace(old, old + 'treating_licenses = ["psychiatrist"]\n', 1))
    with pytest.raises(RuleDataError) as error:
        parse_state_file(path)
    assert error.value.key == "minor_consent.treating_licenses"
    same = text.replace(old, old.replace("licenses", "treating_licenses"), 1)
    path.write_text(same)
    state = parse_state_file(path)
    assert not state.minor_consent.covers("marriage_family_therapist")
