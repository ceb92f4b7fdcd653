"""Writes tests/policy/scenarios/*.json: the project's own scenario suite.

Run `python tests/policy/make_scenarios.py` after editing. Each expectation below is written
from the law and practice guidance (the reference notes and the rule data's sources), never
from the engine's output; the state tables restate the category each state file records, so a
change to a state file that is not mirrored here fails a scenario on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "scenarios"
SCENARIOS: list[dict[str, Any]] = []


def add(
    name: str,
    source: str,
    event: dict[str, Any],
    expect: dict[str, list[str]],
    *,
    where: str = "US",
    license_: str = "psychologist",
    age: int = 30,
    client: dict[str, Any] | None = None,
    case: str = "individual",
    secrets: str | None = None,
) -> None:
    SCENARIOS.append(
        {
            "id": name,
            "source": source,
            "situation": {
                "jurisdiction": where,
                "clinician_license": license_,
                "client": {"age": age, **(client or {})},
                "case": {"type": case, "secrets_policy": secrets},
                "event": event,
            },
            "expect": expect,
        }
    )


def request(requester: str, info: list[str], **extra: Any) -> dict[str, Any]:
    return {"kind": "information_request", "requester": requester, "information": info, **extra}


def auth(covers: list[str], **flags: bool) -> dict[str, Any]:
    base = {
        "covers": covers,
        "recipient_matches": True,
        "expired": False,
        "revoked": False,
        "complete": True,
        "signed_by_all_participants": True,
    }
    return {**base, **flags}


NOTHING_OUT = ["record_release"]
EVERYTHING = [
    "attendance",
    "general_progress",
    "treatment_progress",
    "diagnosis",
    "progress_notes",
    "psychotherapy_notes",
    "another_participants_disclosures",
    "substance_use_records",
    "whole_record",
]

# --- duty to warn or protect (reference/us-duty-to-warn.md, category per state) -------------
MANDATORY = "AZ AR CA CO DE ID IL IN KY LA ME MD MA MI MN MT NE NV NH NJ OH TN UT VT VA WA"
CASE_LAW = "MO PA SC WI"  # GA moved to PERMISSIVE: Bradley Center was an inpatient case (issue 14)
PERMISSIVE = "AK CT DC GA HI KS MS NM NC OK OR RI WV WY"
# States whose precautions differ from "warn the victim and tell the police" (issue 14):
# ORC 2305.51 (any one of hospitalization, treatment plan, or police plus victim if feasible);
# Emerich (Pa. 1998): warning the victim discharges the duty.
PRECAUTIONS = {
    "OH": ["arrange_emergency_evaluation", "notify_law_enforcement", "record_release"],
    "PA": ["warn_threatened_person", "record_release"],
}
# AR and MD: the statute's precautions do not include warning the victim on its own; see the
# rules-a block below (issue 14).
OWN_PRECAUTIONS = {"AR", "MD"}
for code in (MANDATORY + " " + CASE_LAW).split():
    if code in OWN_PRECAUTIONS:
        continue
    add(
        f"threat-imminent-{code.lower()}",
        "duty to protect: a statute or case law in this state requires protective action",
        {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
        {
            "outcome_in": ["warn_and_protect"],
            "obligation_in": ["required"],
            "actions_include": PRECAUTIONS.get(
                code, ["warn_threatened_person", "notify_law_enforcement", "record_release"]
            ),
            "basis_includes": [f"us-{code.lower()}.duty_to_protect", "us.hipaa.serious_threat"],
        },
        where=f"US-{code}",
    )
for code in PERMISSIVE.split():
    add(
        f"threat-imminent-permissive-{code.lower()}",
        "duty to warn: this state permits protective disclosure but imposes no duty",
        {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
        {
            "outcome_in": ["warn_and_protect"],
            "obligation_in": ["discretionary"],
            "basis_includes": [f"us-{code.lower()}.duty_to_protect", "us.hipaa.serious_threat"],
        },
        where=f"US-{code}",
        license_="counselor",
    )
add(
    "threat-imminent-florida-law-enforcement",
    "Florida 2019: must notify law enforcement; warning the victim is permitted",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["notify_law_enforcement", "record_release"],
    },
    where="US-FL",
    license_="social_worker",
)
add(
    "threat-imminent-iowa-law-enforcement",
    "Iowa Code 228.7A: duty limited to notifying law enforcement",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["notify_law_enforcement"],
    },
    where="US-IA",
)
add(
    "threat-imminent-new-york-safe-act",
    "New York SAFE Act: report to the county director; victim warning permitted",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority", "record_release"],
    },
    where="US-NY",
)
add(
    "threat-imminent-texas-no-victim-warning",
    "Texas: disclosure only to medical or law enforcement personnel; Thapar v. Zezulka",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["discretionary"],
        "actions_include": ["notify_law_enforcement"],
        "actions_exclude": ["warn_threatened_person"],
    },
    where="US-TX",
)
add(
    "threat-imminent-federal-only",
    "HIPAA 164.512(j) permits but does not require protective disclosure",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {"outcome_in": ["warn_and_protect"], "obligation_in": ["discretionary"]},
)
for code, license_, required in [
    ("AL", "counselor", True),
    ("AL", "marriage_family_therapist", True),
    ("AL", "psychologist", False),
    ("ND", "marriage_family_therapist", True),
    ("ND", "social_worker", False),
    ("SD", "counselor", True),
    ("SD", "social_worker", True),
]:
    add(
        f"threat-imminent-{code.lower()}-{license_.replace('_', '-')}",
        "duty to warn differs by licence in this state",
        {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
        {
            "outcome_in": ["warn_and_protect"],
            "obligation_in": ["required" if required else "discretionary"],
        },
        where=f"US-{code}",
        license_=license_,
    )
for code in ("CA", "TX", "WA"):
    add(
        f"threat-not-imminent-{code.lower()}",
        "a threat not judged a serious threat of violence is assessed and worked on in therapy"
        " (spec v2: serious false)",
        {
            "kind": "safety_concern",
            "concern": "threat_to_identifiable_person",
            "imminent": False,
            "serious": False,  # a serious threat alone triggers the CA and WA duty (issue 14)
        },
        {
            "outcome_in": ["address_in_session"],
            "actions_include": ["discuss_with_client", "document_decision"],
            "actions_exclude": ["warn_threatened_person", "notify_law_enforcement"],
        },
        where=f"US-{code}",
    )

# --- mandated reporting -------------------------------------------------------------------
for code in [
    "CA",
    "NY",
    "TX",
    "FL",
    "IL",
    "PA",
    "OH",
    "MI",
    "GA",
    "NC",
    "VA",
    "WA",
    "AZ",
    "MA",
    "NJ",
    "CO",
]:
    add(
        f"child-abuse-{code.lower()}",
        "every state makes therapists mandated reporters of child abuse",
        {"kind": "safety_concern", "concern": "child_abuse", "imminent": False},
        {
            "outcome_in": ["report"],
            "obligation_in": ["required"],
            "actions_include": ["report_to_authority"],
            "actions_exclude": ["add_to_next_session_agenda"],
            "basis_includes": [f"us-{code.lower()}.child_abuse_reporting"],
        },
        where=f"US-{code}",
        license_="marriage_family_therapist" if code in "CA TX" else "psychologist",
    )
add(
    "child-abuse-federal-only",
    "CAPTA requires every state to mandate reporting; HIPAA 164.512(b) permits it",
    {"kind": "safety_concern", "concern": "child_abuse", "imminent": True},
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority", "notify_law_enforcement"],
        "basis_includes": ["us.hipaa.child_abuse_reporting"],
    },
)
for code in ["CA", "FL", "TX", "IL", "GA", "OH"]:
    for concern in ("elder_abuse", "dependent_adult_abuse"):
        add(
            f"{concern.replace('_', '-')}-{code.lower()}",
            "state law requires reports of abuse of elders and dependent adults",
            {"kind": "safety_concern", "concern": concern, "imminent": False},
            {
                "outcome_in": ["report"],
                "obligation_in": ["required"],
                "actions_include": ["report_to_authority", "notify_client"],
                "basis_includes": [
                    f"us-{code.lower()}.adult_abuse_reporting",
                    "us.hipaa.adult_abuse_reporting",
                ],
            },
            where=f"US-{code}",
            age=72 if concern == "elder_abuse" else 40,
        )
for code in ("NY", "PA"):
    add(
        f"elder-abuse-voluntary-{code.lower()}",
        "reporting elder abuse is voluntary here for outpatient therapists; 164.512(c) limits",
        {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False},
        {
            "outcome_in": ["report"],
            "obligation_in": ["discretionary"],
            "actions_include": ["discuss_with_client"],
        },
        where=f"US-{code}",
        age=80,
    )
for imminent in (True, False):
    add(
        f"self-harm-{'imminent' if imminent else 'not-imminent'}",
        "risk of self-harm: emergency evaluation when imminent, safety planning otherwise",
        {"kind": "safety_concern", "concern": "risk_of_self_harm", "imminent": imminent},
        {
            "outcome_in": ["warn_and_protect"] if imminent else ["address_in_session"],
            "actions_include": ["arrange_emergency_evaluation"]
            if imminent
            else ["add_to_next_session_agenda", "discuss_with_client"],
            "actions_exclude": ["report_to_authority"],
        },
        where="US-OR",
        age=16 if imminent else 34,
    )
    add(
        f"partner-violence-{'imminent' if imminent else 'not-imminent'}",
        "intimate partner violence against an adult client: client's choices, 164.512(c)",
        {"kind": "safety_concern", "concern": "intimate_partner_violence", "imminent": imminent},
        {
            "outcome_in": ["warn_and_protect"] if imminent else ["address_in_session"],
            "obligation_in": ["discretionary"],
            "actions_include": ["discuss_with_client"],
            "actions_exclude": [] if imminent else ["notify_law_enforcement"],
        },
        where="US-MN",
    )

# --- suspected violations ---------------------------------------------------------------------
for by in ("client", "case_participant", "related_person"):
    for setting in ("individual", "couple", "family", "group", "outside_practice"):
        add(
            f"violation-{by.replace('_', '-')}-{setting.replace('_', '-')}",
            "a suspected breach by someone in the client's life goes on the next session's agenda",
            {"kind": "suspected_violation", "by": by, "setting": setting},
            {
                "outcome_in": ["address_in_session"],
                "actions_include": ["add_to_next_session_agenda", "discuss_with_client"],
                "actions_exclude": [
                    "report_to_authority",
                    "notify_law_enforcement",
                    "notify_affected_individuals",
                ],
            },
            where="US-MA",
            case="group" if setting == "group" else "individual",
        )
for by in ("staff", "system"):
    for setting in ("individual", "outside_practice"):
        add(
            f"breach-{by}-{setting.replace('_', '-')}",
            "HIPAA breach notification 164.400-414: risk assessment and notification",
            {"kind": "suspected_violation", "by": by, "setting": setting},
            {
                "outcome_in": ["report"],
                "actions_include": ["assess_breach_risk", "notify_affected_individuals"],
                "actions_exclude": ["add_to_next_session_agenda"],
                "basis_includes": ["us.hipaa.breach_notification"],
            },
            where="US-CO",
        )
add(
    "violation-unknown-source",
    "unknown source: assess whether it is a breach and raise it with the client",
    {"kind": "suspected_violation", "by": "unknown", "setting": "outside_practice"},
    {"actions_include": ["assess_breach_risk", "discuss_with_client"]},
    where="US-NJ",
)

# --- consultation -------------------------------------------------------------------------
for with_ in ("supervisor", "peer_group", "training_audience"):
    add(
        f"consult-{with_.replace('_', '-')}-unauthorized",
        "APA 4.06/4.07, ACA, AAMFT 2.6, NASW: de-identify without the client's consent",
        {"kind": "consultation", "with": with_, "client_authorized": False},
        {
            "outcome_in": ["share_deidentified"],
            "actions_include": ["deidentify_material"],
            "actions_exclude": ["record_release"],
        },
        where="US-IL",
        license_={"supervisor": "counselor", "peer_group": "social_worker"}.get(
            with_, "marriage_family_therapist"
        ),
    )
    add(
        f"consult-{with_.replace('_', '-')}-authorized",
        "with the client's authorization, share what the consultation needs",
        {"kind": "consultation", "with": with_, "client_authorized": True},
        {
            "outcome_in": ["disclose_minimum_necessary", "disclose"],
            "actions_include": ["limit_to_minimum_necessary"],
            "actions_exclude": ["deidentify_material"],
        },
        where="US-IL",
    )
add(
    "consult-treating-team",
    "treatment disclosures within the treating team: 164.506",
    {"kind": "consultation", "with": "treating_team", "client_authorized": False},
    {
        "outcome_in": ["disclose", "disclose_minimum_necessary"],
        "actions_exclude": ["deidentify_material"],
    },
    where="US-MD",
)

# --- minors and parents (reference/us-minor-consent.md) ------------------------------------
MINOR_OWN_CONSENT = [  # (state, age, licence): the minor may consent; parents limited
    ("PA", 14, "psychologist"),
    ("CA", 12, "marriage_family_therapist"),
    ("CO", 13, "psychologist"),
    ("CT", 10, "counselor"),
    ("IL", 12, "social_worker"),
    ("MD", 12, "psychologist"),
    ("MI", 14, "counselor"),
    ("OH", 15, "psychologist"),
    ("OR", 14, "counselor"),
    ("WA", 13, "psychologist"),
    ("TX", 15, "counselor"),
    ("NY", 16, "psychologist"),
    ("NC", 15, "psychiatrist"),
    ("KY", 16, "counselor"),
    ("AR", 12, "psychologist"),
]
for code, age, license_ in MINOR_OWN_CONSENT:
    add(
        f"minor-own-consent-parent-asks-{code.lower()}",
        "164.502(g)(3): the parent is not the personal representative for care the minor "
        "lawfully consented to; state law decides what the parent may be told",
        request(
            "parent", ["treatment_progress", "progress_notes"], purpose="concern_for_wellbeing"
        ),
        {
            "outcome_in": ["general_information_only", "seek_consent"],
            "actions_include": ["involve_minor", "explain_confidentiality_policy"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": ["treatment_progress", "progress_notes"],
            "basis_includes": [f"us-{code.lower()}.minor_consent"],
        },
        where=f"US-{code}",
        license_=license_,
        age=age,
        client={"consented_to_own_treatment": True},
    )
MINOR_TOO_YOUNG = [  # the minor's own consent does not count here: the parent is the representative
    ("PA", 13, "psychologist"),
    ("CA", 11, "psychologist"),
    ("MI", 13, "counselor"),
    ("OH", 13, "social_worker"),
    ("GA", 16, "psychologist"),
    ("KS", 15, "counselor"),  # no outpatient minor-consent statute found (issue 14)
    ("MA", 16, "psychologist"),  # c.112 s.12F covers emancipated categories only
    ("ID", 17, "counselor"),
    ("NC", 15, "psychologist"),
    ("NY", 16, "counselor"),
]
for code, age, license_ in MINOR_TOO_YOUNG:
    add(
        f"minor-consent-not-recognised-{code.lower()}-{age}-{license_.replace('_', '-')}",
        "state law does not let this minor consent alone, so the parent is the personal "
        "representative (164.502(g)); psychotherapy notes stay back",
        request("parent", ["treatment_progress", "psychotherapy_notes"]),
        {
            "outcome_in": ["disclose_minimum_necessary"],
            "actions_include": ["involve_minor", "verify_legal_authority"],
            "release_scope_excludes": ["psychotherapy_notes"],
            "basis_includes": ["us.hipaa.personal_representative"],
        },
        where=f"US-{code}",
        license_=license_,
        age=age,
        client={"consented_to_own_treatment": True},
    )
add(
    "minor-virginia-parent-keeps-access",
    "Va. Code 20-124.6: parents keep record access even where the minor consented",
    request("parent", ["treatment_progress"]),
    {
        "outcome_in": ["disclose", "disclose_minimum_necessary"],
        "actions_include": ["involve_minor", "verify_requester_identity"],
    },
    where="US-VA",
    age=15,
    client={"consented_to_own_treatment": True},
)
for code in ("NJ", "AZ", "US"):
    add(
        f"minor-parent-consented-guardian-asks-{code.lower()}",
        "a parent-consented minor: the guardian is the personal representative",
        request("guardian", ["attendance", "diagnosis", "substance_use_records"]),
        {
            "outcome_in": ["disclose_minimum_necessary"],
            "actions_include": ["verify_legal_authority", "involve_minor"],
            "release_scope_excludes": ["substance_use_records"],
        },
        where=code if code == "US" else f"US-{code}",
        age=12,
        client={"consented_to_own_treatment": False},
    )
add(
    "minor-federal-only-own-consent",
    "federal rules only: state law silent, so the professional decides (164.502(g)(3)(ii)(C))",
    request("parent", ["general_progress"]),
    {
        "outcome_in": ["general_information_only"],
        "obligation_in": ["discretionary"],
        "actions_include": ["involve_minor", "offer_joint_session"],
        "release_scope_excludes": ["general_progress"],
    },
    age=16,
    client={"consented_to_own_treatment": True},
)

# --- family, representatives ----------------------------------------------------------------
for requester, code in [
    ("spouse_or_partner", "TX"),
    ("other_relative", "OH"),
    ("parent", "WA"),
    ("guardian", "MN"),
    ("spouse_or_partner", "NE"),
    ("other_relative", "AK"),
]:
    add(
        f"family-no-authorization-{requester.replace('_', '-')}-{code.lower()}",
        "family asking about an adult client without authorization: general information only",
        request(requester, ["general_progress", "diagnosis"], purpose="concern_for_wellbeing"),
        {
            "outcome_in": ["general_information_only", "seek_consent"],
            "actions_include": ["explain_confidentiality_policy", "discuss_with_client"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": ["general_progress", "diagnosis"],
        },
        where=f"US-{code}",
        age=27,
    )
add(
    "family-client-lacks-capacity",
    "164.510(b)(3): client unable to agree; share what bears on the relative's involvement",
    request("spouse_or_partner", ["attendance", "progress_notes"]),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "obligation_in": ["discretionary"],
        "release_scope_excludes": ["progress_notes"],
    },
    where="US-MO",
    age=67,
    client={"has_capacity": False},
)
add(
    "guardian-of-adult-personal-representative",
    "a court-appointed guardian is the personal representative (164.502(g)(2))",
    request(
        "guardian",
        ["treatment_progress", "psychotherapy_notes"],
        requester_is_personal_representative=True,
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "actions_include": ["verify_legal_authority"],
        "release_scope_excludes": ["psychotherapy_notes"],
    },
    where="US-IN",
    age=45,
    client={"has_capacity": False},
)
add(
    "spouse-with-health-care-power",
    "a spouse holding a health care power of attorney is a personal representative",
    request("spouse_or_partner", ["diagnosis"], requester_is_personal_representative=True),
    {
        "outcome_in": ["disclose"],
        "actions_include": ["verify_legal_authority", "verify_requester_identity"],
    },
    where="US-KS",
    age=58,
)

# --- authorizations ----------------------------------------------------------------------------
add(
    "authorization-covers-part-of-request",
    "164.508: release what the authorization covers, ask about the rest",
    request(
        "other_professional", ["diagnosis", "progress_notes"], authorization=auth(["diagnosis"])
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "actions_include": ["record_release", "obtain_written_authorization"],
        "release_scope_excludes": ["progress_notes"],
    },
    where="US-UT",
)
add(
    "authorization-names-psychotherapy-notes",
    "164.508(a)(2): an authorization that names psychotherapy notes permits their release",
    request(
        "attorney",
        ["psychotherapy_notes"],
        purpose="legal_proceeding",
        authorization=auth(["psychotherapy_notes"]),
    ),
    {
        "outcome_in": ["disclose"],
        "actions_include": ["record_release", "verify_requester_identity"],
    },
    where="US-NM",
)
add(
    "authorization-omits-psychotherapy-notes",
    "164.508(a)(2): an authorization for records does not reach psychotherapy notes",
    request(
        "employer",
        ["progress_notes", "psychotherapy_notes"],
        authorization=auth(["progress_notes", "whole_record"]),
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "release_scope_excludes": ["psychotherapy_notes"],
    },
    where="US-RI",
)
for flag, value in [
    ("expired", True),
    ("revoked", True),
    ("complete", False),
    ("recipient_matches", False),
]:
    add(
        f"authorization-defective-{flag.replace('_', '-')}",
        "164.508(b)(2): a defective authorization permits nothing",
        request(
            "school",
            ["attendance", "general_progress"],
            authorization=auth(["attendance", "general_progress"], **{flag: value}),
        ),
        {
            "outcome_in": ["seek_consent", "decline"],
            "actions_include": ["obtain_written_authorization"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": ["attendance", "general_progress"],
            "basis_includes": ["us.hipaa.authorization_valid"],
        },
        where="US-SC",
        age=16,
    )
for case, code, license_, state_rule in [
    ("family", "FL", "counselor", "us-fl.joint_release"),
    ("couple", "KS", "marriage_family_therapist", "us-ks.joint_release"),
    ("group", "TN", "social_worker", None),
]:
    add(
        f"joint-authorization-missing-signature-{case}-{code.lower()}",
        "AAMFT 2.2 and state law: every participant must authorize a release of joint records",
        request(
            "other_professional",
            ["treatment_progress"],
            authorization=auth(["treatment_progress"], signed_by_all_participants=False),
        ),
        {
            "outcome_in": ["seek_consent", "decline"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": ["treatment_progress"],
            **({"basis_includes": [state_rule]} if state_rule else {}),
        },
        where=f"US-{code}",
        license_=license_,
        case=case,
    )
add(
    "joint-authorization-signed-by-all",
    "a joint record released with every participant's authorization",
    request(
        "treating_provider",
        ["treatment_progress", "attendance"],
        purpose="other",
        authorization=auth(["treatment_progress", "attendance"]),
    ),
    {"outcome_in": ["disclose"], "actions_include": ["record_release"]},
    where="US-FL",
    license_="marriage_family_therapist",
    case="family",
)
add(
    "authorization-part2-substance-records",
    "42 CFR 2.31: a Part 2 consent naming substance use records permits their release",
    request(
        "other_professional",
        ["substance_use_records"],
        authorization=auth(["substance_use_records"]),
    ),
    {"outcome_in": ["disclose"], "basis_includes": ["us.part2.consent_required"]},
    where="US-ME",
)
add(
    "authorization-does-not-cover-request",
    "the authorization names other information than what is asked",
    request("insurer", ["progress_notes"], purpose="other", authorization=auth(["attendance"])),
    {
        "outcome_in": ["seek_consent"],
        "actions_include": ["obtain_written_authorization"],
        "release_scope_excludes": ["progress_notes"],
    },
    where="US-WV",
)

# --- participants -----------------------------------------------------------------------------
for case, policy, license_ in [
    ("couple", "no_secrets", "marriage_family_therapist"),
    ("family", "accommodation", "social_worker"),
    ("group", None, "counselor"),
    ("couple", "limited_secrets", "psychologist"),
]:
    add(
        f"participant-asks-private-{case}-{policy or 'none'}",
        "a participant never receives another participant's private disclosures",
        request("case_participant", ["another_participants_disclosures"]),
        {
            "outcome_in": ["decline"],
            "actions_include": ["invite_client_to_share"],
            "release_scope_excludes": ["another_participants_disclosures"],
        },
        where="US-NH",
        license_=license_,
        case=case,
        secrets=policy,
    )
add(
    "participant-asks-private-with-authorization",
    "even with a signed release, one participant's confidences do not go to another",
    request(
        "case_participant",
        ["another_participants_disclosures", "attendance"],
        authorization=auth(["another_participants_disclosures", "attendance"]),
    ),
    {"release_scope_excludes": ["another_participants_disclosures"]},
    where="US-VT",
    case="couple",
)
add(
    "participant-asks-progress",
    "a participant asking about the client's progress: the client decides, ideally in session",
    request("case_participant", ["treatment_progress", "another_participants_disclosures"]),
    {
        "outcome_in": ["seek_consent", "decline", "general_information_only"],
        "actions_include": ["invite_client_to_share"],
        "release_scope_excludes": ["treatment_progress", "another_participants_disclosures"],
    },
    where="US-DE",
    case="family",
)

# --- the client ---------------------------------------------------------------------------------
add(
    "client-asks-own-progress-notes",
    "164.524 right of access",
    request("client_self", ["progress_notes", "diagnosis"]),
    {"outcome_in": ["disclose"], "actions_include": ["verify_requester_identity"]},
    where="US-LA",
)
add(
    "client-asks-psychotherapy-notes",
    "164.524(a)(1)(i): no right of access to psychotherapy notes",
    request("client_self", ["psychotherapy_notes"]),
    {"outcome_in": ["decline", "seek_consent"], "release_scope_excludes": ["psychotherapy_notes"]},
    where="US-HI",
)
add(
    "client-asks-whole-file-in-couple-case",
    "access to one's own record, without the partner's private disclosures",
    request(
        "client_self", ["whole_record", "another_participants_disclosures", "psychotherapy_notes"]
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "release_scope_excludes": ["another_participants_disclosures", "psychotherapy_notes"],
    },
    where="US-MT",
    case="couple",
)

# --- legal process --------------------------------------------------------------------------
add(
    "court-order-progress-notes-state",
    "164.512(e)(1)(i): only what the order expressly requires",
    request(
        "court",
        ["progress_notes", "diagnosis"],
        purpose="legal_proceeding",
        legal_process="court_order",
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "obligation_in": ["required"],
        "actions_include": ["limit_to_minimum_necessary", "record_release", "notify_client"],
    },
    where="US-NV",
)
add(
    "court-order-psychotherapy-notes-only",
    "psychotherapy notes under an order: assert privilege and take legal advice",
    request(
        "court", ["psychotherapy_notes"], purpose="legal_proceeding", legal_process="court_order"
    ),
    {
        "outcome_in": ["decline", "seek_consent"],
        "actions_include": ["seek_legal_counsel", "assert_privilege"],
        "release_scope_excludes": ["psychotherapy_notes"],
    },
    where="US-KY",
)
add(
    "court-order-substance-use-records",
    "42 CFR 2.64: a Part 2 order needs specific findings; an ordinary order is not enough",
    request(
        "attorney",
        ["substance_use_records", "attendance"],
        purpose="legal_proceeding",
        legal_process="court_order",
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "release_scope_excludes": ["substance_use_records"],
        "basis_includes": ["us.part2.court_order"],
    },
    where="US-IN",
)
add(
    "court-order-whole-record",
    "164.514(d)(5): never the entire record without specific justification",
    request("court", ["whole_record", "treatment_progress"], legal_process="court_order"),
    {"outcome_in": ["disclose_minimum_necessary"], "release_scope_excludes": ["whole_record"]},
    where="US-OK",
    license_="social_worker",
)
add(
    "warrant-law-enforcement",
    "164.512(f)(1)(ii): a judicial warrant; verify it and release the minimum",
    request("law_enforcement", ["attendance"], purpose="law_enforcement", legal_process="warrant"),
    {
        "outcome_in": ["disclose_minimum_necessary", "disclose"],
        "actions_include": ["verify_legal_authority", "record_release"],
    },
    where="US-WI",
)
for requester, code in [("attorney", "NE"), ("insurer", "CT"), ("other", "GA")]:
    add(
        f"subpoena-alone-{requester}",
        "a subpoena alone is not enough (164.512(e)(1)(ii); state privilege)",
        request(
            requester,
            ["progress_notes", "substance_use_records"],
            purpose="legal_proceeding",
            legal_process="subpoena",
        ),
        {
            "outcome_in": ["decline", "seek_consent"],
            "actions_include": ["notify_client", "seek_legal_counsel", "assert_privilege"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": ["progress_notes", "substance_use_records"],
            "basis_includes": ["us.part2.court_order"],
        },
        where=f"US-{code}",
    )
add(
    "subpoena-with-assurances",
    "HIPAA assurances satisfied; state privilege still needs authorization or an order",
    request(
        "attorney",
        ["diagnosis"],
        purpose="legal_proceeding",
        legal_process="subpoena_with_assurances",
    ),
    {
        "outcome_in": ["seek_consent", "decline"],
        "actions_include": ["notify_client", "seek_legal_counsel"],
        "release_scope_excludes": ["diagnosis"],
    },
    where="US-AZ",
)

# --- strangers, police, courts without process ---------------------------------------------
for requester, code in [("law_enforcement", "CA"), ("other", "NY"), ("law_enforcement", "US")]:
    add(
        f"no-process-{requester.replace('_', '-')}-{code.lower()}",
        "unknown requester or police without process: neither confirm nor deny",
        request(
            requester,
            ["attendance"],
            purpose="law_enforcement" if requester != "other" else "other",
        ),
        {
            "outcome_in": ["decline"],
            "actions_include": ["verify_requester_identity"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": ["attendance"],
        },
        where=code if code == "US" else f"US-{code}",
    )
add(
    "court-asks-without-order",
    "a court's request without an order is not legal process",
    request("court", ["diagnosis"], purpose="legal_proceeding"),
    {"outcome_in": ["decline", "seek_consent"], "release_scope_excludes": ["diagnosis"]},
    where="US-SD",
)

# --- emergencies ------------------------------------------------------------------------------
add(
    "emergency-police-welfare-check",
    "164.512(j): minimum necessary to avert a serious and imminent threat",
    request(
        "law_enforcement",
        ["attendance", "treatment_progress", "psychotherapy_notes"],
        purpose="safety",
        emergency=True,
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "actions_include": ["limit_to_minimum_necessary", "record_release"],
        "release_scope_excludes": ["psychotherapy_notes"],
    },
    where="US-MI",
)
add(
    "emergency-only-notes-requested",
    "an emergency never justifies handing over psychotherapy notes or the whole record",
    request(
        "other_professional",
        ["psychotherapy_notes", "whole_record"],
        purpose="safety",
        emergency=True,
    ),
    {"release_scope_excludes": ["psychotherapy_notes", "whole_record"]},
    where="US-CO",
)
add(
    "emergency-relative-asks-diagnosis",
    "a relative able to help avert imminent harm may learn what they need",
    request("parent", ["diagnosis"], purpose="safety", emergency=True),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "actions_include": ["limit_to_minimum_necessary"],
    },
    where="US-UT",
    age=22,
)

# --- professionals, payers, others -------------------------------------------------------------
add(
    "treating-provider-for-treatment",
    "164.506(c): treatment disclosures between providers",
    request("treating_provider", ["diagnosis", "treatment_progress"], purpose="treatment"),
    {
        "outcome_in": ["disclose", "disclose_minimum_necessary"],
        "actions_include": ["verify_requester_identity"],
    },
    where="US-IA",
)
add(
    "treating-provider-wants-notes-and-sud",
    "treatment disclosures exclude psychotherapy notes and Part 2 records",
    request(
        "treating_provider",
        ["progress_notes", "psychotherapy_notes", "substance_use_records"],
        purpose="treatment",
    ),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "release_scope_excludes": ["psychotherapy_notes", "substance_use_records"],
    },
    where="US-MS",
)
add(
    "treating-provider-not-for-treatment",
    "a provider asking for another purpose needs the client's authorization",
    request("treating_provider", ["diagnosis"], purpose="research"),
    {"outcome_in": ["seek_consent"], "release_scope_excludes": ["diagnosis"]},
    where="US-DC",
)
add(
    "insurer-payment-minimum",
    "164.506 payment, minimum necessary: dates of service and diagnosis",
    request("insurer", ["attendance", "diagnosis", "progress_notes"], purpose="payment"),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "actions_include": ["limit_to_minimum_necessary"],
        "release_scope_excludes": ["progress_notes"],
    },
    where="US-NC",
)
add(
    "insurer-social-worker-needs-authorization",
    "NASW 1.07(h): no disclosure to third-party payers without authorization",
    request("insurer", ["attendance", "diagnosis"], purpose="payment"),
    {
        "outcome_in": ["seek_consent"],
        "release_scope_excludes": ["attendance", "diagnosis"],
        "basis_includes": ["us.ethics.nasw.1_07_h"],
    },
    where="US-NC",
    license_="social_worker",
)
add(
    "insurer-asks-psychotherapy-notes",
    "payers may not obtain psychotherapy notes without an authorization naming them",
    request("insurer", ["psychotherapy_notes"], purpose="payment"),
    {"outcome_in": ["seek_consent", "decline"], "release_scope_excludes": ["psychotherapy_notes"]},
    where="US-LA",
)
for requester, code, info, purpose in [
    ("employer", "TX", ["attendance"], "other"),
    ("school", "CA", ["diagnosis", "general_progress"], "concern_for_wellbeing"),
    ("other_professional", "WA", ["progress_notes"], "research"),
    ("attorney", "IL", ["whole_record"], "legal_proceeding"),
    ("public_health_authority", "MD", ["diagnosis"], "safety"),
    ("employer", "US", ["treatment_progress", "substance_use_records"], "other"),
]:
    add(
        f"third-party-{requester.replace('_', '-')}-{code.lower()}",
        "no rule permits this release without the client's written authorization",
        request(requester, info, purpose=purpose),
        {
            "outcome_in": ["seek_consent", "decline"],
            "actions_include": ["obtain_written_authorization"],
            "actions_exclude": ["record_release"],
            "release_scope_excludes": info,
        },
        where=code if code == "US" else f"US-{code}",
        age=17 if requester == "school" else 39,
    )
add(
    "supervisor-asks-about-case",
    "supervision: de-identified unless the client authorizes more",
    request("supervisor", ["treatment_progress"], purpose="treatment"),
    {"outcome_in": ["share_deidentified"], "release_scope_excludes": ["treatment_progress"]},
    where="US-WY",
)
add(
    "everything-asked-by-unknown",
    "a stranger asking for everything gets nothing",
    request("other", EVERYTHING),
    {"outcome_in": ["decline"], "release_scope_excludes": EVERYTHING},
    where="US-ND",
)

# --- rules-a: state findings re-read in the law's text (issue 14) -----------------------------
add(
    "state-co-elder-abuse",
    "C.R.S. 18-6.5-108(1): psychologists and other listed reporters must report mistreatment of an "
    "at-risk elder (70+) to a law enforcement agency within 24 hours",
    {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False},
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-co.adult_abuse_reporting"],
    },
    where="US-CO",
    license_="counselor",
    age=75,
)
add(
    "state-ga-elder-abuse",
    "O.C.G.A. 30-5-4: every person who must report child abuse under 19-7-5(c) must report abuse "
    "of a disabled adult or elder person (65+)",
    {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False},
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-ga.adult_abuse_reporting"],
    },
    where="US-GA",
    license_="marriage_family_therapist",
    age=70,
)
add(
    "state-ga-threat-not-required",
    "Bradley Center v. Wessner (Ga. 1982) concerned a hospital in control of an inpatient; no "
    "outpatient duty to warn was found, so protective disclosure is permitted, not required",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["discretionary"],
        "basis_includes": ["us-ga.duty_to_protect"],
    },
    where="US-GA",
    license_="psychologist",
)
add(
    "state-il-threat-clinical-psychologist",
    "405 ILCS 5/6-103(b), (c): a clinical psychologist's duty on a serious threat against a "
    "reasonably identifiable victim, discharged by warning the victim and police",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["warn_threatened_person", "notify_law_enforcement"],
        "basis_includes": ["us-il.duty_to_protect"],
    },
    where="US-IL",
    license_="psychologist",
)
add(
    "state-il-threat-other-licence",
    "405 ILCS 5/6-103 names physicians, clinical psychologists and qualified examiners only; "
    "another licence is permitted (740 ILCS 110/11), not required, to warn",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["discretionary"],
        "basis_includes": ["us-il.duty_to_protect"],
    },
    where="US-IL",
    license_="other",
)
add(
    "state-il-elder-abuse",
    "320 ILCS 20/4(a-5): a mandated reporter must report within 24 hours abuse of an eligible "
    "adult who cannot seek help",
    {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False},
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "basis_includes": ["us-il.adult_abuse_reporting"],
    },
    where="US-IL",
    license_="social_worker",
    age=80,
)
add(
    "state-fl-minor-parent-access",
    "Fla. Stat. 1014.04(1)(f): parents may access and review all medical records of their minor "
    "child unless the law prohibits it; 394.4784 does not, so the parent is not refused",
    request("parent", ["treatment_progress", "progress_notes"], purpose="concern_for_wellbeing"),
    {
        "outcome_in": ["disclose", "disclose_minimum_necessary"],
        "basis_includes": ["us-fl.minor_consent"],
    },
    where="US-FL",
    license_="counselor",
    age=14,
    client={"consented_to_own_treatment": True},
)
add(
    "state-wi-minor-parent-access",
    "Wis. Stat. 51.30(5)(b)1 (Wisconsin DHS, Client Rights: Minors, Records): a parent has a"
    " right to a minor's treatment records, and a minor of 14 or older cannot deny it; even"
    " emergency treatment under 51.138 without the parent's consent does not take it away",
    request("parent", ["treatment_progress", "progress_notes"], purpose="concern_for_wellbeing"),
    {
        "outcome_in": ["disclose", "disclose_minimum_necessary"],
        "basis_includes": ["us-wi.minor_consent"],
    },
    where="US-WI",
    license_="counselor",
    age=15,
    client={"consented_to_own_treatment": True},
)
add(
    "state-wv-adult-abuse-written-form",
    "WV DHHR, Adult Protective Services: mandatory reporters (mental health professionals among"
    " them, W. Va. Code 9-6-9) report immediately and file the APS Mandatory Report Form within"
    " 48 hours of the verbal report",
    {"kind": "safety_concern", "concern": "dependent_adult_abuse", "imminent": False},
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-wv.adult_abuse_reporting"],
    },
    where="US-WV",
    license_="social_worker",
    age=45,
)
add(
    "state-la-child-abuse-other-perpetrator",
    "La. Ch.C. art. 610(A): abuse by someone other than a parent or caretaker is reported to law "
    "enforcement; by a parent or caretaker to DCFS",
    {"kind": "safety_concern", "concern": "child_abuse", "imminent": False},
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-la.child_abuse_reporting"],
    },
    where="US-LA",
    license_="marriage_family_therapist",
)

add(
    "state-ar-threat-law-enforcement",
    "Ark. Code 20-45-202: on an explicit and imminent threat, the provider must notify law "
    "enforcement or arrange hospitalization; warning the victim is not one of the steps",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["notify_law_enforcement", "record_release"],
        "basis_includes": ["us-ar.duty_to_protect", "us.hipaa.serious_threat"],
    },
    where="US-AR",
)
add(
    "state-md-threat-any-precaution",
    "Md. Cts. & Jud. Proc. 5-609(c): the duty is discharged by seeking civil commitment, a "
    "treatment plan, or informing law enforcement and, if feasible, the victim",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["arrange_emergency_evaluation", "notify_law_enforcement"],
        "basis_includes": ["us-md.duty_to_protect", "us.hipaa.serious_threat"],
    },
    where="US-MD",
)
add(
    "state-ca-threat-serious-not-imminent",
    "Cal. Civ. Code 43.92: the duty arises on a serious threat of physical violence against a "
    "reasonably identifiable victim; imminence is not required",
    {
        "kind": "safety_concern",
        "concern": "threat_to_identifiable_person",
        "imminent": False,
        "serious": True,
    },
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["warn_threatened_person", "notify_law_enforcement"],
        "basis_includes": ["us-ca.duty_to_protect"],
    },
    where="US-CA",
    license_="marriage_family_therapist",
)
add(
    "state-co-threat-not-imminent",
    "C.R.S. 13-21-117(2): the duty needs a serious threat of imminent physical violence; a "
    "threat that is not imminent does not trigger it",
    {
        "kind": "safety_concern",
        "concern": "threat_to_identifiable_person",
        "imminent": False,
        "serious": True,
    },
    {
        "obligation_in": ["discretionary", "permitted"],
        "basis_includes": ["us-co.duty_to_protect"],
    },
    where="US-CO",
)
add(
    "state-ma-threat-any-precaution",
    "M.G.L. c.123 s.36B(1)(a) and s.1: an explicit threat to kill or seriously injure a "
    "reasonably identified victim; any one reasonable precaution discharges the duty",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": True},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "basis_includes": ["us-ma.duty_to_protect"],
    },
    where="US-MA",
)
add(
    "state-il-self-harm-clear-present-danger",
    "405 ILCS 5/6-103.3: a clinical psychologist who finds a clear and present danger must "
    "notify the Department of Human Services within 24 hours",
    {"kind": "safety_concern", "concern": "risk_of_self_harm", "imminent": True},
    {
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-il.self_harm"],
    },
    where="US-IL",
    license_="psychologist",
)
add(
    "state-co-elder-under-70",
    "C.R.S. 18-6.5-108(1): the mandatory report covers at-risk elders aged 70 or older; for a "
    "65-year-old without a disability reporting is urged, not required",
    {"kind": "safety_concern", "concern": "elder_abuse", "imminent": False, "victim_age": 65},
    {
        "obligation_in": ["discretionary", "permitted"],
        "basis_includes": ["us-co.adult_abuse_reporting"],
    },
    where="US-CO",
    license_="counselor",
    age=65,
)
add(
    "state-az-child-abuse-other-perpetrator",
    "A.R.S. 13-3620(A): if the person suspected does not have care, custody or control of the "
    "minor, the report goes to a peace officer only",
    {
        "kind": "safety_concern",
        "concern": "child_abuse",
        "imminent": False,
        "alleged_perpetrator": "other",
    },
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority", "notify_law_enforcement"],
        "basis_includes": ["us-az.child_abuse_reporting"],
    },
    where="US-AZ",
    license_="counselor",
)
add(
    "state-il-minor-eighth-session",
    "405 ILCS 5/3-501(a): a minor 12 to 17 may have eight 90-minute sessions on their own "
    "consent; once they are used, talk with the minor about involving a parent",
    request("parent", ["treatment_progress"], purpose="concern_for_wellbeing"),
    {
        "actions_include": ["discuss_with_client"],
        "basis_includes": ["us-il.minor_consent"],
    },
    where="US-IL",
    license_="counselor",
    age=14,
    client={"consented_to_own_treatment": True, "sessions_consented_alone": 8},
)
add(
    "state-al-majority-19",
    "Ala. Code 26-1-1: the age of majority is 19, so an 18-year-old is a minor and a parent who "
    "consented to the care is the personal representative",
    request("parent", ["treatment_progress"], purpose="concern_for_wellbeing"),
    {
        "basis_includes": ["us.hipaa.minor_personal_representative"],
    },
    where="US-AL",
    license_="counselor",
    age=18,
)


# --- Issue 14, states MS..WY (rules-b): one scenario per finding, citing the text read. ---
def state_concern(concern: str, imminent: bool, **extra: Any) -> dict[str, Any]:
    return {"kind": "safety_concern", "concern": concern, "imminent": imminent, **extra}


add(
    "state-nc-child-abuse-law-enforcement",
    "G.S. 14-318.6(b) (ncleg.gov, read 2026-12-01): any adult who knows a juvenile is the victim"
    " of a violent offense, sexual offense or misdemeanor child abuse must immediately report to"
    " local law enforcement, whoever committed it; 7B-301 (DSS) covers caretaker abuse only",
    state_concern("child_abuse", False, alleged_perpetrator="other"),
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["notify_law_enforcement"],
        "basis_includes": ["us-nc.child_abuse_reporting"],
    },
    where="US-NC",
)
add(
    "state-nc-child-abuse-caretaker-dss-and-police",
    "G.S. 7B-301: caretaker abuse goes to the county DSS director; G.S. 14-318.6 adds an"
    " immediate law enforcement report for violent or sexual offenses, whoever committed them",
    state_concern("child_abuse", False, alleged_perpetrator="caretaker"),
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority", "notify_law_enforcement"],
        "basis_includes": ["us-nc.child_abuse_reporting"],
    },
    where="US-NC",
)
add(
    "state-sc-child-abuse-non-caretaker-police",
    "S.C. Code 63-7-310(B): abuse believed committed by someone other than a parent, guardian"
    " or person responsible for the child's welfare is reported to law enforcement",
    state_concern("child_abuse", False, alleged_perpetrator="other"),
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["notify_law_enforcement"],
        "basis_includes": ["us-sc.child_abuse_reporting"],
    },
    where="US-SC",
)
for code, age, cite in (
    ("NE", 18, "Neb. Rev. Stat. 43-2101: all persons under nineteen are minors"),
    ("MS", 20, "Miss. Code 1-3-27: a minor is a person under twenty-one"),
):
    add(
        f"state-{code.lower()}-majority-parent-asks-about-{age}-year-old",
        f"{cite}; the parent is the personal representative of a minor who did not consent"
        " to their own care (45 CFR 164.502(g)(3))",
        {
            "kind": "information_request",
            "requester": "guardian",
            "information": ["attendance", "diagnosis"],
        },
        {
            "outcome_in": ["disclose", "disclose_minimum_necessary"],
            "actions_include": ["verify_legal_authority", "involve_minor"],
        },
        where=f"US-{code}",
        age=age,
        client={"consented_to_own_treatment": False},
    )
add(
    "state-ne-self-harm-law-enforcement",
    "Neb. Rev. Stat. 38-2137 (nebraskalegislature.gov, read 2026-12-01): the duty arises on a"
    " serious threat of physical violence against himself or herself and is discharged by"
    " communicating the threat to the victim and to a law enforcement agency (the authority the"
    " report goes to)",
    state_concern("risk_of_self_harm", True),
    {
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority", "arrange_emergency_evaluation"],
        "basis_includes": ["us-ne.self_harm"],
    },
    where="US-NE",
    license_="counselor",
)
add(
    "state-ny-self-harm-director-of-community-services",
    "N.Y. Mental Hyg. Law 9.46(b): a mental health professional who judges a client likely to"
    " engage in conduct resulting in serious harm to self must report, as soon as practicable,"
    " to the county director of community services",
    state_concern("risk_of_self_harm", True),
    {
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority", "arrange_emergency_evaluation"],
        "basis_includes": ["us-ny.self_harm"],
    },
    where="US-NY",
)
for code, rule in (("NE", "us-ne.duty_to_protect"), ("NH", "us-nh.duty_to_protect")):
    add(
        f"state-{code.lower()}-threat-serious-not-imminent",
        "the duty turns on a serious threat against a reasonably identifiable victim, not on"
        " imminence (Neb. Rev. Stat. 38-2137; RSA 330-A:35 / 330-C:25)",
        state_concern("threat_to_identifiable_person", False, serious=True),
        {
            "outcome_in": ["warn_and_protect"],
            "obligation_in": ["required"],
            "basis_includes": [rule],
        },
        where=f"US-{code}",
        license_="counselor",
    )
add(
    "state-ny-threat-serious-not-imminent-report",
    "MHL 9.46: 'likely to engage in conduct that would result in serious harm to ... others'"
    " requires the report to the director of community services without any imminence test",
    state_concern("threat_to_identifiable_person", False, serious=True),
    {
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-ny.duty_to_protect"],
    },
    where="US-NY",
)
add(
    "state-oh-threat-any-precaution",
    "ORC 2305.51: an explicit threat of imminent serious harm to a clearly identifiable victim;"
    " any one listed step discharges the duty, hospitalization among them",
    state_concern("threat_to_identifiable_person", True),
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["arrange_emergency_evaluation"],
        "basis_includes": ["us-oh.duty_to_protect"],
    },
    where="US-OH",
)
add(
    "state-pa-threat-warning-discharges",
    "Emerich v. Phila. Ctr. for Human Dev., 720 A.2d 1032 (Pa. 1998): a specific and immediate"
    " threat against an identifiable victim creates a duty to warn, discharged by warning the"
    " victim",
    state_concern("threat_to_identifiable_person", True),
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["warn_threatened_person"],
        "basis_includes": ["us-pa.duty_to_protect"],
    },
    where="US-PA",
)
add(
    "state-oh-minor-after-sixth-session",
    "ORC 5122.04(B) and Ohio Adm. Code 5122-27-04 (codes.ohio.gov, read 2026-12-01): six"
    " sessions or thirty days on the minor's own consent; then end services or, with the"
    " minor's consent, ask the parent: the parent is still not told without the minor",
    request("parent", ["treatment_progress"], purpose="concern_for_wellbeing"),
    {
        "actions_include": ["involve_minor"],
        "actions_exclude": ["record_release"],
        "release_scope_excludes": ["treatment_progress"],
        "basis_includes": ["us-oh.minor_consent"],
    },
    where="US-OH",
    age=15,
    client={"consented_to_own_treatment": True, "sessions_consented_alone": 6},
)
add(
    "state-tx-counselor-may-advise-parents",
    "Tex. Fam. Code 32.004(b)(2): a counselor may, with or without the child's consent, advise"
    " the parents of the treatment given or needed; the child's records are not released",
    request("parent", ["treatment_progress"], purpose="concern_for_wellbeing"),
    {
        "outcome_in": ["general_information_only", "disclose_minimum_necessary"],
        "actions_exclude": ["record_release"],
        "basis_includes": ["us-tx.minor_consent"],
    },
    where="US-TX",
    license_="counselor",
    age=15,
    client={"consented_to_own_treatment": True},
)
add(
    "state-tx-elder-abuse-dfps",
    "Tex. Hum. Res. Code 48.051(a): every person with cause to believe an elderly person (65+)"
    " is abused must report immediately to DFPS",
    state_concern("elder_abuse", False, victim_age=70),
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-tx.adult_abuse_reporting"],
    },
    where="US-TX",
    age=70,
)
add(
    "state-nj-elder-abuse-health-professional-must-report",
    "N.J. Legislature committee statement to A4620 (2021): current law requires health care"
    " professionals to report abuse of a vulnerable adult to the county APS provider",
    state_concern("elder_abuse", False),
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "actions_include": ["report_to_authority"],
        "basis_includes": ["us-nj.adult_abuse_reporting"],
    },
    where="US-NJ",
    age=80,
)
add(
    "state-wi-elder-abuse-conditional-duty",
    "Wis. Stat. 46.90(4)(ab): health care providers, social workers, counselors and MFTs must"
    " report an elder adult at risk in three situations (asked to; imminent serious risk and"
    " unable to judge; others at risk); confide takes the duty as required and names them",
    state_concern("elder_abuse", False, victim_age=80),
    {
        "outcome_in": ["report"],
        "obligation_in": ["required"],
        "basis_includes": ["us-wi.adult_abuse_reporting"],
    },
    where="US-WI",
    age=80,
)

add(
    "state-tn-minor-16-adult-rights",
    "TCA 33-8-202 (official code, Public.Resource.Org release 76): a child of 16 or older has"
    " the same rights as an adult for outpatient treatment and confidential information, so a"
    " parent who asks is given general information only, not the record",
    request("parent", ["treatment_progress", "progress_notes"], purpose="concern_for_wellbeing"),
    {
        "outcome_in": ["general_information_only"],
        "obligation_in": ["permitted"],
        "basis_includes": ["us-tn.minor_consent"],
    },
    where="US-TN",
    license_="counselor",
    age=16,
    client={"consented_to_own_treatment": True},
)
add(
    "state-nd-threat-mft-warns-victim-and-police",
    "N.D.C.C. 43-53-11(2), (3) (official code, Public.Resource.Org release 81): a licensed MFT's"
    " duty arises on a serious threat of physical violence against a reasonably identifiable"
    " victim and is discharged by reasonable efforts to tell the victim and a law enforcement"
    " agency; imminence is not required",
    {"kind": "safety_concern", "concern": "threat_to_identifiable_person", "imminent": False},
    {
        "outcome_in": ["warn_and_protect"],
        "obligation_in": ["required"],
        "actions_include": ["warn_threatened_person", "notify_law_enforcement"],
        "basis_includes": ["us-nd.duty_to_protect"],
    },
    where="US-ND",
    license_="marriage_family_therapist",
)
add(
    "state-dc-minor-consents-outpatient",
    "D.C. Code 7-1231.14(b) (Council's official code): a provider may give outpatient services"
    " to a minor who seeks them voluntarily without a parent's consent; the parent is told only"
    " with the minor's consent, so a parent who asks gets general information, not the record",
    request("parent", ["treatment_progress", "progress_notes"], purpose="concern_for_wellbeing"),
    {
        "outcome_in": ["general_information_only"],
        "basis_includes": ["us-dc.minor_consent"],
    },
    where="US-DC",
    license_="social_worker",
    age=14,
    client={"consented_to_own_treatment": True},
)
add(
    "state-hi-minor-care-not-disclosed",
    "HRS 577-29(a)-(c): a mature minor of 14 or older may consent to counseling; the covered"
    " entity keeps minor-initiated care from the parent, so a parent who asks is given general"
    " information only, without the record",
    request("parent", ["treatment_progress", "progress_notes"], purpose="concern_for_wellbeing"),
    {
        "outcome_in": ["general_information_only"],
        "obligation_in": ["permitted"],
        "basis_includes": ["us-hi.minor_consent"],
    },
    where="US-HI",
    license_="counselor",
    age=15,
    client={"consented_to_own_treatment": True},
)

add(
    "state-al-minor-15-needs-parent",
    "Ala. Code 22-8-4 as amended by Act 2025-455 (Alabama Board of Medical Examiners page): since"
    " 2025-10-01 a minor must be 16 to consent alone (it was 14), so a 15-year-old's own consent"
    " does not count and the parent is the personal representative",
    request("parent", ["treatment_progress", "psychotherapy_notes"]),
    {
        "outcome_in": ["disclose_minimum_necessary"],
        "actions_include": ["involve_minor", "verify_legal_authority"],
        "release_scope_excludes": ["psychotherapy_notes"],
        "basis_includes": ["us.hipaa.personal_representative"],
    },
    where="US-AL",
    license_="counselor",
    age=15,
    client={"consented_to_own_treatment": True},
)
add(
    "state-al-minor-16-parent-keeps-access",
    "Act 2025-455 (Alabama Board of Medical Examiners page): providers may not deny a parent"
    " access to a minor's health information unless a court order prohibits it or the parent"
    " is under investigation for a crime against the child, even where the minor consented",
    request("parent", ["treatment_progress"]),
    {
        "outcome_in": ["disclose", "disclose_minimum_necessary"],
        "actions_include": ["involve_minor", "verify_requester_identity"],
        "basis_includes": ["us-al.minor_consent"],
    },
    where="US-AL",
    license_="counselor",
    age=16,
    client={"consented_to_own_treatment": True},
)

# Scenarios written by hand (each citing the text read), kept when the rest are regenerated.
HAND_WRITTEN = ("federal-", "threat-serious-", "subpoena-couple-")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    names = [s["id"] for s in SCENARIOS]
    assert len(names) == len(set(names)), "duplicate scenario ids"
    for old in OUT.glob("*.json"):
        if not old.name.startswith(HAND_WRITTEN):
            old.unlink()
    for scenario in SCENARIOS:
        path = OUT / f"{scenario['id']}.json"
        path.write_text(json.dumps(scenario, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(SCENARIOS)} scenarios to {OUT}")


if __name__ == "__main__":
    main()
