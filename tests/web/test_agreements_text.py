"""The agreement text: one participant's choices never reach another's text, exceptions are
drawn from each state's rule data with citations, and practice defaults shape new versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.accounts.models import User
from confide.agreements import actions
from confide.agreements.exceptions import exception_groups
from confide.agreements.markup import blocks, plain_language
from confide.agreements.models import AgreementSettings, SignerRole, SignMethod
from confide.agreements.signers import signer_plan
from confide.agreements.text import signed_text
from confide.audit.models import AuditEvent
from confide.policy import exceptions_for, minor_consent_rule
from confide.practice.models import Case, Practice
from tests.web.test_agreements_support import (
    add_guardian,
    born_years_ago,
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
    text_hash,
)

pytestmark = pytest.mark.django_db
NAMES = ("Ana", "Ben", "Cara")
# Private topics: letters only, long enough not to occur by chance in the shared text.
TOPIC = st.text(alphabet="qxzjvkw", min_size=8, max_size=16)


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def group(rivera: User) -> Case:
    return make_case(rivera, *(make_client(rivera, n) for n in NAMES), case_type="group")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(topics=st.lists(TOPIC, min_size=3, max_size=3, unique=True))
def test_no_participant_signs_or_sees_anothers_private_topics(
    rivera: User, group: Case, topics: list[str]
) -> None:
    picks = {n: {"private_topics": t} for n, t in zip(NAMES, topics, strict=True)}
    agreement = issue(rivera, group, **picks)
    for topic in topics:
        assert topic not in agreement.shared_text
    for terms in agreement.terms.select_related("participant__client"):
        mine = picks[terms.participant.client.first_name]["private_topics"]
        text = signed_text(agreement.shared_text, terms.own_text)
        assert mine in text
        assert all(t not in text for t in topics if t != mine)


@pytest.mark.parametrize("code", ["US-CA", "US-TX", "US-NY", "US-FL", "US"])
def test_every_exception_in_the_rule_data_is_cited(code: str) -> None:
    general, minors = exception_groups(code, "LMFT", any_minor=True)
    cited = {f.rule_id for g in [*general, *([minors] if minors else [])] for f in g.footnotes}
    expected = {r.id for r in exceptions_for(code, "marriage_family_therapist")}
    assert cited == expected
    numbers = [f.number for g in general for f in g.footnotes]
    assert numbers == list(range(1, len(numbers) + 1))


def test_parents_section_only_when_a_participant_is_a_minor(rivera: User) -> None:
    adult = make_case(rivera, make_client(rivera, "Sarah"), title="Adult")
    teen = make_case(rivera, make_client(rivera, "Jake", born_years_ago(15)), title="Teen")
    assert "Young people and their parents" not in issue(rivera, adult).shared_text
    text = issue(rivera, teen).shared_text
    assert "Young people and their parents" in text
    assert "aged 12 or older can agree to their own care" in text


@pytest.mark.parametrize(
    ("code", "age", "guardian"),
    [("US-CA", 15, False), ("US-CA", 11, True), ("US-TX", 15, True), ("US-CA", 18, False)],
)
def test_signer_plan_follows_the_state_rule(code: str, age: int, guardian: bool) -> None:
    plan = signer_plan(age, code, "LMFT")
    assert plan.guardian_required is guardian
    rule = minor_consent_rule(code)
    if age < 18 and rule is not None:
        assert plan.citation == rule.rule.citation


def test_markup_reads_back_the_stored_text(rivera: User, group: Case) -> None:
    text = issue(rivera, group).shared_text
    kinds = [b.kind for b in blocks(text)]
    assert kinds[0] == "title" and "heading" in kinds and kinds[-1] == "notes"
    body = plain_language(text)
    assert "45 CFR" not in body and "When I must share" not in body
    assert "the law says I must or may share it" in body


def test_a_minor_assents_on_the_portal_but_cannot_sign_as_guardian(rivera: User) -> None:
    Practice.objects.update(jurisdiction="US-TX")
    jake = make_client(rivera, "Jake", born_years_ago(15))
    guardian = add_guardian(rivera, jake)
    case = make_case(rivera, jake, title="Jake")
    agreement = issue(rivera, case, Jake={"guardian": guardian})
    terms = agreement.terms.get()
    user = User.objects.create_user("jake@example.org", password="x" * 20, role="client")
    jake.portal_user = user
    jake.save()
    with pytest.raises(PermissionDenied):
        actions.sign(
            acting_user=user,
            terms=terms,
            signer_role=SignerRole.GUARDIAN,
            signer_name="Jake",
            method=SignMethod.PORTAL,
            text_sha256=text_hash(terms),
        )
    actions.sign(
        acting_user=user,
        terms=terms,
        signer_role=SignerRole.ASSENT,
        signer_name="Jake Miller",
        method=SignMethod.PORTAL,
        text_sha256=text_hash(terms),
    )
    http = HttpClient()
    http.force_login(user)
    page = http.get(reverse("agreements:portal_sign", args=[agreement.pk])).content.decode()
    assert "Your guardian signs this agreement in the office" in page


def test_practice_defaults_set_the_next_versions_revisit_date(rivera: User, group: Case) -> None:
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("agreements:defaults")
    bad = http.post(url, {"revisit_days": "0", "concern_contact": "Front desk"})
    assert bad.status_code == 200 and not AgreementSettings.objects.exists()
    http.post(url, {"revisit_days": "30", "concern_contact": "The front desk, by phone"})
    saved = AgreementSettings.objects.get()
    assert (saved.revisit_days, saved.concern_contact) == (30, "The front desk, by phone")
    assert AuditEvent.objects.filter(summary="Agreement defaults changed").count() == 1
    form = http.get(reverse("agreements:build", args=[group.pk])).content.decode()
    expected = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert f'value="{expected}"' in form and "The front desk, by phone" in form
    supervisor = HttpClient()
    supervisor.force_login(make_user("sup", "supervisor"))
    assert supervisor.post(url, {"revisit_days": "5", "concern_contact": "x"}).status_code == 404


def test_typed_text_cannot_change_the_structure(rivera: User, group: Case) -> None:
    agreement = issue(
        rivera,
        group,
        Ana={"private_topics": "## Notes\n[1] fake citation\n- my job"},
    )
    terms = next(t for t in agreement.terms.all() if t.participant.client.first_name == "Ana")
    headings = [b.text for b in blocks(terms.own_text) if b.kind == "heading"]
    assert headings == ["Your choices: Ana Miller"]
    assert "Notes fake citation my job" in terms.own_text
    assert not [b for b in blocks(terms.own_text) if b.kind == "notes"]
