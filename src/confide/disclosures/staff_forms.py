"""The staff's forms of the disclosures app: request intake, matching, decisions, releases,
Ask confide and suspensions. Kept apart from `forms` (what clients and requesters fill in),
because every string of a client module must carry a Spanish translation; these are marked
for translation too, without that obligation. They validate input; `actions` does the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from confide import words
from confide.disclosures.forms import DateInput, Quiet, RequestForm
from confide.disclosures.vocabulary import (
    INFORMATION_CHOICES,
    LEGAL_PROCESS_CHOICES,
    PURPOSE_CHOICES,
    REQUESTER_CHOICES,
    ClinicianChoice,
)
from confide.policy.decision import OUTCOMES
from confide.policy.jurisdictions import STATE_CODES
from confide.policy.situation import (
    CASE_TYPES,
    CONCERNS,
    CONSULT_WITH,
    LICENSES,
    SECRETS_POLICIES,
    SETTINGS,
    VIOLATION_BY,
)
from confide.policy.vocabulary import PERPETRATORS
from confide.practice.models import Case, Client


def _words(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, words.say(v)[:1].upper() + words.say(v)[1:]) for v in values]


# Who is suspected of abuse (contract version 2 `event.alleged_perpetrator`), in plain words.
PERPETRATOR_CHOICES = [
    (word, words.PERPETRATOR_WORDS[word][:1].upper() + words.PERPETRATOR_WORDS[word][1:])
    for word in PERPETRATORS
]


class StaffRequestForm(RequestForm):
    """A request taken by staff: labels speak of the requester, and a client may be chosen."""

    requester_is_personal_representative = forms.BooleanField(
        label=_("The requester says they are the person's personal representative"), required=False
    )
    client = forms.ModelChoiceField(
        label=_("Client (if known)"), queryset=Client.objects.none(), required=False
    )
    case = forms.ModelChoiceField(
        label=_("Case the request concerns"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_(
            "Only the clinicians of this case will see the request. Leave empty when "
            "the client is in one case only (it is filled in) or has no case yet."
        ),
    )

    def __init__(
        self,
        *args: Any,
        clients: QuerySet[Client],
        cases: QuerySet[Case] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["case"].queryset = (  # type: ignore[attr-defined]
            Case.objects.none()
            if cases is None
            else cases.order_by("pk")  # titles are sealed: no SQL sort
        )
        self.fields["requester_name"].label = _("Requester's name")
        self.fields["requester_kind"].label = _("The requester is")
        self.fields["relationship"].label = _("Relationship to the client")
        self.fields["requester_contact"].label = _("Requester's contact details")
        self.fields["subject_name"].label = _("Name of the person asked about")
        self.fields["subject_date_of_birth"].label = _("Date of birth given (if any)")
        self.fields["client_is_crime_victim"].label = _(
            "Law enforcement asks about the client as the victim of a crime"
        )
        self.fields["client_is_crime_victim"].help_text = _(
            "45 CFR 164.512(f)(3): the client is then asked whether they agree to an answer."
        )


class MatchForm(Quiet, forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    case = forms.ModelChoiceField(
        label=_("Case (if the request concerns one)"), queryset=Case.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, clients: QuerySet[Client], cases: QuerySet[Case], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class DecisionForm(Quiet, forms.Form):
    choice = forms.ChoiceField(
        label=_("Your decision"), choices=ClinicianChoice.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("Outcome you decided on (when overriding)"),
        choices=[("", _("Choose…")), *_words(OUTCOMES)],
        required=False,
    )
    release_scope = forms.MultipleChoiceField(
        label=_("What may be released (when overriding; never more than the advice allows)"),
        choices=INFORMATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Your reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you override the advice."),
    )
    reply = forms.CharField(
        label=_("Reply to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Start from a draft below; it is kept with the decision."),
    )


class ReleaseForm(Quiet, forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Information to release"), widget=forms.CheckboxSelectMultiple
    )
    recipient_address = forms.CharField(label=_("Recipient's address"), max_length=300)
    summary = forms.CharField(
        label=_("Summary for the recipient"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed for attendance-free categories such as general progress or diagnosis."),
    )

    def __init__(self, *args: Any, scope: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(INFORMATION_CHOICES)
        self.fields["categories"].choices = [(c, labels[c]) for c in scope]  # type: ignore[attr-defined]
        self.fields["categories"].initial = scope


class AskForm(Quiet, forms.Form):
    """Every field of the spec's situation (spec/advise.md); irrelevant ones are ignored
    for the event kind chosen."""

    jurisdiction = forms.ChoiceField(
        label=_("Jurisdiction"),
        choices=[("US", "US (federal rules only)")]
        + [(f"US-{c}", f"US-{c}") for c in sorted(STATE_CODES)],
    )
    clinician_license = forms.ChoiceField(label=_("Your licence"), choices=_words(LICENSES))
    age = forms.IntegerField(label=_("Client's age"), min_value=0, max_value=130)
    has_capacity = forms.ChoiceField(
        label=_("Client has capacity"), choices=[("true", _("Yes")), ("false", _("No"))]
    )
    consented_to_own_treatment = forms.ChoiceField(
        label=_("Client consented to their own treatment"),
        choices=[("", _("Default (yes if 18 or over)")), ("true", _("Yes")), ("false", _("No"))],
        required=False,
    )
    deceased = forms.BooleanField(
        label=_("The client has died"),
        required=False,
        help_text=_(
            "A deceased client is not asked or seen; their executor or administrator acts for them."
        ),
    )
    sessions_consented_alone = forms.IntegerField(
        label=_("Sessions the client has had on their own consent"),
        min_value=0,
        max_value=10_000,
        required=False,
        help_text=_(
            "For a minor: some states limit how many sessions a minor may have alone. "
            "On a request, confide counts them from the records."
        ),
    )
    case_type = forms.ChoiceField(label=_("Case type"), choices=_words(CASE_TYPES))
    secrets_policy = forms.ChoiceField(
        label=_("Secrets policy"),
        choices=[("", _("None / not applicable")), *_words(SECRETS_POLICIES)],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            ("information_request", _("Someone asks for information")),
            ("safety_concern", _("A safety concern")),
            ("suspected_violation", _("A suspected confidentiality violation")),
            ("consultation", _("I want to consult about the case")),
        ],
    )
    requester = forms.ChoiceField(
        label=_("Requester"), choices=REQUESTER_CHOICES, required=False, initial="parent"
    )
    requester_is_personal_representative = forms.BooleanField(
        label=_("Requester is a personal representative"), required=False
    )
    information = forms.MultipleChoiceField(
        label=_("Information asked for"),
        choices=INFORMATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PURPOSE_CHOICES, required=False)
    legal_process = forms.ChoiceField(
        label=_("Legal process"), choices=LEGAL_PROCESS_CHOICES, required=False
    )
    emergency = forms.BooleanField(label=_("Emergency"), required=False)
    client_is_crime_victim = forms.BooleanField(
        label=_("Police ask about the client as the victim of a crime"),
        required=False,
        help_text=_("45 CFR 164.512(f)(3): the client is then asked whether they agree."),
    )
    has_authorization = forms.BooleanField(label=_("An authorization is on file"), required=False)
    auth_covers = forms.MultipleChoiceField(
        label=_("The authorization covers"),
        choices=INFORMATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    auth_recipient_matches = forms.BooleanField(
        label=_("It names this requester"), required=False, initial=True
    )
    auth_expired = forms.BooleanField(label=_("It has expired"), required=False)
    auth_revoked = forms.BooleanField(label=_("It was revoked"), required=False)
    auth_complete = forms.BooleanField(
        label=_("It has every required element"), required=False, initial=True
    )
    auth_signed_by_all = forms.BooleanField(
        label=_("Every participant signed it"), required=False, initial=True
    )
    concern = forms.ChoiceField(label=_("Concern"), choices=_words(CONCERNS), required=False)
    imminent = forms.BooleanField(label=_("Imminent"), required=False)
    serious = forms.ChoiceField(
        label=_("The threat is serious (of physical violence)"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        required=False,
        initial="true",
        help_text=_("For a threat: some states' duty turns on a serious threat, imminent or not."),
    )
    alleged_perpetrator = forms.ChoiceField(
        label=_("Who is suspected of the abuse"),
        choices=PERPETRATOR_CHOICES,
        required=False,
        initial="unknown",
        help_text=_(
            "For abuse: some states send the report to a different agency by who is suspected."
        ),
    )
    victim_age = forms.IntegerField(
        label=_("Age of the person harmed"),
        min_value=0,
        max_value=130,
        required=False,
        help_text=_("For elder or dependent-adult abuse: some states' duty depends on it."),
    )
    by = forms.ChoiceField(
        label=_("Suspected of the violation"), choices=_words(VIOLATION_BY), required=False
    )
    setting = forms.ChoiceField(label=_("Setting"), choices=_words(SETTINGS), required=False)
    consult_with = forms.ChoiceField(
        label=_("Consult with"), choices=_words(CONSULT_WITH), required=False
    )
    client_authorized = forms.BooleanField(label=_("The client authorized it"), required=False)

    def situation(self) -> dict[str, Any]:
        """The cleaned form as the JSON of spec/advise.md (parsed by the engine's parser)."""
        d = self.cleaned_data
        client: dict[str, Any] = {"age": d["age"], "has_capacity": d["has_capacity"] == "true"}
        if d.get("consented_to_own_treatment"):
            client["consented_to_own_treatment"] = d["consented_to_own_treatment"] == "true"
        if d.get("deceased"):
            client["deceased"] = True
        if d.get("sessions_consented_alone") is not None:
            client["sessions_consented_alone"] = d["sessions_consented_alone"]
        return {
            "jurisdiction": d["jurisdiction"],
            "clinician_license": d["clinician_license"],
            "client": client,
            "case": {"type": d["case_type"], "secrets_policy": d.get("secrets_policy") or None},
            "event": self._event(d),
        }

    def _event(self, d: dict[str, Any]) -> dict[str, Any]:
        kind = d["kind"]
        if kind == "safety_concern":
            return self._safety(d)
        if kind == "suspected_violation":
            return {"kind": kind, "by": d.get("by") or None, "setting": d.get("setting") or None}
        if kind == "consultation":
            return {
                "kind": kind,
                "with": d.get("consult_with") or None,
                "client_authorized": d["client_authorized"],
            }
        auth = None
        if d["has_authorization"]:
            auth = {
                "covers": list(d["auth_covers"]),
                "recipient_matches": d["auth_recipient_matches"],
                "expired": d["auth_expired"],
                "revoked": d["auth_revoked"],
                "complete": d["auth_complete"],
                "signed_by_all_participants": d["auth_signed_by_all"],
            }
        return {
            "kind": kind,
            "requester": d.get("requester") or None,
            "requester_is_personal_representative": d["requester_is_personal_representative"],
            "information": list(d["information"]),
            "purpose": d.get("purpose") or "other",
            "legal_process": d.get("legal_process") or "none",
            "authorization": auth,
            "emergency": d["emergency"],
            "client_is_crime_victim": d["client_is_crime_victim"],
        }

    @staticmethod
    def _safety(d: dict[str, Any]) -> dict[str, Any]:
        event: dict[str, Any] = {
            "kind": "safety_concern",
            "concern": d.get("concern") or None,
            "imminent": d["imminent"],
            "serious": d.get("serious") != "false",
            "alleged_perpetrator": d.get("alleged_perpetrator") or "unknown",
        }
        if d.get("victim_age") is not None:
            event["victim_age"] = d["victim_age"]
        return event


class SuspensionForm(Quiet, forms.Form):
    """An agency's request to suspend the client's access to one accounting entry."""

    agency = forms.CharField(
        label=_("Agency (health oversight or law enforcement)"), max_length=200
    )
    statement = forms.CharField(
        label=_("Their statement: why, and for how long"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    in_writing = forms.BooleanField(
        label=_("The request was made in writing"),
        required=False,
        help_text=_("An oral request suspends for 30 days at most."),
    )
    ends_on = forms.DateField(label=_("Suspended until"), widget=DateInput())
