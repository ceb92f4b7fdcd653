"""Issue 14's findings table, the rows no own-suite scenario pinned down (docs/rules-coverage.md).

Each test decides a situation under the real rule pack and cites, in its docstring, the text
the row rests on, so a regression in the engine or a rule edit that drops the behaviour fails.
"""

from __future__ import annotations

from typing import Any

from confide.policy import decide, situation_from_dict
from confide.policy.decision import Decision


def advise(
    where: str, event: dict[str, Any], license_: str = "psychologist", **client: Any
) -> Decision:
    situation = {
        "jurisdiction": where,
        "clinician_license": license_,
        "client": {"age": 30, **client},
        "case": {"type": "individual"},
        "event": event,
    }
    return decide(situation_from_dict(situation))


def ask(requester: str, information: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "information_request",
        "requester": requester,
        "information": information,
        **extra,
    }


def cited(decision: Decision) -> set[str]:
    return {entry.rule for entry in decision.basis}


# --- federal: Part 2 (42 CFR 2.31, 2.51, 2.64; 2024 final rule) ------------------------------


def test_part2_subpoena_with_hipaa_assurances_is_prohibited() -> None:
    """42 CFR 2.64 / 2.13: SUD records need the client's consent or a 2.64 order; HIPAA's
    subpoena assurances do not make a release permissible (was "discretionary")."""
    decision = advise(
        "US-ME",
        ask(
            "attorney",
            ["substance_use_records"],
            purpose="legal_proceeding",
            legal_process="subpoena_with_assurances",
        ),
    )
    assert decision.obligation == "prohibited"
    assert "substance_use_records" not in decision.release_scope
    assert "record_release" not in decision.actions
    assert "us.part2.court_order" in cited(decision)


def test_part2_medical_emergency_permits_release_to_medical_personnel() -> None:
    """42 CFR 2.51: SUD records may go to medical personnel as far as a bona fide medical
    emergency needs, when prior consent cannot be obtained (was "never in an emergency")."""
    decision = advise(
        "US-ME",
        ask("treating_provider", ["substance_use_records"], purpose="treatment", emergency=True),
    )
    assert decision.outcome in {"disclose", "disclose_minimum_necessary"}
    assert "substance_use_records" in decision.release_scope
    assert "us.part2.medical_emergency" in cited(decision)
    assert "record_release" in decision.actions


def test_part2_single_consent_for_tpo_keeps_counseling_notes_apart() -> None:
    """42 CFR 2.31(a)(4)(i) (2024 rule): one consent may cover all future treatment, payment
    and health care operations; SUD counseling notes need a consent of their own."""
    authorization = {
        "covers": ["treatment_progress"],
        "recipient_matches": True,
        "expired": False,
        "revoked": False,
        "complete": True,
        "signed_by_all_participants": True,
    }
    decision = advise(
        "US-ME",
        ask(
            "treating_provider",
            ["treatment_progress", "substance_use_records", "psychotherapy_notes"],
            purpose="treatment",
            authorization=authorization,
        ),
    )
    assert decision.release_scope == ("treatment_progress",)
    assert {"us.part2.tpo_consent", "us.part2.counseling_notes"} <= cited(decision)
    assert "treatment, payment and health care operations" in decision.explanation
    assert "SUD counseling notes" in decision.explanation


# --- federal: police (164.512(f)(1)-(3)) -------------------------------------------------------


def test_police_grand_jury_subpoena_is_permitted_within_its_terms() -> None:
    """45 CFR 164.512(f)(1)(ii)(B): disclosure in compliance with a grand jury subpoena."""
    decision = advise(
        "US-ME",
        ask(
            "law_enforcement",
            ["attendance"],
            purpose="law_enforcement",
            legal_process="grand_jury_subpoena",
        ),
    )
    assert decision.outcome == "disclose_minimum_necessary"
    assert "us.hipaa.law_enforcement_process" in cited(decision)
    assert {"verify_legal_authority", "limit_to_minimum_necessary"} <= set(decision.actions)


