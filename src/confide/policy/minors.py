"""What a minor's own consent covers in a state that limits it, and what follows once it runs out.

The contract gives the engine one count, `client.sessions_consented_alone` (spec/advise.md,
version 2), so a limit in sessions is applied; a limit per week (Florida's two visits in any
one week) or in days cannot be counted from the situation, and the contract admits no other
field, so it is stated as a condition the clinician checks, with what happens past it.
"""

from __future__ import annotations

from confide.policy.draft import Draft
from confide.policy.rules_model import MinorConsent
from confide.policy.vocabulary import LICENSE_WORDS, licence_names


def minor_licence(draft: Draft, rule: MinorConsent, license_: str) -> None:
    """When the own-consent statute names licences and not this one: a verified list means the
    statute does not apply (the caller has already refused the minor's consent); an unverified
    one changes nothing but is said, so the clinician checks the text before relying on it."""
    if rule.covers(license_):
        return
    citation, names = rule.rule.citation, licence_names(rule.licenses)
    if rule.may_not_cover(license_):
        draft.say(
            f"This state's minor-consent statute may not cover your licence ({citation}): "
            f"check the text. It names care by {names}; until that reading is verified, "
            "confide applies only the statute's age rule and recognises the minor's consent."
        )
        return
    draft.say(
        f"This state's minor-consent statute ({citation}) names care by {names}, not by "
        f"{LICENSE_WORDS[license_]}, so the minor's own consent is not recognised under it."
    )


def minor_limits(draft: Draft, rule: MinorConsent, sessions: int | None) -> None:
    """Say what the minor's own consent covers, and what happens once it runs out."""
    if not rule.has_limits:
        return
    draft.say(f"The minor's own consent is limited here ({', '.join(_bounds(rule))}).")
    after = rule.after_limit or "the parent's or guardian's consent is needed to continue"
    _session_limit(draft, rule, sessions, after)
    if rule.sessions_per_week:
        draft.say(
            "Count the visits in the last seven days. The minor's own consent covers at most "
            f"{_visits(rule.sessions_per_week)} in any one week. Before "
            f"{_next_visit(rule.sessions_per_week + 1)} within the same seven days: {after}."
        )
    if rule.max_days:
        draft.say(
            "Count the days since the minor began treatment on their own consent. After "
            f"{rule.max_days} days: {after}."
        )


def _bounds(rule: MinorConsent) -> list[str]:
    bounds = []
    if rule.max_sessions:
        bounds.append(f"{rule.max_sessions} sessions")
    if rule.max_days:
        bounds.append(f"{rule.max_days} days")
    if rule.sessions_per_week:
        bounds.append(f"{rule.sessions_per_week} sessions a week")
    if rule.purposes:
        bounds.append("these purposes only: " + "; ".join(rule.purposes))
    return bounds


def _session_limit(draft: Draft, rule: MinorConsent, sessions: int | None, after: str) -> None:
    if rule.limit_reached(sessions):
        draft.say(
            f"The client has had {sessions} sessions on their own consent, so the limit is "
            f"used up: {after}. Talk with the young person about involving the parent."
        )
        draft.act("discuss_with_client")
    elif rule.max_sessions and sessions is None:
        draft.say(
            "Check how many sessions the client has had on their own consent; once the limit "
            f"is reached, {after}."
        )
    elif rule.max_sessions and sessions is not None:
        left = rule.max_sessions - sessions
        draft.say(
            f"The client has had {sessions} of the {rule.max_sessions} sessions their own "
            f"consent covers ({left} left); once they are used, {after}."
        )


def _visits(count: int) -> str:
    return "one visit" if count == 1 else f"{count} visits"


def _next_visit(number: int) -> str:
    """'a third visit' for the visit past the limit ('visit 8' past larger limits)."""
    names = {2: "a second", 3: "a third", 4: "a fourth", 5: "a fifth"}
    return f"{names[number]} visit" if number in names else f"visit {number}"


def minor_conditions(
    draft: Draft, rule: MinorConsent, age: int, license_: str, *, lawful: bool
) -> None:
    """The judgments a minor's own consent hangs on (a maturity test, a narrower route such as
    Miss. Code 41-41-14, the KRS 214.185(3) unaccompanied youth): the situation cannot say the
    clinician made them, so confide never assumes them; it says what each one changes and
    that it must be made and documented."""
    if lawful and rule.maturity_required:
        draft.say(
            f"The minor's own consent counts here only once you find that {rule.maturity_test}. "
            "Make that judgment yourself and document it; confide has "
            "not assumed it. Without it, the parent or guardian is the personal representative."
        )
    conditions = _conditions(rule, age, license_, lawful=lawful)
    for condition in conditions:
        draft.say(condition)
    if conditions and not lawful:
        draft.say(_IF_JUDGED)


def _conditions(rule: MinorConsent, age: int, license_: str, *, lawful: bool) -> list[str]:
    found = []
    if not lawful and rule.maturity_may_admit(age):
        found.append(
            f"A minor below {rule.age} may still consent alone if you find that "
            f"{rule.maturity_test}. confide has not assumed that judgment."
        )
    if not lawful and rule.route_may_admit(age, license_):
        found.append(
            f"A minor of {rule.route_age} or older may still consent alone to "
            f"{LICENSE_WORDS[license_]} if {rule.route_condition}. Check that it holds and "
            "document it; confide has not assumed it."
        )
    if rule.other_licenses_condition and not rule.covers(license_) and age >= rule.age:
        found.append(
            f"For {LICENSE_WORDS[license_]}, the statute lets the minor consent alone only if "
            f"{rule.other_licenses_condition}. Check that it holds and document it; confide "
            "has not assumed it."
        )
    return found


_IF_JUDGED = (
    "Before sharing anything with the parent, check your record: if you made and documented "
    "that finding, the minor's own consent governs, and the parent is not the personal "
    "representative for that care."
)


def part2_minor(draft: Draft, *, signed: bool = False) -> None:
    """42 CFR 2.14 on a minor's substance use disorder records. Who must consent turns on the
    state law for that treatment (often not the mental-health rule confide holds), which the
    situation cannot say, so both branches are stated; the parent alone never suffices."""
    draft.cite("us.part2.minors")
    if signed:
        draft.say(
            "The client is a minor: check that the consent for substance use disorder records "
            "carries the minor's own signature, and the parent's or guardian's as well where "
            "state law required their consent to that treatment."
        )
        return
    draft.say(
        "A parent or guardian cannot consent alone to releasing a minor's substance use "
        "disorder records."
    )
    draft.say(
        "If state law let the minor consent to that treatment alone, only the minor may consent "
        "to a disclosure, to the parent as to anyone; if it required the parent's consent, the "
        "minor and the parent must both sign."
    )


def access_denial(draft: Draft, rule: MinorConsent, license_: str) -> None:
    """Where parents keep access, the one finding that lets it be denied, and who may make it:
    HIPAA's own ground (endangerment, 164.502(g)(5)) is not the state's test."""
    if not rule.access_denial_test:
        return
    if rule.access_denial_licenses and license_ not in rule.access_denial_licenses:
        draft.say(
            f"The parent's access may be denied only on a written statement in the minor's "
            f"record by {licence_names(rule.access_denial_licenses)} treating the minor, not "
            f"by {LICENSE_WORDS[license_]}, that {rule.access_denial_test}."
        )
        return
    draft.say(
        "The parent's access may be denied only if you put in the minor's record a written "
        f"statement that {rule.access_denial_test}."
    )
