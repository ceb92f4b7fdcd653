"""What a Spanish-speaking client reads beyond the portal home: their authorizations (every
element of 45 CFR 164.508(c) in Spanish, and granting one in Spanish), the session notes shared
with them, the discreet channel's messages and the breach notification letter. An English
speaker keeps English everywhere."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from confide.accounts.models import User
from confide.disclosures import actions
from confide.disclosures.models import Authorization
from confide.disclosures.vocabulary import INFORMATION_CHOICES, INFORMATION_WORDS
from confide.incidents import actions as incident_actions
from confide.practice import actions as practice_actions
from confide.practice.models import Client, ContactPoint
from confide.records import actions as records_actions
from confide.records.actions import SegmentInput
from tests.web.test_agreements_support import make_case, make_client, make_practice, make_user
from tests.web.test_portal_language import CLIENT_TEMPLATES, TEMPLATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


def _speaks(rivera: User, client: Client, language: str) -> Client:
    return practice_actions.update_client(
        acting_user=rivera, client=client, data={"preferred_language": language}
    )


def _portal(client: Client) -> HttpClient:
    portal = User.objects.create_user(client.first_name.lower(), password="x" * 16, role="client")
    Client.objects.filter(pk=client.pk).update(portal_user=portal)
    http = HttpClient()
    http.force_login(portal)
    return http


def _lucia(rivera: User) -> Client:
    lucia = make_client(rivera, "Lucia")
    make_case(rivera, lucia, title="Lucia: individual")
    return _speaks(rivera, lucia, "es")


def _grant(rivera: User, client: Client) -> Authorization:
    return actions.create_authorization(
        acting_user=rivera,
        client=client,
        case=None,
        data={
            "kind": "standard",
            "information": ["attendance", "diagnosis"],
            "information_description": "Fechas de las sesiones",
            "discloser": "Harbor Light Counseling",
            "recipient_name": "Dra. Park",
            "purpose": "Coordinar mi atención",
            "expires_on": timezone.localdate() + dt.timedelta(days=60),
            "statements_acknowledged": True,
        },
        signed_name="Lucia Miller",
    )


def test_the_reader_words_of_information_match_the_stored_english() -> None:
    """What is stored (release descriptions, the accounting) keeps English; the reader's words
    say the same categories. In English explicitly: a test client's request leaves the
    language it activated (a Spanish portal page: Spanish) on the thread after it returns."""
    with translation.override("en"):
        words = {w: str(label) for w, label in INFORMATION_WORDS.items()}
    assert words == dict(INFORMATION_CHOICES)


def test_a_spanish_speaking_client_reads_every_element_of_their_authorization_in_spanish(
    rivera: User,
) -> None:
    lucia = _lucia(rivera)
    auth = _grant(rivera, lucia)
    http = _portal(lucia)
    listing = http.get(reverse("disclosures:portal_authorizations")).content.decode()
    assert "<h1>Sus autorizaciones</h1>" in listing
    assert "Divulgación de información a Dra. Park" in listing and "Vigente" in listing
    page = http.get(reverse("disclosures:portal_authorization", args=[auth.pk])).content.decode()
    # 164.508(c)(1): the core elements, each labelled in Spanish.
    for label in (
        "Información",
        "Quién puede divulgarla",
        "Quién puede recibirla",
        "Propósito",
        "Vence",
        "Firmas",
    ):
        assert f"<dt>{label}</dt>" in page, label
    assert "asistencia, diagnóstico: Fechas de las sesiones" in page
    # 164.508(c)(2): the required statements, in Spanish.
    assert "Usted puede revocar esta autorización en cualquier momento" in page
    assert "no dependen de que usted firme esta autorización" in page
    assert "puede volver a divulgarla" in page
    assert "42 CFR part 2 prohíbe" in page
    assert "Entiendo: una vez revocada" in page  # the revocation box
    for english in ("Who may receive it", "Right to revoke", "redisclosed", "Revoke it"):
        assert english not in page, english


def test_a_spanish_speaking_client_grants_an_authorization_in_spanish(rivera: User) -> None:
    lucia = _lucia(rivera)
    http = _portal(lucia)
    url = reverse("disclosures:portal_authorization_grant")
    form = http.get(url).content.decode()
    assert "Dar una autorización" in form and 'value="A petición mía"' in form
    assert "Leí las declaraciones de arriba" in form and "Asistencia" in form
    data = {
        "kind": "standard",
        "information": ["attendance"],
        "information_description": "Fechas",
        "discloser": "Harbor Light Counseling",
        "recipient_name": "Mi hermana",
        "purpose": "A petición mía",
        "statements_acknowledged": "on",
        "signed_name": "Lucia Miller",
    }
    refused = http.post(url, data)  # no expiry: the error speaks Spanish, nothing is saved
    assert "Indique una fecha de vencimiento" in refused.content.decode()
    assert not Authorization.objects.exists()
    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    done = http.post(url, {**data, "expires_on": later}, follow=True).content.decode()
    assert "Su autorización quedó firmada." in done
    revoke = reverse(
        "disclosures:portal_authorization_revoke", args=[Authorization.objects.get().pk]
    )
    assert "Marque la casilla" in http.post(revoke, {}).content.decode()
    revoked = http.post(revoke, {"confirm": "on"}, follow=True).content.decode()
    assert "Revocada. Desde ahora no permite ninguna divulgación." in revoked
    assert re.search(r"Revocada el \d{4}-\d{2}-\d{2}", revoked)


def test_session_notes_shared_with_a_spanish_speaking_client_are_labelled_in_spanish(
    rivera: User,
) -> None:
    lucia = _lucia(rivera)
    case = make_case(rivera, lucia, title="Lucia: notas")
    with mock.patch("confide.records.agreement_link.notes_allowed", return_value=True):
        records_actions.write_note(
            acting_user=rivera,
            case=case,
            segments=[SegmentInput("Hablamos del trabajo.", None, "case")],
        )
    page = _portal(lucia).get(reverse("records:portal_notes")).content.decode()
    assert "<h1>Notas de sesión compartidas conmigo</h1>" in page
    assert "Caso: todas las personas del caso" in page and "Hablamos del trabajo." in page
    assert re.search(r", \d+ de \w+ de \d{4}</h2>", page)  # the date in Spanish words


def _email_point(client: Client, address: str, *, discreet: bool) -> None:
    ContactPoint.objects.create(
        client=client, kind="email", value=address, may_email=True, discreet=discreet
    )


@pytest.mark.parametrize("discreet", [True, False])
def test_the_discreet_channel_speaks_the_clients_language(rivera: User, discreet: bool) -> None:
    lucia = _lucia(rivera)
    _email_point(lucia, "lucia@example.org", discreet=discreet)
    david = make_client(rivera, "David")
    _email_point(david, "david@example.org", discreet=discreet)
    when = dt.date(2027, 3, 14)
    with TestCase.captureOnCommitCallbacks(execute=True):
        spanish = actions.send_to_client(lucia, "authorization_expiring", context={"when": when})
        english = actions.send_to_client(david, "authorization_expiring", context={"when": when})
    assert "vence el 14 de marzo de 2027" in spanish.body
    assert "expires on 14 March 2027" in english.body
    letters = {m.to[0]: m for m in mail.outbox}
    assert letters["lucia@example.org"].subject.endswith(
        "Un formulario que usted firmó está por vencer"
    )
    assert letters["david@example.org"].subject.endswith("A form you signed is about to expire")
    if discreet:  # still names neither the practice nor therapy, in either language
        for message in letters.values():
            assert "terap" not in message.body.lower() and "therap" not in message.body.lower()


def test_each_breach_letter_is_in_the_language_on_the_clients_record(rivera: User) -> None:
    """Clients and their personal representatives each get a letter in their own language
    (a representative's is on the RelatedPerson record)."""
    lucia = _lucia(rivera)
    david = make_client(rivera, "David")
    make_case(rivera, david, title="David: individual")
    practice_actions.add_related_person(
        acting_user=rivera,
        client=david,
        data={
            "name": "Rosa Miller",
            "relationship": "parent",
            "is_personal_representative": True,
            "representative_basis": "Parent of a minor",
            "preferred_language": "es",
        },
    )
    privacy = make_user("privacy", role="privacy_officer")
    incident = incident_actions.report_breach(
        acting_user=rivera,
        title="Laptop stolen",
        description="Unencrypted laptop taken from a car.",
        discovered_on=dt.date(2026, 3, 2),
        occurred_from=timezone.now() - dt.timedelta(days=3),
        occurred_until=timezone.now(),
        affected_clients=[lucia, david],
    )
    http = HttpClient()
    http.force_login(privacy)
    page = http.get(reverse("incidents:breach_letters", args=[incident.pk])).content.decode()
    found = re.findall(r'<article[^>]*lang="(\w+)".*?</article>', page, re.S)
    assert sorted(found) == ["en", "es", "es"]
    letters: dict[str, Any] = {
        m.group(1): m.group(0)
        for m in re.finditer(r'<article[^>]*lang="(\w+)".*?</article>', page, re.S)
        if "Rosa" not in m.group(0)
    }
    rosa = next(
        m.group(0)
        for m in re.finditer(r"<article.*?</article>", page, re.S)
        if "Rosa" in m.group(0)
    )
    assert 'lang="es"' in rosa and "Estimado o estimada Rosa Miller" in rosa
    assert "representante personal de David" in rosa and "Qué puede hacer usted" in rosa
    assert "Estimado o estimada Lucia" in letters["es"]
    assert "Lo descubrimos el 2 de marzo de 2026." in letters["es"]
    assert "Qué puede hacer usted" in letters["es"] and "What you can do" not in letters["es"]
    assert "Dear David" in letters["en"] and "We discovered it on 2 March 2026." in letters["en"]
    assert "<h1>Draft notification letters: Laptop stolen</h1>" in page  # staff words stay English


def test_the_printed_accounting_is_in_the_language_on_the_clients_record(rivera: User) -> None:
    """The copy a clinician prints for the client is a handout: the client's language, while
    the clinician's own pages stay in theirs."""
    from confide.disclosures.actions import record_release

    lucia = _lucia(rivera)
    record_release(
        acting_user=rivera,
        client=lucia,
        recipient="Dra. Ana Park",
        recipient_address="",
        description="Free text a clinician typed",
        purpose="Coordinar la atención",
        categories=["attendance", "diagnosis"],
        basis=[{"rule": "us.hipaa.x", "citation": "45 CFR 164.506(c)"}],
        content="THE RELEASED CONTENT",
    )
    http = HttpClient()
    http.force_login(rivera)
    page = http.get(reverse("disclosures:accounting_print", args=[lucia.pk])).content.decode()
    assert "<h1>Lista de divulgaciones de Lucia Miller</h1>" in page
    assert "Destinatario" in page and "Asistencia, Diagnóstico" in page
    assert "Preparada el" in page and "Coordinar la atención" in page
    assert "Free text a clinician typed" not in page
    staff = http.get(reverse("disclosures:client_disclosures", args=[lucia.pk])).content.decode()
    assert '<html lang="en">' in staff


def test_the_clinician_records_a_related_persons_language(rivera: User) -> None:
    david = make_client(rivera, "David")
    make_case(rivera, david, title="David: individual")
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("practice:related_person_add", args=[david.pk])
    form = http.get(url).content.decode()
    assert 'name="preferred_language"' in form and '<option value="es">Español</option>' in form
    data = {"name": "Rosa Miller", "relationship": "parent"}
    assert http.post(url, {**data, "preferred_language": "fr"}).status_code == 200
    assert not david.related_people.exists()  # a language confide does not ship: nothing saved
    assert http.post(url, {**data, "preferred_language": "es"}).status_code == 302
    assert david.related_people.get().preferred_language == "es"
    assert http.post(url, {"name": "Tom", "relationship": "friend"}).status_code == 302
    languages = {p.name: p.preferred_language for p in david.related_people.all()}
    assert languages == {"Rosa Miller": "es", "Tom": "en"}  # left out: English
    detail = http.get(reverse("practice:client_detail", args=[david.pk])).content.decode()
    assert "Letters in Español" in detail


def test_the_sign_in_page_has_the_switch_and_speaks_spanish_before_sign_in(rivera: User) -> None:
    login = reverse("accounts:login")
    english = HttpClient().get(login).content.decode()
    assert 'action="/i18n/setlang/"' in english and "<h1>Sign in</h1>" in english
    http = HttpClient()
    http.post("/i18n/setlang/", {"language": "es", "next": login})
    page = http.get(login).content.decode()
    assert '<html lang="es">' in page and "<h1>Iniciar sesión</h1>" in page
    assert "Nombre de usuario" in page and "Contraseña" in page
    assert "¿Olvidó su contraseña? (portal para clientes)" in page
    wrong = http.post(login, {"username": "nobody", "password": "not it at all"}).content.decode()
    assert "El nombre de usuario y la contraseña no coinciden." in wrong
    # The browser's language is enough too.
    browser = HttpClient(headers={"accept-language": "es"}).get(login).content.decode()
    assert "<h1>Iniciar sesión</h1>" in browser


def test_a_spanish_speaking_client_changes_their_password_in_spanish(rivera: User) -> None:
    lucia = _lucia(rivera)
    http = _portal(lucia)
    url = reverse("accounts:password_change")
    page = http.get(url).content.decode()
    assert "<h1>Cambiar su contraseña</h1>" in page and "Contraseña actual" in page
    assert "Su contraseña debe contener al menos" in page  # Django's own hints, in Spanish
    short = {"old_password": "x" * 16, "new_password1": "corta", "new_password2": "corta"}
    refused = http.post(url, short).content.decode()
    assert "Corrija el campo marcado abajo." in refused and "demasiado corta" in refused
    mismatch = {
        "old_password": "x" * 16,
        "new_password1": "una frase larga",
        "new_password2": "otra",
    }
    assert "Las dos contraseñas no son iguales." in http.post(url, mismatch).content.decode()
    done = {**mismatch, "new_password2": "una frase larga"}
    changed = http.post(url, done, follow=True).content.decode()
    assert "Su contraseña quedó cambiada." in changed


# Locale-independent forms a client page may fix: ISO dates (unambiguous in any language).
FIXED_DATE_FORMATS = {"Y-m-d", "Y-m-d H:i", "c"}


@pytest.mark.parametrize("name", CLIENT_TEMPLATES)
def test_client_pages_write_dates_in_the_readers_locale(name: str) -> None:
    """A date in words follows the reader's language: its format comes from the catalog
    (`{% translate "j F Y" context "long date" as long_date %}`), never fixed in English
    word order; only ISO forms may be fixed."""
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    fixed = set(re.findall(r"\|date:[\"']([^\"']*)[\"']", source)) - FIXED_DATE_FORMATS
    assert not fixed, (name, fixed)


def test_the_long_date_formats_are_the_readers(rivera: User) -> None:
    from django.template import Context, Template
    from django.utils import translation

    page = Template(
        '{% load i18n %}{% translate "j F Y" context "long date" as long_date %}'
        "{{ day|date:long_date }}"
    )
    day = dt.date(2027, 3, 14)
    with translation.override("es"):
        assert page.render(Context({"day": day})) == "14 de marzo de 2027"
    with translation.override("en"):
        assert page.render(Context({"day": day})) == "14 March 2027"


# --- the catalog keeps the glossary (locale/GLOSSARY.md) --------------------------------------


def _spanish_entries() -> list[Any]:
    from tests.web.test_portal_language import client_entries

    return client_entries()


def test_the_spanish_catalog_uses_the_glossarys_terms() -> None:
    """A reviewer's consistency checks, run on every client-facing entry: the glossary's term
    wherever the English says the word, and none of the alternatives it rules out."""
    entries = _spanish_entries()
    assert entries
    # (English pattern, Spanish that must then appear)
    required = [
        (r"\bclinicians?\b", r"(?i)terapeuta"),
        (r"Notice of Privacy Practices", r"Notificación de Prácticas de Privacidad"),
        (r"\bdisclos(e|ed|ure|ures)\b", r"divulg|contó|dijo"),
        (r"\bauthorizations?\b", r"(?i)autorizaci"),
        (r"(?<![{(])\bpractice\b(?! of)", r"consultorio|%\(practice\)s"),
    ]
    for english, spanish in required:
        wrong = [
            (e.msgid, e.msgstr)
            for e in entries
            if re.search(english, e.msgid) and not re.search(spanish, e.msgstr)
        ]
        assert not wrong, (english, wrong)
    # Ruled out: "revelar" (HHS says divulgar), bookkeeping's "contabilidad", the anglicism
    # "práctica" for the business, and the informal tú.
    banned = (
        r"(?i)\brevel|contabilidad|\bprácticas?\b(?! de privacidad)|\b(tú|tienes|puedes|eres)\b"
    )
    found = [(e.msgid, e.msgstr) for e in entries if re.search(banned, e.msgstr)]
    assert not found, found
    # "queja" is the formal complaint (164.530(d)) only; a portal concern is an "inquietud".
    complaints = [e.msgid for e in entries if "queja" in e.msgstr.lower()]
    assert all(re.search(r"(?i)complain", m) for m in complaints), complaints


def test_the_accountings_period_is_written_in_the_readers_words(rivera: User) -> None:
    lucia = _lucia(rivera)
    page = _portal(lucia).get(reverse("disclosures:portal_accounting")).content.decode()
    assert re.search(r"del \d+ de \w+ de \d{4} al \d+ de \w+ de \d{4}", page)


def test_a_guardian_signs_in_the_office_in_the_language_on_their_own_record(
    rivera: User,
) -> None:
    """A minor reads English; their guardian reads Spanish: the clinician shows the text in
    the guardian's language, and the guardian's signature records Spanish and that hash."""
    from confide.agreements.languages import reading
    from confide.agreements.models import Signature
    from confide.agreements.text import sha256
    from tests.web.test_agreements_support import born_years_ago, issue

    jake = make_client(rivera, "Jake", born_years_ago(8))
    rosa = practice_actions.add_related_person(
        acting_user=rivera,
        client=jake,
        data={
            "name": "Rosa Thompson",
            "relationship": "parent",
            "is_personal_representative": True,
            "representative_basis": "Parent of a minor",
            "preferred_language": "es",
        },
    )
    case = make_case(rivera, jake, title="Jake: individual")
    agreement = issue(rivera, case, Jake={"guardian": rosa})
    terms = agreement.terms.get()
    assert terms.guardian_required
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("agreements:sign_office", args=[agreement.pk, terms.participant_id])
    english = http.get(url).content.decode()
    assert re.search(r'class="agreement-text[^"]*"\s+lang="en"', english)
    assert "Cuándo debo compartir información" not in english
    assert "The guardian, Rosa Thompson, reads Español." in english
    assert '<a href="?language=es" lang="es" hreflang="es">Español</a>' in english
    spanish_page = http.get(url, {"language": "es"}).content.decode()
    assert "Cuándo debo compartir información" in spanish_page
    assert http.get(url, {"language": "fr"}).content.decode().count("Español</a>") == 1
    spanish = reading(agreement, terms, "es").text
    data = {"signer_role": "guardian", "signer_name": "Rosa Thompson", "confirm": "on"}
    signed = http.post(f"{url}?language=es", {**data, "text_sha256": sha256(spanish)})
    assert signed.status_code == 302
    signature = Signature.objects.get()
    assert (signature.signer_role, signature.language) == ("guardian", "es")
    assert signature.text_sha256 == sha256(spanish)
