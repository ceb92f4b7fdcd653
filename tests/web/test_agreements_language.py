"""The confidentiality agreement in Spanish: rendered with each version from the same rule data
(the same exceptions, minors' rule and citations), read and signed on the portal in the
client's language; each signature keeps its language and the hash of that exact text, so a
bilingual couple signs one version in two languages and both texts are kept."""

from __future__ import annotations

import hashlib
import re

import pytest
import textstat
from django.urls import reverse

from confide.accounts.models import User
from confide.agreements import actions
from confide.agreements.languages import reading
from confide.agreements.markup import plain_language
from confide.agreements.models import Signature, SignMethod
from confide.agreements.text import sha256
from confide.audit.models import AuditEvent
from confide.practice import actions as practice_actions
from confide.practice.models import Case
from confide.practice.search import find_client
from tests.web.test_agreements_support import (
    add_guardian,
    born_years_ago,
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
)
from tests.web.test_portal import accept, invite
from tests.web.test_portal_language import _english_sentences, _main

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def couple(rivera: User) -> Case:
    maria = make_client(rivera, "Maria")
    david = make_client(rivera, "David")
    practice_actions.update_client(
        acting_user=rivera, client=maria, data={"preferred_language": "es"}
    )
    return make_case(
        rivera, maria, david, case_type="couple", secrets_policy="limited_secrets", title="Couple"
    )


def _citations(text: str) -> list[str]:
    """The footnotes' marks and legal citations (rule data, the same in every language; the
    rule's title before them is in the reader's language: tests/web/test_rule_titles.py)."""
    notes = text.split("\n## ")[-1]
    return [f"[{n}] {cite}" for n, cite in re.findall(r"^\[(\d+)\] .+?\. (.*)$", notes, flags=re.M)]


def test_each_version_is_rendered_in_spanish_from_the_same_rule_data(
    rivera: User, couple: Case
) -> None:
    agreement = issue(rivera, couple, Maria={"private_topics": "la oferta de trabajo"})
    terms = agreement.terms.get(participant__client=find_client("Maria"))
    english = reading(agreement, terms, "en")
    spanish = reading(agreement, terms, "es")
    assert spanish.language == "es" and english.language == "en"
    assert spanish.shared_text.startswith("# Acuerdo de confidencialidad\n")
    for words in (
        "## Cuándo debo compartir información",
        "Nuestra regla sobre los secretos: Secretos limitados.",
        "Daño. Si alguien planea",
        "Abuso. Si me entero",
        "Nuestra Notificación de Prácticas de Privacidad",
    ):
        assert words in spanish.shared_text, words
    assert "Sus decisiones: Maria" in spanish.own_text
    assert "la oferta de trabajo" in spanish.own_text
    # The same exceptions with the same marks and citations, in the same order.
    assert _citations(spanish.shared_text) == _citations(english.shared_text) != []
    assert re.findall(r"\[\d+\]", spanish.shared_text) == re.findall(
        r"\[\d+\]", english.shared_text
    )
    # Dates in words in Spanish; the English text is unchanged by the translation work.
    assert re.search(r"a más tardar el \d{1,2} de [a-z]+ de \d{4}\.", spanish.shared_text)
    assert english.shared_text == agreement.shared_text
    assert "When I must share" in english.shared_text


def test_the_minors_rule_is_in_spanish_too(rivera: User) -> None:
    teen = make_client(rivera, "Sam", born=born_years_ago(15))
    case = make_case(rivera, teen, title="Sam: individual")
    agreement = issue(rivera, case)
    terms = agreement.terms.get()
    spanish = reading(agreement, terms, "es").shared_text
    english = reading(agreement, terms, "en").shared_text
    assert "## Las personas jóvenes y sus padres" in spanish
    assert "En este estado, una persona joven" in spanish
    assert _citations(spanish) == _citations(english)


