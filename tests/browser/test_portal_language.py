"""A Spanish-speaking client in a real browser: the invitation, the password form, the portal and
the confidentiality agreement are in Spanish because their record says so (the browser asks for
English); she signs the Spanish text by keyboard, and the signature records Spanish and that
text's hash; she reads her accounting of disclosures and the Notice of Privacy Practices (and
says she received it), and raises a privacy concern, every page in Spanish with no English
sentence of the catalog on it; the language switch works by keyboard alone and passes axe in
both languages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.agreements.languages import reading
from confide.agreements.models import Signature
from confide.agreements.text import sha256
from confide.disclosures.actions import record_release
from confide.incidents.models import Violation
from confide.notices import actions as notice_actions
from confide.notices.models import NoticeAcknowledgment
from confide.portal import actions as portal_actions
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.browser.conftest import assert_accessible
from tests.web.test_agreements_support import (
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
)
from tests.web.test_portal_language import _english_sentences

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CLIENT_PASSWORD = "una frase de paso larga y poco común"
DOB = "2000-03-14"


@pytest.fixture
def clinician(transactional_db: Any) -> User:
    make_practice()
    user = User(username="dr.rivera", role="clinician", first_name="Elena")
    user.set_password("correct horse battery staple")
    user.save()
    return user


@pytest.fixture
def lucia(clinician: User) -> Client:
    """A client whose record says she reads Spanish, with an email address on file."""
    client = make_client(clinician, "Lucia")
    case = make_case(clinician, client, title="Lucia: individual")
    client = practice_actions.update_client(
        acting_user=clinician, client=client, data={"preferred_language": "es"}
    )
    practice_actions.add_contact_point(
        acting_user=clinician,
        client=client,
        data={"kind": "email", "value": "lucia@example.org", "may_email": True},
    )
    issue(clinician, case)
    practice_actions.schedule_session(
        acting_user=clinician, case=case, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    # One release she will find in her accounting.
    record_release(
        acting_user=clinician,
        client=client,
        recipient="Dra. Ana Park",
        recipient_address="",
        description="Dates of sessions",
        purpose="Coordinar mi atención",
        categories=["attendance"],
        basis=[{"rule": "us.hipaa.x", "citation": "45 CFR 164.506(c)"}],
        content="Session dates",
    )
    # The practice's notice in effect, composed in English and Spanish.
    officer = make_user("delgado", "privacy_officer")
    notice = notice_actions.save_notice_draft(
        acting_user=officer,
        data={
            "contact_title": "Sam Delgado",
            "contact_phone": "555-0100",
            "effective_on": timezone.localdate(),
        },
    )
    notice_actions.review_notice(acting_user=officer, notice=notice)
    notice_actions.publish_notice(acting_user=officer, notice=notice)
    return client


def assert_all_spanish(page: Any) -> None:
    """No English sentence of the client-facing catalog is left on the page's main part. The
    legal sources list is left out: rule titles come from the rule data, in English (the
    glossary lists them as not yet translated)."""
    main = page.evaluate(
        "() => { const m = document.querySelector('main').cloneNode(true);"
        " m.querySelectorAll('ol.notes').forEach(n => n.remove()); return m.innerText; }"
    )
    left = [s for s in _english_sentences() if s in main]
    assert not left, (page.url, left)


def test_a_spanish_speaking_client_reads_the_portal_in_spanish_and_switches_by_keyboard(
    browser: Any, live_server: Any, clinician: User, lucia: Client
) -> None:
    portal_actions.invite_client(
        acting_user=clinician,
        client=lucia,
        contact_point=lucia.contact_points.get(),
        link_for=lambda token: f"{live_server.url}/portal/invite/{token}/",
    )
    letter = mail.outbox[-1]
    assert letter.subject == "Su invitación"
    found = re.search(r"https?://\S+/portal/invite/\S+/", str(letter.body))
    assert found
    # The browser asks for English; the record says Spanish, and the record wins.
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US"})
    page = context.new_page()
    page.goto(found.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Active su portal")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(page)
    page.get_by_label("Su fecha de nacimiento").fill(DOB)
    page.get_by_label("Elija una contraseña").fill(CLIENT_PASSWORD)
    page.get_by_label("Escriba la contraseña otra vez").fill(CLIENT_PASSWORD)
    page.get_by_role("button", name="Guardar mi contraseña").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Lucia")
    expect(page.get_by_text("Bienvenido o bienvenida.")).to_be_visible()
    sections = page.get_by_role("navigation", name="Secciones del portal")
    expect(sections.get_by_role("link", name="Sus acuerdos de confidencialidad")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    assert_accessible(page)

    # She reads and signs the agreement in Spanish, by keyboard.
    sections.get_by_role("link", name="Sus acuerdos de confidencialidad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sus acuerdos de confidencialidad")
    expect(page.get_by_text("Por favor, léalo y fírmelo")).to_be_visible()
    page.get_by_role("link", name="Versión 1").click()
    expect(page.get_by_role("heading", name="Cuándo debo compartir información")).to_be_visible()
    expect(page.locator(".agreement-text").first).to_have_attribute("lang", "es")
    assert_accessible(page)
    page.get_by_label("Nombre completo de la persona que firma").fill("Lucia Miller")
    page.get_by_label("He leído este acuerdo, lo entiendo y estoy de acuerdo con él.").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Firmar", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Gracias. Su firma quedó registrada.")).to_be_visible()
    signature = Signature.objects.get()
    terms = signature.agreement.terms.get()
    assert signature.language == "es"
    assert signature.text_sha256 == sha256(reading(signature.agreement, terms, "es").text)
    assert_all_spanish(page)
    page.get_by_role("link", name="Volver a sus acuerdos").click()
    page.get_by_role("link", name="Volver a su portal").click()

    # Her accounting of disclosures, in Spanish.
    sections.get_by_role("link", name="Quién ha recibido su información").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lista de divulgaciones")
    expect(page.get_by_role("cell", name="Dra. Ana Park")).to_be_visible()
    expect(page.get_by_role("cell", name="Asistencia")).to_be_visible()
    assert_all_spanish(page)
    assert_accessible(page)
    page.go_back()

    # The Notice of Privacy Practices, in Spanish; she says she received it.
    sections.get_by_role("link", name="Notificación de Prácticas de Privacidad").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Notificación de Prácticas de Privacidad"
    )
    expect(page.get_by_role("heading", name="Sus derechos")).to_be_visible()
    expect(page.locator(".agreement-text")).to_have_attribute("lang", "es")
    assert_all_spanish(page)
    assert_accessible(page)
    page.get_by_role("button", name="Recibí esta notificación").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Gracias. Quedó registrado que usted recibió la notificación.")
    ).to_be_visible()
    ack = NoticeAcknowledgment.objects.get()
    assert ack.language == "es" and ack.text_sha256
    page.get_by_role("link", name="Volver a su portal").click()

    # A privacy concern, in Spanish: the errors too.
    sections.get_by_role("link", name="Plantear una inquietud sobre su privacidad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Plantear una inquietud sobre su privacidad"
    )
    assert_all_spanish(page)
    page.get_by_role("button", name="Enviar a mi terapeuta").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_all_spanish(page)
    page.get_by_label("Alguien cercano a mí").check()
    page.get_by_label("Qué pasó").fill("Mi hermana sabía lo que dije la semana pasada.")
    page.get_by_role("button", name="Enviar a mi terapeuta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias")
    assert_all_spanish(page)
    assert_accessible(page)
    assert Violation.objects.get().raised_via_portal
    page.goto(f"{live_server.url}/portal/")

    # The switch, by keyboard: focus the labelled list, choose English, then the button.
    switch = page.get_by_label("Idioma")
    expect(switch).to_have_value("es")
    switch.focus()
    page.keyboard.press("ArrowUp")
    expect(switch).to_have_value("en")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Cambiar el idioma")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Lucia")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Language")).to_have_value("en")
    assert_accessible(page)
    # The choice holds on the next page, and back to Spanish the same way.
    page.get_by_role("link", name="How we may contact you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How we may contact you")
    page.get_by_label("Language").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cómo podemos comunicarnos con usted")
    assert_accessible(page)
    context.close()
