"""Clients read the portal in their language: the language on their record, a switch on every
portal page, and a Spanish catalog that covers every string of the client-facing templates.

The catalog checks read the .po and .mo files shipped in the package (no gettext tools needed):
a string marked but not translated, a translation marked fuzzy, a .mo not recompiled after the
.po changed, or text left unmarked in a client-facing template each fail a test here.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.test import TestCase
from django.urls import reverse

import confide
from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client
from confide.practice.search import find_client
from tests.web.test_agreements_support import make_case, make_client, make_practice, make_user
from tests.web.test_portal import accept, invite

pytestmark = pytest.mark.django_db

PACKAGE = Path(confide.__file__).parent
TEMPLATES = PACKAGE / "templates"
CATALOG = PACKAGE / "locale" / "es" / "LC_MESSAGES"
# What a client reads: every portal template but the staff ones (the invitation form, the
# access panel on the client's page and the revocation confirmation), the shared page frame
# and the form error summary.
STAFF_ONLY = {"portal/invite_new.html", "portal/_access_panel.html", "portal/revoke.html"}
PORTAL_TEMPLATES = sorted(str(p.relative_to(TEMPLATES)) for p in (TEMPLATES / "portal").iterdir())
CLIENT_TEMPLATES = [
    *(t for t in PORTAL_TEMPLATES if t not in STAFF_ONLY),
    "base.html",
    "practice/_form_errors.html",
    # The confidentiality agreement's words (rendered in every language with each version).
    "agreements/text/shared.txt",
    "agreements/text/own.txt",
    # Reading and signing it on the portal.
    "agreements/portal_list.html",
    "agreements/portal_sign.html",
    "agreements/_text.html",
    "agreements/handout.html",
    # Raising a privacy concern.
    "incidents/portal_concern.html",
    "incidents/portal_concern_sent.html",
    # The accounting of disclosures (45 CFR 164.528).
    "disclosures/portal_accounting.html",
    "disclosures/_client_accounting_table.html",
    "disclosures/accounting_print.html",  # the printed copy handed to the client
    # The Notice of Privacy Practices: public, and read and acknowledged on the portal.
    "notices/public.html",
    "notices/portal.html",
    # Session notes shared with the client.
    "records/portal_notes.html",
    "records/_segment.html",
    # Authorizations: the form a client reads and signs, with every 164.508(c) element.
    "disclosures/portal_authorizations.html",
    "disclosures/portal_authorization.html",
    "disclosures/portal_grant.html",
    "disclosures/_authorization_facts.html",
    "disclosures/_statements.html",
    # The public request form: a relative, a lawyer or the police asking about a client (the
    # requester reads it in their language, as the client does).
    "disclosures/public_form.html",
    "disclosures/public_sent.html",
    "disclosures/public_limited.html",
    # Breach notification letters, each in the language on the client's record.
    "incidents/breach_letters.html",
    # Signing in (the switch is there before sign-in) and changing one's password.
    "accounts/login.html",
    "accounts/locked_out.html",
    "accounts/password_change.html",
    "accounts/_form_fields.html",
]
# The apps with a portal section (their `portal_section.py`; test_extension_points checks
# that every app registers its sections there and nowhere else).
SECTION_APPS = ("agreements", "disclosures", "incidents", "notices", "portal", "records")
# Python modules whose strings a client reads (portal messages, forms, section titles).
CLIENT_MODULES = {
    "portal/views.py",
    "portal/forms.py",
    "portal/actions.py",
    # Every app's portal sections (titles and descriptions on the portal home).
    *(f"{app}/portal_section.py" for app in SECTION_APPS),
    "portal/notices.py",
    # What the agreement text says in words: the minors' rule, labels, contact preferences.
    "agreements/builder.py",
    "practice/vocabulary.py",
    "practice/models.py",
    "agreements/models.py",
    "agreements/forms.py",
    "agreements/portal_views.py",
    "agreements/actions.py",
    "incidents/forms.py",
    # The notice's own words (composed in every language) and its portal page.
    "notices/compose.py",
    "notices/portal_views.py",
    # Authorizations: labels, statements, statuses, messages and the discreet channel wording.
    "disclosures/forms.py",
    "disclosures/portal_views.py",
    "disclosures/authorizations.py",
    "disclosures/vocabulary.py",
    "disclosures/channels.py",
    "disclosures/accounting.py",
    "records/models.py",
    "accounts/forms.py",
    "accounts/views.py",
}
BRAND = {"confide"}


# --- a tiny .po reader (the project has no polib) -------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgstr: str = ""
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    msgid_plural: str = ""
    # msgstr[0], msgstr[1], ... of a plural entry; `msgstr` is then msgstr[0]
    plurals: list[str] = field(default_factory=list)


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file: msgid, msgstr (and the plural forms), flags and files."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#:"):
                entry.files |= {ref.split(":")[0] for ref in line[2:].split()}
            elif line.startswith("msgctxt "):
                current, entry.msgctxt = "msgctxt", ast.literal_eval(line[8:])
            elif line.startswith("msgid "):
                current, entry.msgid = "msgid", ast.literal_eval(line[6:])
            elif line.startswith("msgid_plural "):
                current, entry.msgid_plural = "msgid_plural", ast.literal_eval(line[13:])
            elif line.startswith("msgstr "):
                current, entry.msgstr = "msgstr", ast.literal_eval(line[7:])
            elif line.startswith("msgstr["):
                entry.plurals.append(ast.literal_eval(line.split("] ", 1)[1]))
                current = f"plural{len(entry.plurals) - 1}"
            elif line.startswith('"') and current.startswith("plural"):
                entry.plurals[int(current[6:])] += ast.literal_eval(line)
            elif line.startswith('"') and current:
                setattr(entry, current, getattr(entry, current) + ast.literal_eval(line))
        if entry.plurals:
            entry.msgstr = entry.plurals[0] if all(p.strip() for p in entry.plurals) else ""
        if entry.msgid:
            entries.append(entry)
    return entries


def client_entries() -> list[Entry]:
    wanted = {f"templates/{t}" for t in CLIENT_TEMPLATES} | CLIENT_MODULES
    return [e for e in read_po(CATALOG / "django.po") if e.files & wanted]


def test_every_portal_section_module_is_in_the_catalog() -> None:
    """A section module the catalog does not reference would escape the checks below."""
    referenced = {f for e in read_po(CATALOG / "django.po") for f in e.files}
    assert {f"{app}/portal_section.py" for app in SECTION_APPS} <= referenced
    found = {p.parent.name for p in Path(confide.__file__).parent.glob("*/portal_section.py")}
    assert found == set(SECTION_APPS)


def test_every_client_facing_string_has_a_spanish_translation() -> None:
    entries = client_entries()
    assert len(entries) > 60  # the portal's strings were found at all
    missing = [e.msgid for e in entries if not e.msgstr.strip()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    # Placeholders survive translation, or the page would crash or lose the name.
    for e in entries:
        assert sorted(re.findall(r"%\(\w+\)[sd]", e.msgid)) == sorted(
            re.findall(r"%\(\w+\)[sd]", e.msgstr)
        ), e.msgid


def test_every_catalog_entry_says_where_it_is_used() -> None:
    """An entry without a file reference (pasted in by hand, never merged by `make messages`)
    escapes every check here and may not even be compiled."""
    unplaced = [e.msgid for e in read_po(CATALOG / "django.po") if e.msgid and not e.files]
    assert not unplaced, f"run `make messages`: {unplaced}"


def test_the_compiled_catalog_matches_the_po() -> None:
    """The .mo in the package is what Django reads: it must be recompiled after each edit."""
    with (CATALOG / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e.msgid
        for e in client_entries()
        if (
            compiled.ngettext(e.msgid, e.msgid_plural, 1)
            if e.plurals
            else compiled.pgettext(e.msgctxt, e.msgid)
            if e.msgctxt is not None
            else compiled.gettext(e.msgid)
        )
        != e.msgstr
    ]
    assert not stale, f"run `make messages`: {stale}"


def _unmarked_text(source: str) -> list[str]:
    """Words a template shows outside {% translate %} / {% blocktranslate %}."""
    text = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    text = re.sub(r"{% comment %}.*?{% endcomment %}", " ", text, flags=re.S)
    text = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", " ", text, flags=re.S)
    text = re.sub(r"{% translate .*?%}", " ", text, flags=re.S)
    shown = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', text)
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    words: list[str] = []
    for chunk in [text, *shown]:
        chunk = re.sub(r"{%.*?%}|{{.*?}}", " ", chunk, flags=re.S)
        words += [w for w in re.findall(r"[A-Za-z]{2,}", chunk) if w not in BRAND]
    return words


@pytest.mark.parametrize("name", CLIENT_TEMPLATES)
def test_client_facing_templates_have_no_unmarked_text(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert _unmarked_text(source) == [], name


def test_the_unmarked_text_check_can_fail() -> None:
    assert _unmarked_text('<p>{% translate "Hello" %}</p><p>Goodbye</p>') == ["Goodbye"]
    assert _unmarked_text('<nav aria-label="Sections"></nav>') == ["Sections"]
    assert _unmarked_text('<nav aria-label="{% translate "Sections" %}"></nav>') == []


# --- the portal follows the client's record, and the switch ---------------------------------


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def couple(rivera: User) -> Case:
    maria = make_client(rivera, "Maria")
    david = make_client(rivera, "David")
    return make_case(
        rivera, maria, david, case_type="couple", secrets_policy="limited_secrets", title="Couple"
    )


def _set_language(rivera: User, client: Client, language: str) -> None:
    practice_actions.update_client(
        acting_user=rivera, client=client, data={"preferred_language": language}
    )


def _english_sentences() -> list[str]:
    """The English source of the client-facing strings that differ in Spanish: for each, its
    longest stretch of words between placeholders (long enough not to match by chance)."""
    found = []
    for e in client_entries():
        longest = max(re.split(r"%\(\w+\)s", e.msgid), key=len).strip()
        if " " in longest and len(longest) >= 12 and e.msgid != e.msgstr:
            found.append(longest)
    return found


def _main(html: str) -> str:
    found = re.search(r"<main.*?</main>", html, flags=re.S)
    assert found
    return found.group(0)


def test_a_spanish_speaking_client_reads_the_portal_in_spanish(rivera: User, couple: Case) -> None:
    maria = find_client("Maria")
    _set_language(rivera, maria, "es")
    http = accept(invite(rivera, maria, "maria@example.org"))
    pages = [
        reverse("portal:home"),
        reverse("portal:contact"),
        reverse("incidents:portal_concern"),
        reverse("incidents:portal_concern_sent"),
        reverse("disclosures:portal_accounting"),
    ]
    english = _english_sentences()
    for url in pages:
        response = http.get(url)
        html = response.content.decode()
        assert response["Content-Language"] == "es", url
        assert '<html lang="es">' in html, url
        assert 'name="language"' in html and '<label for="language-switch">Idioma</label>' in html
        shown = [s for s in english if s in _main(html)]
        assert not shown, (url, shown)
    home = http.get(reverse("portal:home")).content.decode()
    assert "Hola, Maria" in home and "Sus acuerdos de confidencialidad" in home
    assert "Cómo podemos comunicarnos con usted" in home
    accounting = http.get(reverse("disclosures:portal_accounting")).content.decode()
    assert "<h1>Lista de divulgaciones</h1>" in accounting and "Destinatario" in accounting
    concern = http.get(reverse("incidents:portal_concern")).content.decode()
    assert "¿Quién cree que lo compartió?" in concern and "Enviar a mi terapeuta" in concern


def test_an_english_speaking_client_reads_english_and_may_switch(
    rivera: User, couple: Case
) -> None:
    david = find_client("David")
    http = accept(invite(rivera, david, "david@example.org"))
    home = http.get(reverse("portal:home")).content.decode()
    assert "Hello, David" in home and '<html lang="en">' in home
    # The switch: Django's set_language, back to the same page; the choice wins over the record.
    switched = http.post(reverse("set_language"), {"language": "es", "next": "/portal/"})
    assert switched.status_code == 302 and switched["Location"] == "/portal/"
    assert "Hola, David" in http.get("/portal/").content.decode()
    david.refresh_from_db()
    assert david.preferred_language == "en"  # the switch changes the reading, not the record
    # A foreign `next` is refused: the switch cannot be used to send a client elsewhere.
    away = http.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_the_switch_is_on_public_portal_pages_and_works_signed_out(
    rivera: User, couple: Case
) -> None:
    maria = find_client("Maria")
    path = invite(rivera, maria, "maria@example.org")
    http = HttpClient()
    assert 'action="/i18n/setlang/"' in http.get(path).content.decode()
    http.post("/i18n/setlang/", {"language": "es", "next": path})
    page = http.get(path).content.decode()
    assert "Active su portal" in page and "Su fecha de nacimiento" in page
    assert "Elija una contraseña" in page
    reset = http.get(reverse("portal:reset")).content.decode()
    assert "Restablecer su contraseña" in reset


def test_the_clinician_sets_the_language_on_the_client_form(rivera: User, couple: Case) -> None:
    maria = find_client("Maria")
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("practice:client_edit", args=[maria.pk])
    form = http.get(url).content.decode()
    assert '<option value="es">Español</option>' in form
    data = {"first_name": "Maria", "last_name": maria.last_name, "date_of_birth": "2000-03-14"}
    assert http.post(url, {**data, "preferred_language": "fr"}).status_code == 200
    maria.refresh_from_db()
    assert maria.preferred_language == "en"  # a language confide does not ship changes nothing
    assert http.post(url, {**data, "preferred_language": "es"}).status_code == 302
    maria.refresh_from_db()
    assert maria.preferred_language == "es"
    event = AuditEvent.objects.filter(summary="Client details changed").latest("pk")
    assert event.detail == {"fields": ["preferred_language"]}
    detail = http.get(reverse("practice:client_detail", args=[maria.pk])).content.decode()
    assert "<dt>Preferred language</dt><dd>Español</dd>" in detail
    # Left out of a post, the language stays as it is.
    assert http.post(url, data).status_code == 302
    maria.refresh_from_db()
    assert maria.preferred_language == "es"


def test_the_invitation_and_its_page_follow_the_record(rivera: User, couple: Case) -> None:
    """A Spanish-speaking client is invited in Spanish and takes the invitation up in Spanish,
    before anyone knows their browser; English stays English."""
    maria = find_client("Maria")
    _set_language(rivera, maria, "es")
    path = invite(rivera, maria, "maria@example.org")
    letter = mail.outbox[-1]
    assert letter.subject == "Su invitación"
    assert "Le invitamos a una cuenta segura" in letter.body and path in letter.body
    page = HttpClient().get(path).content.decode()
    assert '<html lang="es">' in page and "Active su portal" in page
    david = find_client("David")
    english = invite(rivera, david, "david@example.org")
    assert mail.outbox[-1].subject == "Your invitation"
    assert "Set up your portal" in HttpClient().get(english).content.decode()
    # The account-set-up notice after taking it up speaks Spanish too.
    with TestCase.captureOnCommitCallbacks(execute=True):
        accept(path)
    assert any(m.subject == "Su cuenta está lista" for m in mail.outbox)
