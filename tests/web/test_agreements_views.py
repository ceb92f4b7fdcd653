"""Agreement pages: outsiders get 404, one audit view per page, bad input changes nothing,
the handout reads at grade 8 or below and cites the rule data."""

from __future__ import annotations

import datetime as dt

import pytest
import textstat
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.agreements.attention_providers import agreement_items
from confide.agreements.markup import plain_language
from confide.agreements.models import Agreement, GateOverride, Signature
from confide.audit.models import AuditEvent
from confide.practice.models import Case
from tests.web.test_agreements_support import (
    add_guardian,
    born_years_ago,
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
    sign_all,
    text_hash,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def couple(rivera: User) -> Case:
    maria = make_client(rivera, "Maria")
    david = make_client(rivera, "David")
    return make_case(
        rivera,
        maria,
        david,
        case_type="couple",
        secrets_policy="limited_secrets",
        title="Alvarez couple therapy",
    )


def browser_for(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def pages(case: Case, agreement: Agreement) -> list[str]:
    participant = case.participants.first()
    assert participant is not None
    return [
        reverse("agreements:case", args=[case.pk]),
        reverse("agreements:build", args=[case.pk]),
        reverse("agreements:version", args=[agreement.pk]),
        reverse("agreements:handout", args=[agreement.pk]),
        reverse("agreements:sign_office", args=[agreement.pk, participant.pk]),
    ]


def test_each_page_shows_and_writes_one_view_event(rivera: User, couple: Case) -> None:
    agreement = issue(rivera, couple)
    http = browser_for(rivera)
    for url in [*pages(couple, agreement), reverse("agreements:index")]:
        before = AuditEvent.objects.filter(action="view").count()
        response = http.get(url)
        assert response.status_code == 200, url
        assert "the clinician decides" in response.content.decode()
        assert AuditEvent.objects.filter(action="view").count() == before + 1, url


@pytest.mark.parametrize("role", ["clinician", "administrator", "supervisor", "client"])
def test_others_get_404(rivera: User, couple: Case, role: str) -> None:
    agreement = issue(rivera, couple)
    outsider = browser_for(make_user(f"other-{role}", role))
    for url in pages(couple, agreement):
        assert outsider.get(url).status_code == 404, url
    participant = couple.participants.first()
    assert participant is not None
    writes = [
        reverse("agreements:build", args=[couple.pk]),
        reverse("agreements:sign_office", args=[agreement.pk, participant.pk]),
        reverse("agreements:override", args=[couple.pk]),
        reverse("agreements:intake", args=[couple.pk]),
    ]
    for url in writes:
        assert (
            outsider.post(url, {"reason": "Going ahead anyway.", "step": "goals"}).status_code
            == 404
        )
    assert not GateOverride.objects.exists() and Agreement.objects.count() == 1


def test_building_a_version_through_the_form(rivera: User, couple: Case) -> None:
    http = browser_for(rivera)
    url = reverse("agreements:build", args=[couple.pk])
    maria, david = couple.participants.order_by("pk")
    data = {
        "licence": "LMFT",
        "revisit_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "concern_contact": "Dr. Rivera at the front desk",
        f"p{maria.pk}_label": "case",
        f"p{maria.pk}_topics": "my health",
        f"p{david.pk}_label": "private",
    }
    response = http.post(url, data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(case=couple)
    assert agreement.terms.get(participant=maria).default_label == "case"
    assert "Limited secrets" in agreement.shared_text


@pytest.mark.parametrize(
    ("field", "value"),
    [("revisit_on", "2001-01-01"), ("concern_contact", ""), ("licence", "Wizard")],
)
def test_bad_builder_input_changes_nothing(
    rivera: User, couple: Case, field: str, value: str
) -> None:
    maria, david = couple.participants.order_by("pk")
    data = {
        "licence": "LMFT",
        "revisit_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "concern_contact": "Dr. Rivera",
        f"p{maria.pk}_label": "case",
        f"p{david.pk}_label": "private",
        field: value,
    }
    http = browser_for(rivera)
    events = AuditEvent.objects.exclude(action="view").count()
    response = http.post(reverse("agreements:build", args=[couple.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "Please check the form" in body
    assert not Agreement.objects.exists()
    assert AuditEvent.objects.exclude(action="view").count() == events


def test_signing_in_the_office(rivera: User, couple: Case) -> None:
    agreement = issue(rivera, couple)
    terms = agreement.terms.order_by("pk")[0]
    url = reverse("agreements:sign_office", args=[agreement.pk, terms.participant_id])
    http = browser_for(rivera)
    form = {"signer_role": "participant", "signer_name": "Maria Miller"}
    refused = http.post(url, {**form, "text_sha256": text_hash(terms)})  # no confirmation
    assert refused.status_code == 200 and not Signature.objects.exists()
    done = http.post(url, {**form, "confirm": "on", "text_sha256": text_hash(terms)})
    assert done.status_code == 302
    signature = Signature.objects.get()
    assert (signature.method, signature.recorded_by) == ("office", rivera)


def test_override_through_the_page_is_shown_on_the_case(rivera: User, couple: Case) -> None:
    issue(rivera, couple)
    http = browser_for(rivera)
    http.post(reverse("agreements:override", args=[couple.pk]), {"reason": "short"})
    assert not GateOverride.objects.exists()
    reason = "David is travelling; he signs at the next session."
    http.post(reverse("agreements:override", args=[couple.pk]), {"reason": reason})
    page = http.get(reverse("agreements:case", args=[couple.pk])).content.decode()
    assert "Override in force" in page and reason in page


def test_handout_is_plain_language_with_citations(
    rivera: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Count syllables with Pyphen's dictionary: no corpus download in tests.
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)
    mum = make_client(rivera, "Karen", born_years_ago(44))
    dad = make_client(rivera, "Tom", born_years_ago(46))
    jake = make_client(rivera, "Jake", born_years_ago(15))
    add_guardian(rivera, jake)
    case = make_case(
        rivera, mum, dad, jake, case_type="family", secrets_policy="accommodation", title="Family"
    )
    agreement = issue(rivera, case)
    body = plain_language(agreement.shared_text)
    grade = textstat.flesch_kincaid_grade(body)
    assert grade <= 8, grade
    for terms in agreement.terms.all():
        assert textstat.flesch_kincaid_grade(plain_language(terms.own_text)) <= 8
    response = browser_for(rivera).get(reverse("agreements:handout", args=[agreement.pk]))
    page = response.content.decode()
    assert "Young people and their parents" in page
    assert "Cal. Fam. Code 6924" in page and "45 CFR 164.512(j)(1)(i)" in page


def test_dashboard_lists_unsigned_and_due_agreements(rivera: User, couple: Case) -> None:
    texts = [i.text for i in agreement_items(rivera)]
    assert texts == ["Alvarez couple therapy: no confidentiality agreement yet"]
    agreement = issue(rivera, couple)
    texts = [i.text for i in agreement_items(rivera)]
    assert texts == ["Alvarez couple therapy: not signed yet by Maria Miller, David Miller"]
    sign_all(rivera, agreement)
    assert agreement_items(rivera) == []
    assert agreement_items(make_user("chen")) == []
    import time_machine

    with time_machine.travel(timezone.now() + dt.timedelta(days=80)):
        items = agreement_items(rivera)
        assert [(i.text, i.level) for i in items] == [
            ("Alvarez couple therapy: agreement due for revisit", "warn")
        ]
    with time_machine.travel(timezone.now() + dt.timedelta(days=95)):
        assert [i.level for i in agreement_items(rivera)] == ["danger"]
    page = browser_for(rivera).get("/").content.decode()
    assert "Alvarez couple therapy" in page