def test_police_administrative_request_needs_the_three_conditions() -> None:
    """45 CFR 164.512(f)(1)(ii)(C): relevant and material, specific and limited, and
    de-identified information could not reasonably be used."""
    decision = advise(
        "US-ME",
        ask(
            "law_enforcement",
            ["attendance"],
            purpose="law_enforcement",
            legal_process="administrative_request",
        ),
    )
    assert decision.outcome == "disclose_minimum_necessary"
    assert "relevant and material" in decision.explanation
    assert "de-identified" in decision.explanation


def test_police_crime_victim_with_agreement() -> None:
    """45 CFR 164.512(f)(3): about a client who is a crime victim, with the client's
    agreement; nothing without process otherwise."""
    with_victim = advise(
        "US-ME",
        ask(
            "law_enforcement",
            ["attendance"],
            purpose="law_enforcement",
            client_is_crime_victim=True,
        ),
    )
    assert "us.hipaa.crime_victim" in cited(with_victim)
    plain = advise("US-ME", ask("law_enforcement", ["attendance"], purpose="law_enforcement"))
    assert "us.hipaa.crime_victim" not in cited(plain)
    assert plain.release_scope == ()


def test_police_identification_is_named_and_limited() -> None:
    """45 CFR 164.512(f)(2): only a few identifying facts, for identifying or locating a
    suspect, fugitive, material witness or missing person."""
    decision = advise("US-ME", ask("law_enforcement", ["attendance"], purpose="law_enforcement"))
    assert "us.hipaa.law_enforcement_identification" in cited(decision)
    assert "identify or locate" in decision.explanation


# --- federal: deceased clients and the client's own record ------------------------------------


def test_deceased_client_executor_is_the_personal_representative() -> None:
    """45 CFR 164.502(g)(4): the executor or administrator acts for a deceased client; the
    protection lasts 50 years (164.502(f))."""
    decision = advise(
        "US-ME",
        ask("guardian", ["treatment_progress"], requester_is_personal_representative=True),
        age=60,
        deceased=True,
    )
    assert "us.hipaa.deceased_personal_representative" in cited(decision)
    assert "executor or administrator" in decision.explanation


def test_deceased_client_family_involved_in_care() -> None:
    """45 CFR 164.510(b)(5): to family involved in care before the death, what is relevant
    to that involvement, unless the client expressed a contrary wish."""
    decision = advise("US-ME", ask("other_relative", ["attendance"]), age=60, deceased=True)
    assert "us.hipaa.deceased_family" in cited(decision)
    assert "us.hipaa.decedents" in cited(decision)
    assert "contrary wish" in decision.explanation


def test_own_record_is_not_cut_to_minimum_necessary() -> None:
    """45 CFR 164.502(b)(2)(ii): minimum necessary does not apply to the individual."""
    decision = advise("US-ME", ask("client_self", ["progress_notes", "diagnosis"]))
    assert "limit_to_minimum_necessary" not in decision.actions
    assert set(decision.release_scope) == {"progress_notes", "diagnosis"}
    assert "us.hipaa.minimum_necessary_individual" in cited(decision)


# --- states: minors' limits and MA elder reporters --------------------------------------------


def test_texas_minor_consent_names_its_three_purposes() -> None:
    """Tex. Fam. Code 32.004(a): suicide prevention, chemical addiction or dependency, and
    sexual, physical or emotional abuse; the limit is said, not silently assumed."""
    decision = advise(
        "US-TX",
        ask("parent", ["treatment_progress"], purpose="concern_for_wellbeing"),
        "counselor",
        age=15,
        consented_to_own_treatment=True,
    )
    assert "us-tx.minor_consent" in cited(decision)
    assert "suicide prevention" in decision.explanation
    assert "these purposes only" in decision.explanation


