"""The Notice of Privacy Practices in Spanish: composed from the same rule data as the English
for every jurisdiction, frozen with it when published, shown on the public page and the portal
in the reader's language, and each acknowledgment keeps the language and the hash of the text
the client was given."""

from __future__ import annotations

import hashlib
import re

import pytest
import textstat
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.agreements.markup import plain_language
from confide.notices import access, actions
from confide.notices.compose import compose
from confide.notices.models import NoticeTranslation
from confide.policy.jurisdictions import all_jurisdictions
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.web.test_agreements_support import make_case, make_client, make_user
from tests.web.test_notices import draft, inputs, officer, publish  # noqa: F401

SPANISH_HEADER = "ESTA NOTIFICACIÓN DESCRIBE CÓMO PUEDE UTILIZARSE Y DIVULGARSE SU INFORMACIÓN"


def _marks(text: str) -> list[str]:
    return re.findall(r"\[\d+\]", text)


def _cites(text: str) -> list[tuple[str, str]]:
    """Each footnote's mark and citation: what follows the rule's title."""
    notes = text.split("\n## ")[-1]
    return re.findall(r"^(\[\d+\]) .+?\. (.*)$", notes, flags=re.M)


def _shape(text: str) -> list[str]:
    """Each line's kind in the notice's line format: title, section, bullet, note or text."""
    kinds = ("# ", "## ", "- ", "[")
    return [next((k for k in kinds if line.startswith(k)), "text") for line in text.splitlines()]


@pytest.mark.parametrize("place", all_jurisdictions(), ids=lambda p: p.code)
def test_the_spanish_notice_says_the_same_things_in_every_jurisdiction(place: object) -> None:
    code = place.code  # type: ignore[attr-defined]
    english = compose(inputs(code, holds_part2=True))
    spanish = compose(inputs(code, holds_part2=True), "es")
    assert spanish != english
    assert SPANISH_HEADER in spanish
    assert "Fecha de entrada en vigor: 1 de diciembre de 2026" in spanish
    assert "Sus derechos" in spanish and "Notificación de Prácticas de Privacidad" in spanish
    # The same sections, bullets and footnotes in the same order: only the words differ.
    assert _shape(spanish) == _shape(english)
    assert _marks(spanish) == _marks(english)
    # Citations are legal references and stay as they are (titles: test_rule_titles.py).
    assert _cites(spanish) == _cites(english) != []


def test_composing_in_spanish_leaves_the_active_language_alone() -> None:
    from django.utils import translation

    with translation.override("en"):
        compose(inputs("US-IL"), "es")
        assert translation.get_language() == "en"
    assert compose(inputs("US-IL")) == compose(inputs("US-IL"), "en")


def test_a_draft_is_composed_in_every_shipped_language_and_frozen_when_published(
    officer: User,  # noqa: F811
) -> None:
    notice = draft(officer)
    shipped = {code for code, _name in settings.LANGUAGES} - {"en"}
    assert set(notice.translations.values_list("language", flat=True)) == shipped
    notice = actions.save_notice_draft(
        acting_user=officer,
        data={
            "contact_title": "Sam",
            "contact_phone": "555-0177",
            "effective_on": timezone.localdate(),
        },
        notice=notice,
    )
    spanish = notice.translations.get(language="es")
    assert "555-0177" in spanish.text and notice.translations.count() == len(shipped)
    publish(officer, notice)
    assert access.reading(notice, "es").text == spanish.text
    # A version from before a language existed falls back to English, and says so.
    NoticeTranslation.objects.filter(notice=notice).delete()
    assert access.reading(notice, "es").language == "en"


def test_the_public_page_follows_the_switch_and_the_browser(officer: User) -> None:  # noqa: F811
    publish(officer, draft(officer))
    english = HttpClient().get(reverse("notices:public")).content.decode()
    assert "Your rights" in english and 'lang="en"' in english
    assert 'action="/i18n/setlang/"' in english  # the switch is on the public page
    browser = HttpClient(headers={"accept-language": "es"})
    page = browser.get(reverse("notices:public")).content.decode()
    assert '<html lang="es">' in page and '<div class="agreement-text" lang="es">' in page
    assert "Sus derechos" in page and SPANISH_HEADER in page
    assert "Your rights" not in page and "Para guardar una copia" in page
    switched = HttpClient()
    switched.post("/i18n/setlang/", {"language": "es", "next": reverse("notices:public")})
    assert "Sus derechos" in switched.get(reverse("notices:public")).content.decode()


