"""A Spanish-speaking client in a real browser: the invitation page, the password form and the
portal are in Spanish because their record says so (the browser asks for English); the language
switch works by keyboard alone and passes axe in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.portal import actions as portal_actions
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.browser.conftest import assert_accessible
from tests.web.test_agreements_support import make_case, make_client, make_practice

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
    make_case(clinician, client, title="Lucia: individual")
    client = practice_actions.update_client(
        acting_user=clinician, client=client, data={"preferred_language": "es"}
    )
    practice_actions.add_contact_point(
        acting_user=clinician,
        client=client,
        data={"kind": "email", "value": "lucia@example.org", "may_email": True},
    )
    return client


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
