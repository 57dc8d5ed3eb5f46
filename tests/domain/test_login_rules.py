"""Login rules: passwords, the growing delay, the lock (domain/auth.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kod_desk.domain import auth as da
from kod_desk.domain.errors import FieldProblem


def test_password_rules_name_the_problem_in_german() -> None:
    assert da.password_problems("kurz") == [
        FieldProblem("password", "Passwort: mindestens 10 Zeichen.")
    ]
    assert da.password_problems("aaaaaaaaaaaa") == [
        FieldProblem("password", "Passwort: zu einfach (mindestens vier verschiedene Zeichen).")
    ]
    assert da.password_problems("K-1000-abcd", service_number="k-1000-ABCD") == [
        FieldProblem("password", "Passwort: darf nicht die Dienstnummer sein.")
    ]
    assert da.password_problems("gutes-Passwort-1", "anderes") == [
        FieldProblem("repeat", "Passwort-Wiederholung: stimmt nicht mit dem Passwort überein.")
    ]
    assert da.password_problems("gutes-Passwort-1", "gutes-Passwort-1") == []


def test_delay_grows_and_is_capped() -> None:
    assert [da.delay_after(n) for n in range(8)] == [0, 0, 1, 2, 4, 8, 8, 8]


def test_lock_after_the_configured_number_of_failures() -> None:
    now = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    policy = da.LoginPolicy(max_failures=3, lock_minutes=15)
    assert da.lock_after_failure(2, now, policy) is None
    until = da.lock_after_failure(3, now, policy)
    assert until == now + timedelta(minutes=15)
    assert da.is_locked(until, now + timedelta(minutes=14))
    assert not da.is_locked(until, now + timedelta(minutes=15))
    assert da.minutes_left(until, now + timedelta(minutes=14, seconds=30)) == 1
    assert "vorübergehend gesperrt" in da.locked_message(1)


def test_policy_round_trips_and_is_validated() -> None:
    policy = da.LoginPolicy(4, 30, 5)
    assert da.LoginPolicy.from_json(policy.to_json()) == policy
    assert da.LoginPolicy.from_json(None) == da.LoginPolicy(5, 15, 10)
    assert da.validate_policy(da.LoginPolicy(1, 0, 0)) == [
        FieldProblem("max_failures", "Fehlversuche bis zur Sperre: zwischen 3 und 20."),
        FieldProblem("lock_minutes", "Sperrdauer: zwischen 1 und 1440 Minuten."),
        FieldProblem("idle_minutes", "Sperren bei Untätigkeit: zwischen 1 und 240 Minuten."),
    ]
