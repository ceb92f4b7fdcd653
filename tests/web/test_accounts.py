"""Sign-in, roles, lockout, idle timeout, two-factor and forced password changes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.models import User
from confide.accounts.roles import client_required, role_required, staff_required
from confide.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


def make_user(username: str, role: str = "clinician", **extra: object) -> User:
    user = User(username=username, role=role, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, username: str, password: str = PASSWORD) -> HttpResponse:
    return client.post(LOGIN, {"username": username, "password": password})


def actions_recorded() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


# --- every page but the public ones needs a signed-in user ---------------------------------


def _paths(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every URL the project serves, with sample values for its parameters."""
    found = []
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _paths(entry, pattern)
        elif isinstance(entry, URLPattern):
            found.append(pattern)
    samples = {
        "int": "1",
        "str": "x",
        "slug": "x",
        "uuid": "00000000-0000-0000-0000-000000000001",
        "path": "x",
    }
    paths = []
    for pattern in found:
        pattern = re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "str", "x"), pattern
        )
        pattern = pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        paths.append(re.sub("/+", "/", "/" + pattern))
    return paths


def test_anonymous_is_sent_to_sign_in_from_every_non_public_url(client: Client) -> None:
    from django.conf import settings

    paths = [
        p for p in _paths(get_resolver()) if not p.startswith(tuple(settings.PUBLIC_PATH_PREFIXES))
    ]
    assert "/audit/" in paths and "/accounts/staff/" in paths
    for path in paths:
        for method in (client.get, client.post):
            response = method(path)
            if path.startswith("/api/"):
                assert response.status_code == 401, path
                assert response.json() == {"detail": "Sign-in required."}
                continue
            assert response.status_code == 302, path
            assert response["Location"].startswith(LOGIN + "?next="), path


def test_login_page_is_public(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b'<label for="id_username">Username</label>' in response.content
    assert b'<label for="id_password">Password</label>' in response.content


# --- role decorators fail closed -----------------------------------------------------------


def _ok(request: object) -> HttpResponse:
    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("decorator", "allowed", "refused"),
    [
        (
            staff_required,
            ["clinician", "supervisor", "privacy_officer", "administrator"],
            ["client"],
        ),
        (
            role_required("privacy_officer", "administrator"),
            ["privacy_officer", "administrator"],
            ["clinician", "supervisor", "client"],
        ),
        (client_required, ["client"], ["clinician", "administrator"]),
    ],
)
def test_role_decorators_give_404_to_everyone_else(decorator, allowed, refused) -> None:  # type: ignore[no-untyped-def]
    view = decorator(_ok)
    factory = RequestFactory()
    for role in allowed:
        request = factory.get("/somewhere/")
        request.user = make_user(f"ok-{role}-{id(decorator)}", role)
        assert view(request).status_code == 200
    for role in refused:
        request = factory.get("/somewhere/")
        request.user = make_user(f"no-{role}-{id(decorator)}", role)
        with pytest.raises(Http404):
            view(request)
    assert actions_recorded().count("access_denied") == len(refused)


def test_inactive_user_is_refused_by_role_checks() -> None:
    request = RequestFactory().get("/x/")
    request.user = make_user("gone", "administrator", is_active=False)
    with pytest.raises(Http404):
        role_required("administrator")(_ok)(request)


def test_role_required_rejects_unknown_role_names() -> None:
    with pytest.raises(ValueError, match="unknown roles"):
        role_required("admin")


def test_pages_for_other_roles_look_missing(client: Client) -> None:
    client.force_login(make_user("carla", "clinician"))
    assert client.get(reverse("accounts:user_list")).status_code == 404
    assert client.get(reverse("audit:trail")).status_code == 404
    assert client.get(reverse("audit:export")).status_code == 404
    portal = Client()
    portal.force_login(make_user("pat", "client"))
    assert portal.get(reverse("accounts:user_list")).status_code == 404


# --- sign-in, sign-out, lockout ------------------------------------------------------------


