"""Dates between Python and Qt's date widgets: one place instead of a copy per dialog.

Qt's QDate/QDateTime carry no time zone here: a QDateTime shown in a form is Berlin
wall-clock time (the station's time), whatever zone the computer is set to.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime

from kod_desk.domain.timeutil import local_to_utc, local_today, to_local


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def today_qdate() -> QDate:
    """Today in Berlin as a QDate (not the computer's day: see timeutil.local_today)."""
    return to_qdate(local_today())


def to_qdatetime(moment: datetime) -> QDateTime:
    """An aware datetime as Berlin wall-clock time, to the minute."""
    local = to_local(moment)
    return QDateTime(to_qdate(local.date()), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """A Berlin wall-clock QDateTime as an aware UTC datetime."""
    clock = value.time()
    return local_to_utc(from_qdate(value.date()), time(clock.hour(), clock.minute()))