def _portal_client(rivera: User, first_name: str, language: str) -> tuple[Client, HttpClient]:
    client = make_client(rivera, first_name)
    make_case(rivera, client, title=f"{first_name}: individual")
    client = practice_actions.update_client(
        acting_user=rivera, client=client, data={"preferred_language": language}
    )
    portal = User.objects.create_user(first_name.lower(), password="x" * 16, role="client")
    Client.objects.filter(pk=client.pk).update(portal_user=portal)
    client.refresh_from_db()
    http = HttpClient()
    http.force_login(portal)
    return client, http


def test_a_spanish_speaking_client_reads_and_acknowledges_the_spanish_notice(
    officer: User,  # noqa: F811
) -> None:
    notice = publish(officer, draft(officer))
    rivera = make_user("rivera")
    lucia, http = _portal_client(rivera, "Lucia", "es")
    page = http.get(reverse("notices:portal")).content.decode()
    assert "Díganos que la recibió" in page and "Sus derechos" in page
    assert "Your rights" not in page
    response = http.post(reverse("notices:portal"), {"language": "es"}, follow=True)
    body = response.content.decode()
    assert "Gracias. Quedó registrado que usted recibió la notificación." in body
    assert re.search(r"Usted nos dijo que recibió la versión 1 el \d+ de \w+ de \d{4}", body)
    ack = access.portal_acknowledgment(lucia.portal_user, notice)  # type: ignore[arg-type]
    assert ack is not None and ack.language == "es"
    spanish = notice.translations.get(language="es").text
    assert ack.text_sha256 == hashlib.sha256(spanish.encode()).hexdigest()


def test_a_posted_language_confide_does_not_ship_falls_back_to_the_page(
    officer: User,  # noqa: F811
) -> None:
    notice = publish(officer, draft(officer))
    rivera = make_user("rivera")
    david, http = _portal_client(rivera, "David", "en")
    http.post(reverse("notices:portal"), {"language": "fr"})
    ack = access.portal_acknowledgment(david.portal_user, notice)  # type: ignore[arg-type]
    assert ack is not None and ack.language == "en"
    assert ack.text_sha256 == hashlib.sha256(notice.text.encode()).hexdigest()


def test_in_the_office_the_client_is_given_the_notice_in_their_recorded_language(
    officer: User,  # noqa: F811
) -> None:
    notice = publish(officer, draft(officer))
    rivera = make_user("rivera")
    lucia, _http = _portal_client(rivera, "Lucia", "es")
    ack = actions.record_acknowledgment(acting_user=rivera, client=lucia, outcome="acknowledged")
    assert ack.language == "es"
    assert ack.text_sha256 == access.reading(notice, "es").sha256


def test_the_spanish_notice_is_plain_language_in_every_jurisdiction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Szigriszt-Pazos (the INFLESZ scale): 65 and over reads "bastante fácil", about the
    same level as the English notice's grade 8 ceiling."""
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)
    textstat.set_lang("es")
    try:
        scores = {
            place.code: textstat.szigriszt_pazos(
                plain_language(compose(inputs(place.code, holds_part2=True), "es"))
            )
            for place in all_jurisdictions()
        }
    finally:
        textstat.set_lang("en")
    worst = min(scores, key=lambda code: scores[code])
    assert scores[worst] >= 65, (worst, scores[worst])


def test_the_privacy_officer_reviews_every_language_before_publishing(
    officer: User,  # noqa: F811
) -> None:
    notice = draft(officer)
    http = HttpClient()
    http.force_login(officer)
    page = http.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "Your rights" in page and "Sus derechos" in page
    assert '<div class="agreement-text" lang="es">' in page
    assert "The same notice in Español" in page
