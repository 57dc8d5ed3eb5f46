"""Login per officer (issue 6 item 1): first admin, login, indistinguishable failures, lockout."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from kod_desk.domain.auth import LOGIN_FAILED, LoginPolicy
from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import PermissionDenied, ValidationError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.auth import AuthService, LoginFailedError
from kod_desk.services.registry import Services
from kod_desk.storage.repos import audit

ADMIN_PW = "Erster-Admin-2026"
ANNA_PW = "Anna-Streife-77"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(services: Services, clock: Clock) -> AuthService:
    """An administrator (first start) and the officer K-1 with a password."""
    service = AuthService(services.context, clock)
    assert service.needs_first_admin()
    service.create_first_admin("A-1", "Koch", "Patrick", ADMIN_PW, ADMIN_PW)
    anna = services.masterdata.save_officer(OfficerDraft("K-1", "Schneider", "Anna")).value
    service.set_password(anna.id, ANNA_PW, ANNA_PW)
    return service


def test_first_admin_is_created_once_and_logged_in(services: Services, clock: Clock) -> None:
    service = AuthService(services.context, clock)
    with pytest.raises(ValidationError, match="mindestens 10 Zeichen"):
        service.create_first_admin("A-1", "Koch", "Patrick", "kurz")
    assert service.needs_first_admin()
    result = service.create_first_admin("A-1", "Koch", "Patrick", ADMIN_PW, ADMIN_PW)
    session = result.value
    assert session.role is Role.ADMIN
    assert result.changes.ids(Entity.OFFICERS) == {session.officer_id}
    assert services.context.actor == "A-1"
    assert not service.needs_first_admin()
    with pytest.raises(PermissionDenied):
        service.create_first_admin("A-2", "Noch", "Einer", ADMIN_PW, ADMIN_PW)
    with services.db.read() as read:
        actions = [row.action for row in audit.history(read, "officer", session.officer_id)]
    assert "first_admin" in actions


def test_login_sets_who_acts_and_service_number_ignores_case(
    services: Services, auth: AuthService
) -> None:
    session = auth.login("k-1", ANNA_PW)
    assert (session.service_number, session.display_name, session.role) == (
        "K-1",
        "Anna Schneider",
        Role.OFFICER,
    )
    ctx = services.context
    assert (ctx.actor, ctx.role, ctx.officer_id) == ("K-1", Role.OFFICER, session.officer_id)


def _failure(auth: AuthService, user: str, password: str) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(LoginFailedError) as caught:
        auth.login(user, password)
    return caught.value.message, time.perf_counter() - started


def test_unknown_user_and_wrong_password_are_indistinguishable(
    services: Services, auth: AuthService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same answer and the same work: an unknown user is checked against a dummy argon2
    # hash, so a failed login takes as long either way (the time is printed, not asserted:
    # speed lives in bench/, DESIGN.md §13).
    from kod_desk.services import auth as auth_module

    auth.save_policy(LoginPolicy(max_failures=20))  # no lock during the comparison
    _failure(auth, "warmup", "x")
    hashed: list[str] = []
    verify = auth_module._verify

    def counted(password_hash: str, password: str) -> bool:
        hashed.append(password_hash)
        return verify(password_hash, password)

    monkeypatch.setattr(auth_module, "_verify", counted)
    unknown, wrong = [], []
    for _ in range(3):
        message_u, took_u = _failure(auth, "K-999", "irgendwas-123")
        verified_u = hashed.pop()
        message_w, took_w = _failure(auth, "K-1", "irgendwas-123")
        verified_w = hashed.pop()
        assert message_u == message_w == LOGIN_FAILED
        assert hashed == []  # exactly one argon2 verification per attempt, either way
        # The same kind of hash with the same cost parameters ($argon2id$v=19$m=…,t=…,p=…$).
        assert verified_u.rsplit("$", 2)[0] == verified_w.rsplit("$", 2)[0]
        unknown.append(took_u)
        wrong.append(took_w)
    mean_u, mean_w = sum(unknown) / 3 * 1000, sum(wrong) / 3 * 1000
    print(f"\nmean failed login: unknown user {mean_u:.0f} ms, wrong {mean_w:.0f} ms")  # noqa: T201


def test_lockout_refuses_even_the_right_password_until_it_ends(
    services: Services, auth: AuthService, clock: Clock
) -> None:
    for _ in range(5):
        assert _failure(auth, "K-1", "falsch-falsch")[0] == LOGIN_FAILED
    # Locked: a wrong password still gets the generic text, the right one learns of the lock.
    assert _failure(auth, "K-1", "falsch-falsch")[0] == LOGIN_FAILED
    message, _ = _failure(auth, "K-1", ANNA_PW)
    assert "vorübergehend gesperrt" in message and "15 Minuten" in message
    clock.now += timedelta(minutes=14)
    assert "vorübergehend gesperrt" in _failure(auth, "K-1", ANNA_PW)[0]
    clock.now += timedelta(minutes=1)
    assert auth.login("K-1", ANNA_PW).service_number == "K-1"


def test_admin_reset_unlocks(services: Services, auth: AuthService) -> None:
    for _ in range(5):
        _failure(auth, "K-1", "falsch-falsch")
    assert auth.login("A-1", ADMIN_PW).role is Role.ADMIN  # the admin logs in …
    officer_id = next(o.id for o in services.masterdata.officers() if o.service_number == "K-1")
    reset = auth.set_password(officer_id, "Neues-Passwort-1", "Neues-Passwort-1")  # … and resets
    assert reset.changes.ids(Entity.OFFICERS) == {officer_id}  # the Stammdaten page refreshes it
    assert auth.login("K-1", "Neues-Passwort-1").service_number == "K-1"


def test_officer_cannot_reset_another_password_but_changes_their_own(
    services: Services, auth: AuthService
) -> None:
    admin_id = auth.login("A-1", ADMIN_PW).officer_id
    auth.login("K-1", ANNA_PW)
    with pytest.raises(PermissionDenied, match="Keine Berechtigung: Passwörter setzen"):
        auth.set_password(admin_id, "Gekapert-12345", "Gekapert-12345")
    assert auth.login("A-1", ADMIN_PW).role is Role.ADMIN  # unchanged
    auth.login("K-1", ANNA_PW)
    with pytest.raises(ValidationError, match="Bisheriges Passwort"):
        auth.change_own_password("falsch-falsch", "Neu-und-lang-1", "Neu-und-lang-1")
    auth.change_own_password(ANNA_PW, "Neu-und-lang-1", "Neu-und-lang-1")
    assert auth.login("K-1", "Neu-und-lang-1").service_number == "K-1"
    assert _failure(auth, "K-1", ANNA_PW)[0] == LOGIN_FAILED


def test_deactivated_officer_cannot_log_in(services: Services, auth: AuthService) -> None:
    officer_id = next(o.id for o in services.masterdata.officers() if o.service_number == "K-1")
    services.masterdata.set_officer_active(officer_id, False)
    assert _failure(auth, "K-1", ANNA_PW)[0] == LOGIN_FAILED


def test_logins_are_logged_as_the_officer_not_the_os_user(
    services: Services, auth: AuthService
) -> None:
    """Issue 14: the Verwaltung log showed logins by the workstation's OS user "root"."""
    services.context.actor = "root"  # a logout keeps the last actor; a fresh start the OS user
    session = auth.login("k-1", ANNA_PW)
    with pytest.raises(LoginFailedError):
        auth.login("K-1", "falsches-passwort")
    with pytest.raises(LoginFailedError):
        auth.login("X-999", "falsches-passwort")
    with services.db.read() as read:
        entries = audit.history(read, "officer", session.officer_id)
        unknown = audit.history(read, "officer", "")
    logged = [(row.action, row.actor) for row in entries if row.action.startswith("login")]
    assert logged[-2:] == [("login", "K-1"), ("login_failed", "K-1")]
    assert [(row.action, row.actor) for row in unknown][-1:] == [("login_failed", "unbekannt")]
