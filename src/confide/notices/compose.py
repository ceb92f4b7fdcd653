"""The Notice of Privacy Practices, composed from the rule pack for the practice's state.

Every element 45 CFR 164.520(b)(1) asks for is a section here, in plain words (the rule asks
for plain language; we aim at grade 8): the header (i), uses and disclosures with examples
(ii), the individual's rights (iv), the practice's duties (v), complaints (vi), the contact
(vii) and the effective date (viii). Where the state's law is stricter (minors, threats,
abuse reports, privilege) the notice says what the state's rule says and cites it
(164.520(b)(1)(ii)(C)); with substance use disorder records it adds the 42 CFR Part 2
statements. The output uses the agreements' tiny line format ("# ", "## ", "- ", "[n] ")
so `agreements.markup.blocks` renders it, and it is deterministic: the same inputs and
language give the same text.

The words are marked for translation and composed once per shipped language
(settings.LANGUAGES) from the same rule data; Spanish follows the terms of HHS's Spanish model
notice (locale/GLOSSARY.md). Rule titles in the footnotes are in the reader's language
(`confide.rule_titles`), and so is the agency a report goes to (`confide.rule_agencies`);
the citations and what staff typed (the contact) stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from confide.licences import engine_word
from confide.policy import jurisdiction
from confide.policy.jurisdictions import Jurisdiction, StateRules
from confide.rule_agencies import rule_agency
from confide.rule_titles import rule_title

LANGUAGE = "en"  # the source language
DATE_FORMAT = "%d %B %Y"
# Other languages write dates with Django's localized month names (e.g. "5 de marzo de 2027").
DATE_FORMATS = {"es": r"j \d\e F \d\e Y"}
Cite = tuple[str, str, str]  # (rule id, title, citation)
Lookup = Callable[[str], Cite]
MUST_ACT = {"mandatory", "mandatory_law_enforcement_only", "case_law"}


# 164.520(b)(1)(i): this statement, as a header or otherwise prominently displayed.
HEADER = gettext_noop(
    "THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND DISCLOSED AND "
    "HOW YOU CAN GET ACCESS TO THIS INFORMATION. PLEASE REVIEW IT CAREFULLY."
)
HHS_COMPLAINTS = gettext_noop(
    "the Office for Civil Rights, U.S. Department of Health and Human Services, 200 "
    "Independence Avenue SW, Washington, D.C. 20201, phone 1-877-696-6775, or online at "
    "www.hhs.gov/ocr/complaints"
)


@dataclass(frozen=True)
class NoticeInputs:
    practice_name: str
    jurisdiction: str
    effective_on: dt.date
    contact_title: str
    contact_phone: str
    contact_email: str = ""
    contact_address: str = ""
    holds_part2: bool = False
    licence_types: tuple[str, ...] = ()
    version: int = 1


@dataclass
class _Notes:
    """Footnotes in reading order: each rule cited once, marked [n] where it is used."""

    items: list[Cite] = field(default_factory=list)

    def cite(self, *rules: Cite) -> str:
        marks = []
        for rule in rules:
            if rule not in self.items:
                self.items.append(rule)
            marks.append(f"[{self.items.index(rule) + 1}]")
        return "".join(marks)


def _date(day: dt.date) -> str:
    """The date in words in the active language (the English form predates translations)."""
    language = translation.get_language() or LANGUAGE
    if language == LANGUAGE:
        return day.strftime(DATE_FORMAT).lstrip("0")
    return dateformat.format(day, DATE_FORMATS.get(language, "j F Y"))


def _agency(report_to: str) -> str:
    """Where a report goes, in the active language (the rule data writes it in English)."""
    return rule_agency(report_to, translation.get_language() or LANGUAGE)


def _licences(held: tuple[str, ...]) -> list[str]:
    words = [w for w in (engine_word(h) for h in held) if w]
    return words or ["psychologist"]


def compose(inputs: NoticeInputs, language: str = LANGUAGE) -> str:
    """The notice's whole text for these inputs, in `language`. Raises KeyError for an
    unknown state."""
    with translation.override(language):
        return _compose(inputs)


def _compose(inputs: NoticeInputs) -> str:
    place = jurisdiction(inputs.jurisdiction)
    notes = _Notes()

    def rule(rule_id: str) -> Cite:
        found = place.rule(rule_id)
        return (found.id, found.title, found.citation)

    title = _("Notice of Privacy Practices: %(practice)s") % {"practice": inputs.practice_name}
    lines = [f"# {title}", _(HEADER)]
    lines.append(
        _(
            "Version %(version)s. Effective date: %(date)s. "
            "This notice follows federal law and the law of %(place)s."
        )
        % {"version": inputs.version, "date": _date(inputs.effective_on), "place": place.name}
    )
    lines += _summary()
    lines += _everyday(notes, rule)
    lines += _without_permission(notes, rule)
    if place.state is not None:
        lines += _state(notes, place, _licences(inputs.licence_types))
    if inputs.holds_part2:
        lines += _part2(notes, rule)
    lines += _with_permission(notes, rule)
    lines += _rights(notes, rule)
    lines += _duties(notes, rule)
    lines += _complaints(inputs)
    lines += _contact(inputs)
    lines.append("## " + _("Notes: the laws behind this notice"))
    language = translation.get_language() or LANGUAGE
    lines += [
        f"[{i}] {rule_title(title, language)}. {citation}."
        for i, (_id, title, citation) in enumerate(notes.items, 1)
    ]
    return "\n".join(lines) + "\n"


def _summary() -> list[str]:
    return [
        "## " + _("In short"),
        _("What you tell us is private. We keep it safe."),
        _("We use it to care for you, to get paid and to run our practice."),
        _(
            "We share it with others only when you say yes in writing, or when the law says we "
            "must or may. This notice lists those times."
        ),
        _("You have rights to your own record. You can see it, get a copy and ask us to fix it."),
    ]


def _everyday(notes: _Notes, rule: Lookup) -> list[str]:
    tpo = notes.cite(rule("us.hipaa.treatment_payment_operations"))
    least = notes.cite(rule("us.hipaa.minimum_necessary"))
    family = notes.cite(rule("us.hipaa.family_involvement"))
    return [
        "## " + _("How we use and share your information for your care"),
        _("We may use and share your information in these ways without asking you first.")
        + f" {tpo}",
        "- "
        + _(
            "Treatment: to care for you. For example, your therapist may talk with your doctor "
            "about a medicine you take."
        ),
        "- "
        + _(
            "Payment: to get paid for your care. For example, we send your health plan the "
            "dates of your sessions and a diagnosis so it will pay us."
        ),
        "- "
        + _(
            "Health care operations: to run our practice well. For example, we may check our "
            "records to make sure our care is good."
        ),
        _("We share only as much as is needed for the purpose.") + f" {least}",
        "- "
        + _(
            "Family and friends: if you are here and you agree, we may talk with someone who "
            "helps with your care. If you cannot agree, for example in an emergency, we may "
            "share what that person needs to know if we think it is best for you."
        )
        + f" {family}",
    ]


def _without_permission(notes: _Notes, rule: Lookup) -> list[str]:
    r = rule
    by_law = notes.cite(r("us.hipaa.required_by_law"))
    threat = notes.cite(r("us.hipaa.serious_threat"))
    child = notes.cite(r("us.hipaa.child_abuse_reporting"))
    adult = notes.cite(r("us.hipaa.adult_abuse_reporting"))
    court = notes.cite(r("us.hipaa.judicial_order"), r("us.hipaa.judicial_subpoena"))
    police = notes.cite(r("us.hipaa.law_enforcement"))
    return [
        "## " + _("Other times we may share your information without your permission"),
        _(
            "The law lets us, or makes us, share your information in the cases below. We share "
            "only what is needed."
        ),
        "- " + _("When a law requires it.") + f" {by_law}",
        "- "
        + _(
            "For public health and safety: for example, to report abuse or neglect, or to stop "
            "a serious threat to someone's health or safety."
        )
        + f" {child}{adult}{threat}",
        "- "
        + _(
            "For health oversight: to agencies that check on health care, such as licensing "
            "boards, in audits or inspections."
        ),
        "- "
        + _(
            "In court: when a judge orders it. A subpoena alone is not enough. We will tell "
            "you, so you can object, or we need a court order."
        )
        + f" {court}",
        "- "
        + _(
            "To the police: when the law requires it, for example with a court order or a "
            "warrant, or in a few emergencies."
        )
        + f" {police}",
        "- "
        + _("For research: only when a review board approves it and your privacy is protected."),
        "- "
        + _(
            "To a medical examiner or funeral director, and for organ donation, when someone "
            "has died."
        ),
        "- " + _("For workers' compensation claims, as the law allows."),
        "- "
        + _(
            "For special government work: the military, national security and the protection "
            "of the President, and prisons, when the law allows."
        ),
        "- "
        + _(
            "To our business associates: companies that help us, such as a billing service. "
            "They must sign a contract to keep your information safe."
        ),
    ]


def _threat_line(place: Jurisdiction, notes: _Notes, licences: list[str]) -> list[str]:
    """'Must' when the duty binds any licence this practice holds, else 'may'."""
    state = place.state
    assert state is not None
    duty = state.duty_to_protect
    mark = notes.cite((duty.rule.id, duty.rule.title, duty.rule.citation))
    name = {"name": state.name}
    categories = {duty.category_for(word) for word in licences}
    if categories & MUST_ACT:
        line = _(
            "Threats: if you make a serious threat to hurt someone who can be named, %(name)s "
            "law says your therapist must act to protect them. We may warn that person and "
            "tell the police."
        )
    elif "permissive" in categories:
        line = _(
            "Threats: if you make a serious threat to hurt someone, %(name)s law lets us warn "
            "that person or tell the police, to keep them safe."
        )
    else:
        line = _(
            "Threats: %(name)s law does not make us warn. Federal law still lets us act to stop "
            "a serious threat to someone's safety."
        )
    return [f"- {line % name} {mark}"]


def _state(notes: _Notes, place: Jurisdiction, licences: list[str]) -> list[str]:
    state = place.state
    assert state is not None
    name = {"name": state.name}
    lines = [
        "## " + _("Stricter rules in %(name)s") % name,
        _("%(name)s law protects you more than federal law in some cases. Here is what it says.")
        % name,
    ]
    lines += _threat_line(place, notes, licences)
    if state.self_harm is not None:
        harm = state.self_harm
        mark = notes.cite((harm.rule.id, harm.rule.title, harm.rule.citation))
        line = (
            _("Danger to yourself: if you are in danger of hurting yourself, we must tell %(to)s.")
            if harm.mandatory
            else _(
                "Danger to yourself: if you are in danger of hurting yourself, we may tell %(to)s."
            )
        )
        lines.append(f"- {line % {'to': _agency(harm.report_to)}} {mark}")
    child = state.child_abuse
    mark = notes.cite((child.rule.id, child.rule.title, child.rule.citation))
    line = _(
        "Child abuse: if we think a child is being hurt or neglected, we must report it to %(to)s."
    ) % {"to": _agency(child.report_to)}
    lines.append(f"- {line} {mark}")
    lines.append(_adult_line(notes, state))
    lines += _minors(notes, state)
    if state.privilege is not None:
        priv = state.privilege.rule
        mark = notes.cite((priv.id, priv.title, priv.citation))
        line = (
            _(
                "Court cases: %(name)s law lets you keep what you tell your therapist out of "
                "court. We share it in court only with your written OK, or when a judge orders it."
            )
            % name
        )
        lines.append(f"- {line} {mark}")
    return lines


def _adult_line(notes: _Notes, state: StateRules) -> str:
    adult = state.adult_abuse
    mark = notes.cite((adult.rule.id, adult.rule.title, adult.rule.citation))
    if adult.mandatory:
        line = _(
            "Abuse of an adult: if we think an older adult or an adult who needs care is being "
            "hurt, neglected or cheated, we must report it to %(to)s."
        )
    else:
        line = _(
            "Abuse of an adult: if we think an older adult or an adult who needs care is being "
            "hurt, neglected or cheated, we may report it to %(to)s."
        )
    return f"- {line % {'to': _agency(adult.report_to)}} {mark}"


def _minors(notes: _Notes, state: StateRules) -> list[str]:
    minor = state.minor_consent
    mark = notes.cite((minor.rule.id, minor.rule.title, minor.rule.citation))
    if minor.age > 0:
        start = _(
            "Young people: in %(name)s, a young person aged %(age)s or older can agree to their "
            "own counseling."
        ) % {"name": state.name, "age": minor.age}
    else:
        start = _(
            "Young people: in %(name)s, a young person can agree to their own counseling only "
            "in some cases."
        ) % {"name": state.name}
    access = {
        "none": _("Then parents do not get the records of that care."),
        "with_minor_consent": _("Then parents see the records only if the young person agrees."),
        "discretionary": _(
            "Then the therapist decides, with the young person, what parents are told."
        ),
        "full": _("Parents can still see the records."),
    }.get(minor.parent_access, "")
    adults = _("Young people become adults at %(age)s here.") % {"age": state.age_of_majority}
    return [f"- {start} {access} {adults} {mark}"]


def _part2(notes: _Notes, rule: Lookup) -> list[str]:
    consent = notes.cite(rule("us.part2.consent_required"))
    court = notes.cite(rule("us.part2.court_order"))
    minors = notes.cite(rule("us.part2.minors"))
    return [
        "## " + _("Records of substance use treatment"),
        _(
            "We keep records of treatment for alcohol or drug use. A federal law, 42 CFR Part "
            "2, protects them even more than your other records."
        ),
        "- "
        + _(
            "We share them only with your written consent, except in a few cases such as a "
            "medical emergency. You may give one consent for treatment, payment and operations."
        )
        + f" {consent}",
        "- "
        + _(
            "These records will not be used or shared in a court case, or any other case, "
            "against you, unless you agree in writing or a judge orders it after a hearing. A "
            "subpoena alone is never enough."
        )
        + f" {court}",
        "- "
        + _(
            "Where a young person may agree to their own treatment, only they may agree to "
            "share these records, even with parents."
        )
        + f" {minors}",
        "- "
        + _(
            "Breaking this law is a crime. You may report a concern to us, or to the U.S. "
            "Attorney for your area and to the Substance Abuse and Mental Health Services "
            "Administration."
        ),
    ]


def _with_permission(notes: _Notes, rule: Lookup) -> list[str]:
    auth = notes.cite(rule("us.hipaa.authorization_required"))
    psy = notes.cite(rule("us.hipaa.psychotherapy_notes"))
    return [
        "## " + _("When we need your written permission"),
        _("For any other use or sharing, we need your written permission (an authorization).")
        + f" {auth}",
        "- "
        + _(
            "Psychotherapy notes: your therapist's separate private notes about sessions are "
            "shared only with your written permission."
        )
        + f" {psy}",
        "- "
        + _("Marketing: we never use your information to sell you things without your permission."),
        "- " + _("Selling information: we never sell your information."),
        _(
            "You may take back (revoke) your permission at any time, in writing. This does not "
            "undo what we already shared while we had your permission."
        ),
    ]


def _rights(notes: _Notes, rule: Lookup) -> list[str]:
    access = notes.cite(rule("us.hipaa.right_of_access"))
    accounting = notes.cite(rule("us.hipaa.accounting"))
    return [
        "## " + _("Your rights"),
        _("You have these rights. To use one, ask the person named at the end of this notice."),
        "- "
        + _(
            "See and get a copy of your record, on paper or electronically. We will answer "
            "within 30 days. We may charge a fair fee for the cost of copies."
        )
        + f" {access}",
        "- "
        + _(
            "Ask us to correct your record if you think something is wrong or missing. We may "
            "say no, but we will tell you why in writing within 60 days."
        ),
        "- "
        + _(
            "Ask us to contact you in a private way, for example at another address or phone "
            "number. We will say yes to reasonable requests."
        ),
        "- "
        + _(
            "Ask us to limit what we use or share. We do not have to agree, and we may say no "
            "if it would affect your care. But if you pay for a service in full yourself, you "
            "can ask us not to share it with your health plan, and we will say yes unless a law "
            "makes us share it."
        ),
        "- "
        + _(
            "Get a list of the times we shared your information in the last six years, who got "
            "it and why. It leaves out treatment, payment and operations and some other cases. "
            "One list a year is free."
        )
        + f" {accounting}",
        "- "
        + _("Get a paper copy of this notice at any time, even if you agreed to get it by email."),
        "- "
        + _(
            "Choose someone to act for you: a guardian or someone with legal power to make your "
            "health decisions can use your rights for you."
        ),
    ]


def _duties(notes: _Notes, rule: Lookup) -> list[str]:
    breach = notes.cite(rule("us.hipaa.breach_notification"))
    return [
        "## " + _("Our duties"),
        "- "
        + _(
            "The law requires us to keep your information private and safe, and to give you "
            "this notice of our legal duties and privacy practices."
        ),
        "- "
        + _(
            "We will tell you quickly if a breach happens that may have put your information at "
            "risk."
        )
        + f" {breach}",
        "- " + _("We must follow the notice that is in effect now."),
        "- "
        + _(
            "We may change this notice, and a change will apply to all the information we keep "
            "about you. A new notice will be on our web site and in our office, and we will give "
            "you a copy if you ask."
        ),
    ]


def _complaints(inputs: NoticeInputs) -> list[str]:
    return [
        "## " + _("Complaints"),
        _(
            "If you think we did not protect your privacy, you can complain to us. Tell "
            "%(contact)s at %(phone)s, or write to us."
        )
        % {"contact": inputs.contact_title, "phone": inputs.contact_phone},
        _("You can also complain to the U.S. Department of Health and Human Services: %(hhs)s.")
        % {"hhs": _(HHS_COMPLAINTS)},
        _("We will never act against you or treat you worse for making a complaint."),
    ]


def _contact(inputs: NoticeInputs) -> list[str]:
    lines = [
        "## " + _("Questions and contact"),
        _(
            "For questions about this notice or to use your rights, contact %(contact)s, phone "
            "%(phone)s."
        )
        % {"contact": inputs.contact_title, "phone": inputs.contact_phone},
    ]
    if inputs.contact_email:
        lines.append(
            _("Email: %(email)s. Please do not put private details in email.")
            % {"email": inputs.contact_email}
        )
    if inputs.contact_address:
        lines.append(_("Address:") + " " + " ".join(inputs.contact_address.split()))
    lines.append(_("This notice takes effect on %(date)s.") % {"date": _date(inputs.effective_on)})
    return lines