def test_sign_in_and_out_are_audited(client: Client) -> None:
    make_user("carla")
    response = sign_in(client, "carla", "wrong password!")
    assert response.status_code == 200
    assert b"do not match" in response.content
    response = sign_in(client, "carla")
    assert response.status_code == 302
    assert client.get(reverse("accounts:logout")).status_code == 405  # POST only
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert actions_recorded() == ["login_failed", "login", "logout"]
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor is None and failed.actor_label == "anonymous"
    assert "wrong" not in str(failed.detail)  # never the password tried


def test_each_role_lands_on_its_own_home_after_sign_in(client: Client) -> None:
    make_user("pat", "client")
    assert sign_in(client, "pat")["Location"] == reverse("portal:home")
    other = Client()
    make_user("carla")
    assert sign_in(other, "carla")["Location"] == reverse("practice:dashboard")


def test_lockout_after_five_failures_is_audited_and_an_administrator_can_unlock(
    client: Client,
) -> None:
    make_user("carla")
    for _ in range(4):
        assert sign_in(client, "carla", "not the password").status_code == 200
    locked = sign_in(client, "carla", "not the password")
    assert locked.status_code == 429
    assert b"Sign-in locked" in locked.content
    # Even the right password is refused while locked.
    assert sign_in(client, "carla").status_code == 429
    assert "lockout" in actions_recorded()
    admin = Client()
    admin.force_login(make_user("ada", "administrator"))
    listing = admin.get(reverse("accounts:user_list"))
    assert b"Locked out" in listing.content
    carla = User.objects.get(username="carla")
    assert admin.post(reverse("accounts:user_unlock", args=[carla.pk])).status_code == 302
    assert sign_in(client, "carla").status_code == 302
    unlock = AuditEvent.objects.filter(summary__startswith="Unlocked").get()
    assert unlock.actor.username == "ada" and unlock.target_id == str(carla.pk)


def test_session_ends_after_thirty_minutes_idle(client: Client) -> None:
    make_user("ada", "administrator")
    page = reverse("accounts:user_list")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        assert sign_in(client, "ada").status_code == 302
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(page).status_code == 200  # activity renews the session
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(page).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_pages_renew_the_session_at_most_once_a_minute(client: Client) -> None:
    from django.contrib.sessions.models import Session

    make_user("ada", "administrator")
    page = reverse("accounts:user_list")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, "ada")
        key = client.session.session_key

        def expiry() -> dt.datetime:
            return Session.objects.get(session_key=key).expire_date

        client.get(page)
        first = expiry()
        clock.shift(dt.timedelta(seconds=30))
        client.get(page)
        assert expiry() == first  # no write for a page within the minute
        clock.shift(dt.timedelta(seconds=45))
        client.get(page)
        assert expiry() == first + dt.timedelta(seconds=75)


# --- two-factor ----------------------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_two_factor_required_by_an_administrator(client: Client) -> None:
    make_user("carla")
    admin = Client()
    admin.force_login(make_user("ada", "administrator"))
    carla = User.objects.get(username="carla")
    form = {
        "first_name": "",
        "last_name": "",
        "email": "",
        "role": "clinician",
        "is_active": "on",
        "require_two_factor": "on",
    }
    assert admin.post(reverse("accounts:user_edit", args=[carla.pk]), form).status_code == 302
    carla.refresh_from_db()
    assert carla.require_two_factor

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, "carla")
        enrol = reverse("accounts:totp_enrol")
        assert client.get(reverse("accounts:user_list"))["Location"] == enrol
        page = client.get(enrol)
        assert b"<svg" in page.content
        assert not re.search(rb"<script(?![^>]*\bsrc=)", page.content)  # CSP: no inline script
        device = TOTPDevice.objects.get(user=carla)
        assert (
            client.post(
                enrol, {"token": "000000" if _code(device) != "000000" else "111111"}
            ).status_code
            == 200
        )
        clock.shift(dt.timedelta(seconds=5))  # django-otp throttles after a wrong code
        assert client.post(enrol, {"token": _code(device)}).status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/accounts/password/").status_code == 200  # verified: through

        client.post(reverse("accounts:logout"))
        clock.shift(dt.timedelta(minutes=2))
        sign_in(client, "carla")
        verify = reverse("accounts:totp_verify")
        assert client.get("/accounts/password/")["Location"] == verify
        wrong = client.post(verify, {"token": "12345x"})
        assert wrong.status_code == 200 and b"errorlist" in wrong.content
        assert client.get("/accounts/password/")["Location"] == verify
        assert client.post(verify, {"token": _code(device)}).status_code == 302
        assert client.get("/accounts/password/").status_code == 200


