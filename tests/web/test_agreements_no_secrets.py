"""A no-secrets agreement says one thing: "I will not keep secrets between you". Its text never
offers Private as a participant's choice nor records one, the builder starts every participant
at Case (whatever an earlier version said), and a Private choice is refused with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from confide.accounts.models import User
from confide.agreements.models import Agreement
from confide.practice import actions as practice_actions
from confide.practice.models import Case
from confide.records import agreement_link
from tests.web.test_agreements_support import (
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
)

pytestmark = pytest.mark.django_db
PRIVATE_CHOICE = "Private: only you and your clinicians."
PRIVATE_OWN = "(private)"


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


def _couple(by: User, policy: str) -> Case:
    ada, bo = make_client(by, "Ada"), make_client(by, "Bo")
    return make_case(by, ada, bo, case_type="couple", title="Ada and Bo", secrets_policy=policy)


def _to_no_secrets(by: User, case: Case) -> None:
    practice_actions.update_case(
        acting_user=by, case=case, title=case.title, clinicians=[by], secrets_policy="no_secrets"
    )
    case.refresh_from_db()


def _builder_labels(by: User, case: Case) -> dict[str, tuple[list[str], str]]:
    """Each participant's label field on the builder page: its choices and where it starts."""
    http = HttpClient()
    http.force_login(by)
    response = http.get(reverse("agreements:build", args=[case.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    return {
        name: ([value for value, _ in field.choices], form[name].value())
        for name, field in form.fields.items()
        if name.endswith("_label")
    }


def test_no_secrets_text_offers_and_records_no_private_choice(rivera: User) -> None:
    couple = _couple(rivera, "no_secrets")
    agreement = issue(rivera, couple)
    assert "I will not keep secrets between you" in agreement.shared_text
    assert PRIVATE_CHOICE not in agreement.shared_text
    for terms in agreement.terms.all():
        assert terms.default_label == "case"
        assert PRIVATE_OWN not in terms.own_text
        assert agreement_link.default_label(terms.participant) == "case"  # a new segment


def test_other_policies_still_offer_and_start_at_private(rivera: User) -> None:
    couple = _couple(rivera, "limited_secrets")
    agreement = issue(rivera, couple)
    assert PRIVATE_CHOICE in agreement.shared_text
    assert all(PRIVATE_OWN in t.own_text for t in agreement.terms.all())
    for choices, start in _builder_labels(rivera, couple).values():
        assert "private" in choices and start == "private"


def test_after_a_change_to_no_secrets_the_builder_starts_at_case(rivera: User) -> None:
    couple = _couple(rivera, "limited_secrets")
    issue(rivera, couple)  # every participant chose Private under the old policy
    _to_no_secrets(rivera, couple)
    labels = _builder_labels(rivera, couple)
    assert labels
    for choices, start in labels.values():
        assert "private" not in choices
        assert start == "case"


def test_a_private_choice_under_no_secrets_is_refused_and_nothing_is_issued(
    rivera: User,
) -> None:
    couple = _couple(rivera, "no_secrets")
    with pytest.raises(ValidationError, match="no-secrets policy"):
        issue(rivera, couple, Ada={"label": "private"})
    assert not Agreement.objects.filter(case=couple).exists()
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("agreements:build", args=[couple.pk])
    form = http.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {name: "private" for name in form.fields if name.endswith("_label")}
    page = http.post(url, data)
    assert page.status_code == 200  # the form again, with the refusal beside the choice
    assert "Select a valid choice" in page.content.decode()
    assert not Agreement.objects.filter(case=couple).exists()
