"""The thresholds of the roster rules: :class:`RuleSettings`, with the ArbZG defaults.

``DEFAULT_SETTINGS`` are the legal defaults. The settings are stored as a database setting:
:meth:`RuleSettings.to_dict` gives JSON with the format version ``SETTINGS_VERSION``,
:meth:`RuleSettings.from_dict` reads it back, :meth:`RuleSettings.labels` names every setting
in German. The rules that use them live in kod_desk/domain/roster_rules.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import FieldProblem, ValidationError

SETTINGS_VERSION = 1


def _label(text: str) -> dict[str, str]:
    return {"label": text}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Every threshold of the rules, with the ArbZG defaults (stored as a database setting)."""

    min_rest_hours: float = field(default=11.0, metadata=_label("Mindestruhezeit (h)"))
    daily_warning_hours: float = field(default=8.0, metadata=_label("Tagesarbeitszeit Hinweis (h)"))
    daily_max_hours: float = field(default=10.0, metadata=_label("Tagesarbeitszeit höchstens (h)"))
    average_daily_hours: float = field(default=8.0, metadata=_label("Durchschnitt je Werktag (h)"))
    average_weeks: int = field(default=24, metadata=_label("Ausgleichszeitraum (Wochen)"))
    break_threshold_hours: float = field(default=6.0, metadata=_label("Pause ab Arbeitszeit (h)"))
    break_minutes: int = field(default=30, metadata=_label("Pause (min)"))
    long_break_threshold_hours: float = field(
        default=9.0, metadata=_label("Lange Pause ab Arbeitszeit (h)")
    )
    long_break_minutes: int = field(default=45, metadata=_label("Lange Pause (min)"))
    break_part_min_minutes: int = field(default=15, metadata=_label("Pausenteil mindestens (min)"))
    night_start_hour: int = field(default=23, metadata=_label("Nachtzeit von (Uhr)"))
    night_end_hour: int = field(default=6, metadata=_label("Nachtzeit bis (Uhr)"))
    night_work_min_minutes: int = field(
        default=120, metadata=_label("Nachtarbeit ab Minuten Nachtzeit")
    )
    night_max_hours: float = field(default=10.0, metadata=_label("Nachtarbeit höchstens (h)"))
    night_average_hours: float = field(
        default=8.0, metadata=_label("Nachtarbeit Durchschnitt je Werktag (h)")
    )
    night_average_weeks: int = field(
        default=4, metadata=_label("Nachtarbeit Ausgleichszeitraum (Wochen)")
    )
    min_free_sundays: int = field(default=15, metadata=_label("Freie Sonntage im Jahr"))
    sunday_replacement_weeks: int = field(
        default=2, metadata=_label("Ersatzruhetag für Sonntage binnen (Wochen)")
    )
    holiday_replacement_weeks: int = field(
        default=8, metadata=_label("Ersatzruhetag für Feiertage binnen (Wochen)")
    )
    weekly_max_hours: float = field(
        default=48.0, metadata=_label("Wochenarbeitszeit höchstens (h)")
    )
    contract_tolerance_percent: float = field(
        default=10.0, metadata=_label("Abweichung von der Soll-Arbeitszeit (%)")
    )
    max_consecutive_days: int = field(default=6, metadata=_label("Diensttage in Folge höchstens"))
    patrol_min_officers: int = field(
        default=2, metadata=_label("Streife mindestens (Dienstkräfte)")
    )
    patrol_kinds: tuple[ShiftKind, ...] = field(
        default=(ShiftKind.PATROL, ShiftKind.BIKE_PATROL), metadata=_label("Doppelstreife für")
    )
    bike_kinds: tuple[ShiftKind, ...] = field(
        default=(ShiftKind.BIKE_PATROL,), metadata=_label("Radstreifen-Schulung nötig für")
    )

    def __post_init__(self) -> None:
        if problems := self.problems():
            raise ValidationError(problems)

    def problems(self) -> list[FieldProblem]:
        """Values the rules cannot work with, each with the setting it concerns."""
        found: list[FieldProblem] = []
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, int | float) and value < 0:
                found.append(
                    FieldProblem(item.name, f"{item.metadata['label']}: darf nicht negativ sein.")
                )
        for name in ("average_weeks", "night_average_weeks", "sunday_replacement_weeks"):
            if getattr(self, name) < 1:
                found.append(FieldProblem(name, f"{_LABELS[name]}: mindestens 1."))
        if not (0 <= self.night_start_hour <= 23 and 0 <= self.night_end_hour <= 23):
            night = "night_start_hour" if not 0 <= self.night_start_hour <= 23 else "night_end_hour"
            found.append(FieldProblem(night, "Nachtzeit: Stunden von 0 bis 23."))
        elif self.night_start_hour == self.night_end_hour:
            found.append(
                FieldProblem(
                    "night_end_hour", "Nachtzeit: Beginn und Ende müssen sich unterscheiden."
                )
            )
        if self.daily_warning_hours > self.daily_max_hours:
            found.append(
                FieldProblem(
                    "daily_warning_hours",
                    "Tagesarbeitszeit: der Hinweis muss unter dem Höchstwert liegen.",
                )
            )
        if self.break_threshold_hours > self.long_break_threshold_hours:
            found.append(
                FieldProblem(
                    "long_break_threshold_hours",
                    "Pausen: die lange Pause muss später beginnen als die kurze.",
                )
            )
        if self.min_free_sundays > 53:
            found.append(FieldProblem("min_free_sundays", "Freie Sonntage im Jahr: höchstens 53."))
        return found

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with a format version, for the settings table."""
        data: dict[str, object] = {"version": SETTINGS_VERSION}
        for item in fields(self):
            value = getattr(self, item.name)
            data[item.name] = [kind.value for kind in value] if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RuleSettings:
        """Settings from :meth:`to_dict`; missing keys take defaults, unknown keys are ignored."""
        version = data.get("version", SETTINGS_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version > SETTINGS_VERSION:
            raise ValidationError(
                f"Regel-Einstellungen: Format {version!r} ist neuer als dieses Programm "
                f"(kennt Format {SETTINGS_VERSION})."
            )
        defaults = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for item in fields(cls):
            if item.name not in data:
                continue
            raw = data[item.name]
            default = getattr(defaults, item.name)
            label = item.metadata["label"]
            if isinstance(default, tuple):
                parsed = _parse_kinds(raw)
                if parsed is None:
                    problems.append(f"{label}: keine gültige Liste von Dienstarten.")
                else:
                    values[item.name] = parsed
            elif isinstance(raw, bool) or not isinstance(raw, int | float):
                problems.append(f"{label}: {raw!r} ist keine Zahl.")
            elif isinstance(default, int):
                if raw != int(raw):
                    problems.append(f"{label}: {raw!r} ist keine ganze Zahl.")
                else:
                    values[item.name] = int(raw)
            else:
                values[item.name] = float(raw)
        if problems:
            raise ValidationError(problems)
        return cls(**values)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """German label of each setting, in declaration order."""
        return dict(_LABELS)


_LABELS = {item.name: str(item.metadata["label"]) for item in fields(RuleSettings)}


def _parse_kinds(raw: object) -> tuple[ShiftKind, ...] | None:
    if not isinstance(raw, list | tuple):
        return None
    try:
        return tuple(ShiftKind(str(value)) for value in raw)
    except ValueError:
        return None


DEFAULT_SETTINGS = RuleSettings()