# --- forced password change and the administrator pages -----------------------------------


def test_administrator_password_reset_forces_a_new_password(client: Client) -> None:
    carla = make_user("carla")
    admin = Client()
    admin.force_login(make_user("ada", "administrator"))
    url = reverse("accounts:user_reset_password", args=[carla.pk])
    temporary = "temporary-passphrase-42"
    response = admin.post(url, {"new_password1": temporary, "new_password2": temporary})
    assert response.status_code == 302
    carla.refresh_from_db()
    assert carla.must_change_password and carla.check_password(temporary)
    assert AuditEvent.objects.filter(
        summary="Reset the password of carla", actor__username="ada"
    ).exists()

    assert sign_in(client, "carla", temporary).status_code == 302
    change = reverse("accounts:password_change")
    assert client.get(reverse("accounts:user_list"))["Location"] == change
    fresh = "my-own-passphrase-77"
    data = {"old_password": temporary, "new_password1": fresh, "new_password2": fresh}
    assert client.post(change, data).status_code == 302
    carla.refresh_from_db()
    assert not carla.must_change_password and carla.check_password(fresh)
    assert client.get(change).status_code == 200  # still signed in, no longer held


def test_administrator_creates_staff_user(client: Client) -> None:
    client.force_login(make_user("ada", "administrator"))
    data = {
        "username": "sam",
        "first_name": "Sam",
        "last_name": "Lee",
        "email": "sam@example.org",
        "role": "supervisor",
        "new_password1": "temporary-passphrase-42",
        "new_password2": "temporary-passphrase-42",
    }
    assert client.post(reverse("accounts:user_create"), data).status_code == 302
    sam = User.objects.get(username="sam")
    assert sam.role == "supervisor" and sam.must_change_password
    assert AuditEvent.objects.filter(action="create", target_id=str(sam.pk)).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"new_password2": "something-else-entirely"},
        {"new_password1": "short", "new_password2": "short"},
        {"role": "client"},
        {"role": "emperor"},
        {"username": "ada"},
        {"username": ""},
    ],
)
def test_invalid_create_form_changes_nothing(client: Client, bad: dict[str, str]) -> None:
    client.force_login(make_user("ada", "administrator"))
    data = {
        "username": "sam",
        "role": "supervisor",
        "new_password1": "temporary-passphrase-42",
        "new_password2": "temporary-passphrase-42",
        **bad,
    }
    users, events = User.objects.count(), AuditEvent.objects.count()
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert User.objects.count() == users and AuditEvent.objects.count() == events


def test_invalid_edit_form_changes_nothing(client: Client) -> None:
    ada = make_user("ada", "administrator")
    carla = make_user("carla", email="carla@example.org")
    client.force_login(ada)
    events = AuditEvent.objects.count()
    url = reverse("accounts:user_edit", args=[carla.pk])
    bad = {"role": "administrator", "email": "not an address", "is_active": ""}
    response = client.post(url, bad)
    assert response.status_code == 200 and b"aria-invalid" in response.content
    carla.refresh_from_db()
    assert (carla.role, carla.email, carla.is_active) == ("clinician", "carla@example.org", True)
    # An administrator cannot lock themselves out either.
    own = client.post(
        reverse("accounts:user_edit", args=[ada.pk]), {"role": "clinician", "is_active": "on"}
    )
    assert own.status_code == 200
    ada.refresh_from_db()
    assert ada.role == "administrator"
    assert AuditEvent.objects.count() == events


def test_invalid_reset_changes_nothing(client: Client) -> None:
    carla = make_user("carla")
    client.force_login(make_user("ada", "administrator"))
    url = reverse("accounts:user_reset_password", args=[carla.pk])
    response = client.post(
        url, {"new_password1": "temporary-passphrase-42", "new_password2": "nope"}
    )
    assert response.status_code == 200
    carla.refresh_from_db()
    assert carla.check_password(PASSWORD) and not carla.must_change_password


