"""Login per officer (issue 6 item 1, DESIGN.md §10): argon2id, lockout, password resets.

The user name is the service number (Dienstnummer), compared without regard to case.
A failed login raises :class:`LoginFailedError` with the one text of ``domain.auth.LOGIN_FAILED``
whether the service number exists or not, and both paths cost the same: an unknown number is
verified against a dummy hash, and both write one audit entry. The lock after too many
failures is told only to whoever types the right password of the locked account; everyone else
keeps getting the generic text, so the lock tells a guesser nothing about who exists.

Without a login (command line, tests) the :class:`ServiceContext` keeps its default role,
:attr:`Role.ADMIN`, and acts as the OS user.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kod_desk.domain import auth as da
from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import FieldProblem, PermissionDenied, UserError, ValidationError
from kod_desk.domain.sync_rules import managed_by_office
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.base import DbSession, Entity, Result, Service, ServiceContext, require
from kod_desk.storage.repos import logins
from kod_desk.storage.repos import masterdata as masterdata_repo
from kod_desk.storage.repos import settings as settings_repo
from kod_desk.storage.repos import sync as sync_repo

POLICY_KEY = "login_policy"
TABLE = "officer"
UNKNOWN_ACTOR = "unbekannt"  # a login attempt with a service number nobody has

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_dummy: list[str] = []


class LoginFailedError(UserError):
    """Wrong service number or password, or a locked account (the text says which it may)."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _dummy_hash() -> str:
    """A hash of a random password with the same parameters: an unknown user costs the same."""
    if not _dummy:
        _dummy.append(_hasher.hash(secrets.token_urlsafe(24)))
    return _dummy[0]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _session(row: logins.LoginRow) -> da.LoginSession:
    units = {u.value: u for u in Unit}
    return da.LoginSession(
        officer_id=row.officer_id,
        service_number=row.service_number,
        display_name=f"{row.first_name} {row.last_name}".strip(),
        role=Role(row.role),
        unit=units.get(row.unit),
    )