def test_a_bilingual_couple_signs_one_version_in_two_languages(rivera: User, couple: Case) -> None:
    agreement = issue(rivera, couple)
    maria, david = find_client("Maria"), find_client("David")
    maria_http = accept(invite(rivera, maria, "maria@example.org"))
    david_http = accept(invite(rivera, david, "david@example.org"))
    url = reverse("agreements:portal_sign", args=[agreement.pk])
    maria_terms = agreement.terms.get(participant__client=maria)
    david_terms = agreement.terms.get(participant__client=david)
    spanish = reading(agreement, maria_terms, "es").text
    english = reading(agreement, david_terms, "en").text

    listing = maria_http.get(reverse("agreements:portal_list")).content.decode()
    assert "Por favor, léalo y fírmelo" in listing and "Please read and sign" not in listing
    page = maria_http.get(url).content.decode()
    assert "Quién firma" in page and "He leído este acuerdo" in page
    assert "Who is signing" not in page and "When I must share" not in page
    for html in (listing, page):
        shown = [s for s in _english_sentences() if s in _main(html)]
        assert not shown, shown
    assert re.findall(r'<div class="agreement-text[^"]*" lang="(\w+)">', page) == ["es", "es"]
    assert "Acuerdo de confidencialidad" in page
    copy = maria_http.get(reverse("agreements:portal_copy", args=[agreement.pk])).content.decode()
    assert "Imprimir o guardar como PDF" in copy and "Acuerdo de confidencialidad" in copy
    download = maria_http.get(reverse("agreements:portal_download", args=[agreement.pk]))
    assert download.content.decode() == spanish

    def sign(http: object, name: str, digest: str) -> int:
        data = {
            "signer_role": "participant",
            "signer_name": name,
            "confirm": "on",
            "text_sha256": digest,
        }
        return http.post(url, data).status_code  # type: ignore[attr-defined]

    # Maria read Spanish: a hash of the English text is not what she was shown.
    assert sign(maria_http, "Maria Miller", sha256(reading(agreement, maria_terms, "en").text))
    assert not Signature.objects.exists()
    assert sign(maria_http, "Maria Miller", sha256(spanish)) == 302
    assert sign(david_http, "David Miller", sha256(english)) == 302

    by_person = {s.participant_id: s for s in Signature.objects.all()}
    mine, his = by_person[maria_terms.participant_id], by_person[david_terms.participant_id]
    assert (mine.language, mine.text_sha256) == ("es", hashlib.sha256(spanish.encode()).hexdigest())
    assert (his.language, his.text_sha256) == ("en", hashlib.sha256(english.encode()).hexdigest())
    # Both texts are kept with the version, and each hash names its own.
    assert sha256(reading(agreement, maria_terms, mine.language).text) == mine.text_sha256
    assert sha256(reading(agreement, david_terms, his.language).text) == his.text_sha256
    events = AuditEvent.objects.filter(action="sign").order_by("pk")
    assert [e.detail["language"] for e in events] == ["es", "en"]


def test_signing_in_a_language_the_version_lacks_is_refused(rivera: User, couple: Case) -> None:
    from django.core.exceptions import ValidationError

    agreement = issue(rivera, couple)
    terms = agreement.terms.get(participant__client=find_client("David"))
    with pytest.raises(ValidationError):
        actions.sign(
            acting_user=rivera,
            terms=terms,
            signer_role="participant",
            signer_name="David Miller",
            method=SignMethod.OFFICE,
            text_sha256=sha256(reading(agreement, terms, "en").text),
            language="fr",
        )
    assert not Signature.objects.exists()


def test_in_the_office_the_text_is_in_the_signers_recorded_language(
    rivera: User, couple: Case
) -> None:
    from django.test import Client as HttpClient

    agreement = issue(rivera, couple)
    maria_terms = agreement.terms.get(participant__client=find_client("Maria"))
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("agreements:sign_office", args=[agreement.pk, maria_terms.participant_id])
    page = http.get(url).content.decode()
    assert 'lang="es"' in page and "Cuándo debo compartir información" in page
    spanish = reading(agreement, maria_terms, "es").text
    data = {"signer_role": "participant", "signer_name": "Maria Miller", "confirm": "on"}
    assert http.post(url, {**data, "text_sha256": sha256(spanish)}).status_code == 302
    signature = Signature.objects.get()
    assert (signature.method, signature.language) == ("office", "es")
    assert signature.text_sha256 == sha256(spanish)


def test_the_spanish_text_reads_as_plainly_as_the_english(
    rivera: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spanish readability by its own formulas (Fernández-Huerta and Szigriszt-Pazos, the
    Spanish adaptations of Flesch's reading ease): at least "fairly easy", as the English
    is held to grade 8 (tests/web/test_agreements_views.py)."""
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)
    mum = make_client(rivera, "Karen", born_years_ago(44))
    dad = make_client(rivera, "Tom", born_years_ago(46))
    jake = make_client(rivera, "Jake", born_years_ago(15))
    add_guardian(rivera, jake)
    case = make_case(
        rivera, mum, dad, jake, case_type="family", secrets_policy="accommodation", title="Family"
    )
    agreement = issue(rivera, case)
    textstat.set_lang("es")
    try:
        for terms in agreement.terms.all():
            body = plain_language(reading(agreement, terms, "es").text)
            assert textstat.fernandez_huerta(body) >= 70, body
            assert textstat.szigriszt_pazos(body) >= 65, body
    finally:
        textstat.set_lang("en_US")