def test_staff_pages_do_not_manage_client_accounts(client: Client) -> None:
    pat = make_user("pat", "client")
    client.force_login(make_user("ada", "administrator"))
    assert client.get(reverse("accounts:user_edit", args=[pat.pk])).status_code == 404
    assert b"pat" not in client.get(reverse("accounts:user_list")).content


def test_two_factor_step_never_redirects_off_site(client: Client) -> None:
    carla = make_user("carla", require_two_factor=True)
    device = TOTPDevice.objects.create(user=carla, name="phone", confirmed=True)
    sign_in(client, "carla")
    url = reverse("accounts:totp_verify") + "?next=https://evil.example/"
    response = client.post(url, {"token": _code(device)})
    assert response.status_code == 302 and response["Location"] == "/"


def test_htmx_requests_from_a_stale_session_load_the_sign_in_page_whole(client: Client) -> None:
    response = client.get("/accounts/staff/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == LOGIN


def test_voluntary_enrolment_makes_the_code_required(client: Client) -> None:
    carla = make_user("carla")
    client.force_login(carla)
    enrol = reverse("accounts:totp_enrol")
    client.get(enrol)
    device = TOTPDevice.objects.get(user=carla)
    assert client.post(enrol, {"token": _code(device)}).status_code == 302
    carla.refresh_from_db()
    assert carla.require_two_factor


def test_starting_enrolment_is_audited_once_and_the_secret_stays(client: Client) -> None:
    """Making the pending authenticator is a write: one audit event, not one per reload."""
    carla = make_user("carla")
    client.force_login(carla)
    enrol = reverse("accounts:totp_enrol")
    before = AuditEvent.objects.filter(action="create", summary__startswith="Started enrol")
    client.get(enrol)
    device = TOTPDevice.objects.get(user=carla, confirmed=False)
    client.get(enrol)
    assert TOTPDevice.objects.get(user=carla, confirmed=False).key == device.key
    events = list(before.filter(actor=carla))
    assert len(events) == 1 and events[0].target_id == str(device.pk)


def _enrolled(username: str, role: str = "clinician") -> tuple[User, TOTPDevice]:
    user = make_user(username, role)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def test_an_enrolled_authenticator_is_required_even_when_the_setting_is_off(
    client: Client,
) -> None:
    carla, device = _enrolled("carla")
    assert not carla.require_two_factor  # e.g. unticked by an administrator
    sign_in(client, "carla")
    verify = reverse("accounts:totp_verify")
    assert client.get("/accounts/password/")["Location"] == verify
    assert client.post(verify, {"token": _code(device)}).status_code == 302
    assert client.get("/accounts/password/").status_code == 200


def test_two_factor_cannot_be_unticked_while_an_authenticator_is_enrolled(
    client: Client,
) -> None:
    carla, _ = _enrolled("carla")
    carla.require_two_factor = True
    carla.save()
    admin = Client()
    admin.force_login(make_user("ada", "administrator"))
    form = {"role": "clinician", "is_active": "on"}  # require_two_factor unticked
    page = admin.post(reverse("accounts:user_edit", args=[carla.pk]), form)
    assert page.status_code == 200 and b"stays required" in page.content
    carla.refresh_from_db()
    assert carla.require_two_factor


def test_removing_your_own_authenticator_needs_a_current_code(client: Client) -> None:
    ada, device = _enrolled("ada", "administrator")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, "ada")
        assert client.post(reverse("accounts:totp_verify"), {"token": _code(device)}).status_code
        remove = reverse("accounts:user_remove_devices", args=[ada.pk])
        events = AuditEvent.objects.count()
        refused = client.post(remove, {})
        assert refused.status_code == 400
        clock.shift(dt.timedelta(seconds=40))
        wrong = "000000" if _code(device) != "000000" else "111111"
        assert client.post(remove, {"token": wrong}).status_code == 400
        assert TOTPDevice.objects.filter(user=ada).count() == 1
        assert AuditEvent.objects.count() == events
        clock.shift(dt.timedelta(seconds=40))
        assert client.post(remove, {"token": _code(device)}).status_code == 302
        assert TOTPDevice.objects.filter(user=ada).count() == 0