class AuthService(Service):
    def __init__(self, context: ServiceContext, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(context)
        self._clock = clock
        self.session: da.LoginSession | None = None

    # ------------------------------------------------------------ policy

    def policy(self) -> da.LoginPolicy:
        with self._read() as session:
            return da.LoginPolicy.from_json(settings_repo.get(session, POLICY_KEY))

    def save_policy(self, policy: da.LoginPolicy) -> Result[da.LoginPolicy]:
        problems = da.validate_policy(policy)
        with self._op("auth.policy", roles=[Role.ADMIN], action="Anmelderegeln ändern") as op:
            if problems:
                raise ValidationError(problems)
            before = settings_repo.get(op.session, POLICY_KEY)
            settings_repo.put(op.session, POLICY_KEY, policy.to_json())
            op.audit("update", "app_setting", POLICY_KEY, before, policy.to_json())
            return op.result(policy)  # no page shows the policy: nothing to refresh

    # ------------------------------------------------------------ first start

    def needs_first_admin(self) -> bool:
        """True while no officer has a password: the first start creates the administrator."""
        with self._read() as session:
            return not logins.any_password(session)

    def create_first_admin(
        self, service_number: str, last_name: str, first_name: str, password: str,
        repeat: str | None = None,
    ) -> Result[da.LoginSession]:  # fmt: skip
        """Make the first administrator and log them in.

        An officer already on file with that service number (imported, demo) keeps their record
        and becomes administrator with this password; otherwise a new officer is created.
        """
        draft = dm.OfficerDraft(service_number, last_name, first_name, role=Role.ADMIN)
        draft = draft.normalized()
        problems = dm.validate_officer(draft)
        problems += da.password_problems(password, repeat, draft.service_number)
        if problems:
            raise ValidationError(problems)
        password_hash = hash_password(password)
        # The first administrator's own entries carry their service number, not the OS user.
        self._context.actor = draft.service_number
        with self._op("auth.first_admin") as op:
            session = op.session
            if logins.any_password(session):
                raise PermissionDenied(
                    "Keine Berechtigung: Es gibt schon eine Anmeldung; ein weiteres Konto legt "
                    "die Administration in den Stammdaten an."
                )
            existing = logins.by_service_number(session, draft.service_number)
            if existing is None:
                officer, after = masterdata_repo.insert_officer(session, draft)
                op.audit("create", TABLE, officer.id, None, after)
                officer_id = officer.id
            else:
                officer_id = existing.officer_id
                current = masterdata_repo.get_officer(session, officer_id)
                if current.role is not Role.ADMIN or not current.active:
                    update = replace(current.as_draft(), role=Role.ADMIN, active=True)
                    _, before, after = masterdata_repo.update_officer(
                        session, officer_id, update, None
                    )
                    op.audit("update", TABLE, officer_id, before, after)
            logins.set_password(session, officer_id, password_hash)
            op.audit(
                "first_admin", TABLE, officer_id, None, {"service_number": draft.service_number}
            )
            row = logins.by_id(session, officer_id)
            assert row is not None
            op.touch(Entity.OFFICERS, ids=[officer_id])
            result = op.result(_session(row))
        self._sign_in(result.value)  # once the transaction committed
        return result

    # ------------------------------------------------------------ login

    def login(self, user: str, password: str) -> da.LoginSession:
        """Check service number and password; on success the context acts as that officer."""
        policy = self.policy()
        now = self._clock()
        refusal: str | None = None
        # The entry names who tried: the officer of that service number (never the OS user
        # of the workstation); an unknown number is "unbekannt", with the typed number.
        with self._op("auth.login") as op:
            session = op.session
            row = logins.by_service_number(session, user) if user.strip() else None
            usable = row is not None and row.active and row.password_hash is not None
            stored = row.password_hash if row is not None and usable else None
            matches = _verify(stored or _dummy_hash(), password) and stored is not None
            if row is None or not usable:
                refusal = da.LOGIN_FAILED
                op.audit(
                    "login_failed", TABLE, row.officer_id if row is not None else "", None,
                    {"service_number": user.strip()[:20]},
                    actor=row.service_number if row is not None else UNKNOWN_ACTOR,
                )  # fmt: skip
            else:
                locked = da.is_locked(row.locked_until, now)
                failures = 0 if row.locked_until is not None and not locked else row.failed_logins
                if locked:
                    assert row.locked_until is not None
                    refusal = (
                        da.locked_message(da.minutes_left(row.locked_until, now))
                        if matches
                        else da.LOGIN_FAILED
                    )
                    action = "login_locked"
                elif matches:
                    logins.set_counters(session, row.officer_id, 0, None)
                    # A field station keeps the office's hash: a new one would refuse its
                    # packages at the office (roles and passwords come only from there).
                    if (
                        stored is not None
                        and _hasher.check_needs_rehash(stored)
                        and sync_repo.office(session) is None
                    ):
                        logins.rehash(session, row.officer_id, hash_password(password))
                    action = "login"
                else:
                    failures += 1
                    until = da.lock_after_failure(failures, now, policy)
                    logins.set_counters(session, row.officer_id, failures, until)
                    refusal = da.LOGIN_FAILED
                    action = "login_failed" if until is None else "login_lock"
                op.audit(
                    action, TABLE, row.officer_id, None, {"service_number": row.service_number},
                    actor=row.service_number,
                )  # fmt: skip
        if refusal is not None:
            raise LoginFailedError(refusal)
        assert row is not None
        return self._sign_in(_session(row))

    def _sign_in(self, info: da.LoginSession) -> da.LoginSession:
        context = self._context
        context.actor = info.service_number
        context.role = info.role
        context.officer_id = info.officer_id
        context.unit = info.unit
        context.display_name = info.display_name
        self.session = info
        return info

    def logout(self) -> None:
        """Nobody logged in: the context keeps no rights until the next login."""
        context = self._context
        context.role = Role.OFFICER
        context.officer_id = None
        context.unit = None
        context.display_name = ""
        self.session = None

    # ------------------------------------------------------------ passwords

    def set_password(
        self, officer_id: str, password: str, repeat: str | None = None
    ) -> Result[None]:
        """An administrator sets (resets) an officer's password; this also ends a lock.

        Checked and hashed (argon2 takes a moment) before the write begins, so no other
        workstation waits for the hash.
        """
        require(self._context, Role.ADMIN, action="Passwörter setzen")
        with self._read() as session:
            _refuse_at_a_field_station(session)
            row = logins.by_id(session, officer_id)
        if row is None:
            raise ValidationError("Die Dienstkraft wurde nicht gefunden.")
        problems = da.password_problems(password, repeat, row.service_number)
        if problems:
            raise ValidationError(problems)
        password_hash = hash_password(password)
        with self._op("auth.set_password", roles=[Role.ADMIN], action="Passwörter setzen") as op:
            logins.set_password(op.session, officer_id, password_hash)
            op.audit(
                "set_password", TABLE, officer_id, None,
                {"service_number": row.service_number, "unlocked": True},
            )  # fmt: skip
            op.touch(Entity.OFFICERS, ids=[officer_id])
            return op.result(None)

    def change_own_password(self, old: str, new: str, repeat: str | None = None) -> Result[None]:
        """The logged-in officer changes their own password (knowing the old one)."""
        officer_id = self._context.officer_id
        if officer_id is None:
            raise PermissionDenied("Keine Berechtigung: Zum Ändern des Passworts bitte anmelden.")
        with self._read() as session:
            _refuse_at_a_field_station(session)
            row = logins.by_id(session, officer_id)
        assert row is not None
        if row.password_hash is None or not _verify(row.password_hash, old):
            raise ValidationError(FieldProblem("old", "Bisheriges Passwort: stimmt nicht."))
        problems = da.password_problems(new, repeat, row.service_number)
        if new == old:
            problems.append(
                FieldProblem(da.PASSWORD, "Neues Passwort: muss sich vom bisherigen unterscheiden.")
            )
        if problems:
            raise ValidationError(problems)
        password_hash = hash_password(new)
        with self._op("auth.change_own_password") as op:
            logins.set_password(op.session, officer_id, password_hash)
            op.audit(
                "change_password", TABLE, officer_id, None,
                {"service_number": row.service_number},
            )  # fmt: skip
            return op.result(None)  # nothing any page shows changed


def _refuse_at_a_field_station(session: DbSession) -> None:
    """Passwords are set where the logins come from: the office (issue 13)."""
    office = sync_repo.office(session)
    if office is not None:
        raise PermissionDenied(managed_by_office(office.name))