def test_florida_two_visits_a_week_is_a_condition() -> None:
    """Fla. Stat. 394.4784(2): a minor 13+ may consent to crisis services, at most two
    visits in any one week; past that the parent's consent is needed."""
    decision = advise(
        "US-FL",
        ask("parent", ["treatment_progress"], purpose="concern_for_wellbeing"),
        "counselor",
        age=14,
        consented_to_own_treatment=True,
    )
    assert "us-fl.minor_consent" in cited(decision)
    assert "at most 2 visits in any one week" in decision.explanation


def test_massachusetts_counselor_is_not_an_elder_abuse_reporter() -> None:
    """M.G.L. c.19A s.15(a) lists social workers and psychologists among others, but not
    licensed mental health counselors: for them a report is permitted, not required."""
    concern = {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False}
    counselor = advise("US-MA", concern, "counselor", age=80)
    social_worker = advise("US-MA", concern, "social_worker", age=80)
    assert social_worker.obligation == "required"
    assert counselor.obligation != "required"
    assert "us-ma.adult_abuse_reporting" in cited(counselor)


# --- Part B: state rules the engine could not express before ---------------------------------


def test_new_jersey_duty_adds_the_firearms_check() -> None:
    """N.J.S.A. 2A:62A-16 as amended in 2018 (A1181): a practitioner who incurs the duty must
    also give law enforcement the patient's identifying information for a firearms check,
    whichever precaution discharges the duty."""
    threat = {
        "kind": "safety_concern",
        "concern": "threat_to_identifiable_person",
        "imminent": True,
    }
    decision = advise("US-NJ", threat, "marriage_family_therapist")
    assert decision.obligation == "required"
    assert "firearms eligibility" in decision.explanation
    assert "notify_law_enforcement" in decision.actions


def test_oregon_privileged_communication_exception_for_psychologists() -> None:
    """ORS 124.060(2): a psychiatrist or psychologist need not report what was communicated
    in a privileged communication; State v. Judd (2019): a social worker is not excused."""
    concern = {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False}
    psychologist = advise("US-OR", concern, "psychologist", age=80)
    social_worker = advise("US-OR", concern, "social_worker", age=80)
    assert psychologist.obligation == social_worker.obligation == "required"
    assert "privileged communication" in psychologist.explanation
    assert "privileged communication" not in social_worker.explanation


def test_virginia_parent_access_denial_needs_a_listed_licence() -> None:
    """Va. Code 20-124.6(B) (as amended 2022, c. 509): only a written statement in the record by
    the minor's treating physician, clinical psychologist, clinical social worker or licensed
    professional counselor that access would be reasonably likely to cause substantial harm
    allows the parent's access to be denied; a marriage and family therapist is not listed."""
    request = ask("parent", ["treatment_progress"], purpose="concern_for_wellbeing")
    counselor = advise("US-VA", request, "counselor", age=15)
    therapist = advise("US-VA", request, "marriage_family_therapist", age=15)
    assert "us-va.minor_consent" in cited(therapist)
    assert "substantial harm" in counselor.explanation
    assert "not by a counselor" not in counselor.explanation
    assert "not by a marriage and family therapist" in therapist.explanation


def test_mississippi_alcohol_and_drug_route_for_minors() -> None:
    """Miss. Code 41-41-14 (as its bill titles describe it): a physician or psychologist may
    treat a minor of 15 or older for mental or emotional problems related to alcohol or drugs
    without parental consent; there is no general outpatient route."""
    request = ask("parent", ["treatment_progress"], purpose="concern_for_wellbeing")
    psychologist = advise("US-MS", request, "psychologist", age=16, consented_to_own_treatment=True)
    counselor = advise("US-MS", request, "counselor", age=16, consented_to_own_treatment=True)
    assert "A minor of 15 or older may still consent alone" in psychologist.explanation
    assert "may still consent alone" not in counselor.explanation
    assert psychologist.outcome == counselor.outcome  # the route is a condition, not assumed
