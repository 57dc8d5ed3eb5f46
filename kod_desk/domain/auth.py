"""Login rules (issue 6 item 1, DESIGN.md §10): passwords, delays, lockout, idle lock.

Pure rules; the hashing (argon2id) and the counting live in services/auth.py.

What a failed login tells: always the one :data:`LOGIN_FAILED` text, for an unknown service
number as for a wrong password, and both take the time of one argon2 verification. The
lockout is told only to whoever typed the *right* password of a locked account (so the lock
reveals nothing about which service numbers exist to someone guessing). The growing delay is
counted by the login dialog per attempt, never per account, for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import FieldProblem

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCK_MINUTES = 15
DEFAULT_IDLE_MINUTES = 10
MAX_DELAY_SECONDS = 8

LOGIN_FAILED = "Anmeldung fehlgeschlagen: Dienstnummer oder Passwort falsch."


def locked_message(minutes: int) -> str:
    return (
        "Das Konto ist nach zu vielen Fehlversuchen vorübergehend gesperrt. Bitte in "
        f"{minutes} {'Minute' if minutes == 1 else 'Minuten'} erneut versuchen oder die "
        "Administration bitten, das Passwort neu zu setzen."
    )


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """Database-wide: failures until the lock, its length, idle minutes until the app locks."""

    max_failures: int = DEFAULT_MAX_FAILURES
    lock_minutes: int = DEFAULT_LOCK_MINUTES
    idle_minutes: int = DEFAULT_IDLE_MINUTES

    def to_json(self) -> dict[str, Any]:
        return {
            "max_failures": self.max_failures,
            "lock_minutes": self.lock_minutes,
            "idle_minutes": self.idle_minutes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> LoginPolicy:
        data = data or {}
        default = cls()

        def number(key: str, fallback: int) -> int:
            value = data.get(key, fallback)
            return value if isinstance(value, int) and not isinstance(value, bool) else fallback

        return cls(
            number("max_failures", default.max_failures),
            number("lock_minutes", default.lock_minutes),
            number("idle_minutes", default.idle_minutes),
        )


def validate_policy(policy: LoginPolicy) -> list[FieldProblem]:
    """Every setting out of range, with its LoginPolicy attribute as the field."""
    problems: list[FieldProblem] = []
    if not 3 <= policy.max_failures <= 20:
        problems.append(
            FieldProblem("max_failures", "Fehlversuche bis zur Sperre: zwischen 3 und 20.")
        )
    if not 1 <= policy.lock_minutes <= 24 * 60:
        problems.append(FieldProblem("lock_minutes", "Sperrdauer: zwischen 1 und 1440 Minuten."))
    if not 1 <= policy.idle_minutes <= 240:
        problems.append(
            FieldProblem("idle_minutes", "Sperren bei Untätigkeit: zwischen 1 und 240 Minuten.")
        )
    return problems


PASSWORD = "password"
REPEAT = "repeat"  # the field of the password's repetition


def password_problems(
    password: str, repeat: str | None = None, service_number: str = ""
) -> list[FieldProblem]:
    """What is wrong with the password (field "password") or its repetition (field "repeat");
    empty when the password may be used."""
    problems: list[FieldProblem] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            FieldProblem(PASSWORD, f"Passwort: mindestens {MIN_PASSWORD_LENGTH} Zeichen.")
        )
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(
            FieldProblem(PASSWORD, f"Passwort: höchstens {MAX_PASSWORD_LENGTH} Zeichen.")
        )
    elif not password.strip():
        problems.append(
            FieldProblem(PASSWORD, "Passwort: darf nicht nur aus Leerzeichen bestehen.")
        )
    elif len(set(password)) < 4:
        problems.append(
            FieldProblem(PASSWORD, "Passwort: zu einfach (mindestens vier verschiedene Zeichen).")
        )
    elif service_number and password.strip().casefold() == service_number.strip().casefold():
        problems.append(FieldProblem(PASSWORD, "Passwort: darf nicht die Dienstnummer sein."))
    if repeat is not None and repeat != password:
        problems.append(
            FieldProblem(REPEAT, "Passwort-Wiederholung: stimmt nicht mit dem Passwort überein.")
        )
    return problems


def delay_after(failures: int) -> int:
    """Seconds to wait before the next attempt after ``failures`` failed ones: 0, 1, 2, 4, 8 …"""
    if failures <= 1:
        return 0
    return int(min(2 ** (failures - 2), MAX_DELAY_SECONDS))


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def lock_after_failure(failures: int, now: datetime, policy: LoginPolicy) -> datetime | None:
    """When ``failures`` (counted after this one) reach the limit, the account locks."""
    if failures >= policy.max_failures:
        return now + timedelta(minutes=policy.lock_minutes)
    return None


def minutes_left(locked_until: datetime, now: datetime) -> int:
    seconds = (locked_until - now).total_seconds()
    return max(1, int(-(-seconds // 60)))


@dataclass(frozen=True, slots=True)
class LoginSession:
    """Who is logged in at this workstation."""

    officer_id: str
    service_number: str
    display_name: str
    role: Role
    unit: Unit | None
