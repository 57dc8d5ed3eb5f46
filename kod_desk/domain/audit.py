"""The audit log as the user sees it: entries, and what its verification found (DESIGN.md §10).

The log is a hash chain: every entry stores the hash of the one before it and its own hash over
its content. The chain's head (last number and hash) is kept apart from the entries, so removing
the newest entries is found as well as editing, removing, inserting or reordering older ones.
Verification reports the first place where the chain breaks, with a German description.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from kod_desk.domain.timeutil import format_local


class BreakKind(StrEnum):
    """How the chain broke at the first broken place."""

    EDITED = "edited"  # the entry's stored hash does not match its content
    REMOVED = "removed"  # entries missing before the one that follows the gap
    MISPLACED = "misplaced"  # an entry of the log that stands in the wrong place
    INSERTED = "inserted"  # an entry that does not fit the chain at all
    TRUNCATED = "truncated"  # the newest entries are missing (the head is beyond the last)
    HEAD_MISSING = "head_missing"  # the stored head of the chain was removed


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """The first broken place of the chain.

    ``seq`` is the first affected entry's number (for removed entries: the first missing one,
    ``through`` the last missing one). ``at`` and ``actor`` are those of the entry found there,
    or, for a gap, of the entry ``following`` it.
    """

    seq: int
    kind: BreakKind
    at: datetime | None = None
    actor: str | None = None
    through: int | None = None
    following: int | None = None

    @property
    def description(self) -> str:
        """One German sentence naming the first broken entry and what happened to it."""
        if self.kind is BreakKind.REMOVED:
            missing = _numbers(self.seq, self.through)
            after = (
                f" (die Kette bricht vor Eintrag {self.following}{_when(self.at, self.actor)})"
                if self.following is not None
                else ""
            )
            return f"{missing} nachträglich entfernt{after}."
        if self.kind is BreakKind.TRUNCATED:
            missing = _numbers(self.seq, self.through)
            last = self.seq - 1
            tail = f"; letzter vorhandener Eintrag: {last}" if last > 0 else ""
            return f"{missing} am Ende des Protokolls nachträglich entfernt{tail}."
        if self.kind is BreakKind.HEAD_MISSING:
            return (
                f"Der gespeicherte Stand des Protokolls fehlt (nachträglich entfernt); Einträge "
                f"ab Nr. {self.seq} könnten entfernt worden sein."
            )
        what = {
            BreakKind.EDITED: "nachträglich geändert",
            BreakKind.MISPLACED: "steht nicht an seiner Stelle (Reihenfolge verändert)",
            BreakKind.INSERTED: "passt nicht in die Kette (nachträglich eingefügt oder ersetzt)",
        }[self.kind]
        return f"Eintrag {self.seq}{_when(self.at, self.actor)}: {what}."


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The result of checking the whole chain: how many entries, and the first break if any."""

    checked: int
    finding: AuditFinding | None

    @property
    def intact(self) -> bool:
        return self.finding is None

    @property
    def message(self) -> str:
        if self.finding is None:
            return f"Protokoll unversehrt: {self.checked} Einträge geprüft."
        return self.finding.description


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the log as lists and the command line show it."""

    seq: int
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: str | None
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "table": self.table_name,
            "row_id": self.row_id,
            "reason": self.reason,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the log list is narrowed to; ``None`` means any. ``until`` is exclusive."""

    actor: str | None = None
    action: str | None = None
    table_name: str | None = None
    row_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _numbers(first: int, last: int | None) -> str:
    if last is None or last == first:
        return f"Eintrag {first}"
    return f"Einträge {first} bis {last}"


def _when(at: datetime | None, actor: str | None) -> str:
    text = f" vom {format_local(at)}" if at is not None else ""
    if actor:
        text += f" (Benutzer {actor})"
    return text


# ---------------------------------------------------------------- German labels (issue 14)

# What the Verwaltung log shows for the stored English names; anything not listed is shown as
# stored (a new action must never vanish from the log because nobody named it yet).
ACTION_LABELS: dict[str, str] = {
    "login": "Anmeldung",
    "login_failed": "Anmeldung fehlgeschlagen",
    "login_lock": "Anmeldung gesperrt (Fehlversuche)",
    "login_locked": "Anmeldung trotz Sperre versucht",
    "first_admin": "Erster Administrator angelegt",
    "set_password": "Passwort gesetzt",
    "change_password": "Eigenes Passwort geändert",
    "create": "Angelegt",
    "update": "Geändert",
    "delete": "Gelöscht",
    "restore": "Wiederhergestellt",
    "status": "Status geändert",
    "assign": "Eingeteilt",
    "unassign": "Ausgetragen",
    "actual_times": "Ist-Zeiten erfasst",
    "publish": "Veröffentlicht",
    "suggest_accept": "Vorschlag übernommen",
    "suggest_revoke": "Vorschlag zurückgenommen",
    "add_note": "Vermerk hinzugefügt",
    "correct_note": "Vermerk korrigiert",
    "hand_over": "Übergeben",
    "add_person": "Person hinzugefügt",
    "remove_person": "Person entfernt",
    "view_personal_data": "Personendaten eingesehen",
    "add_attachment": "Anhang hinzugefügt",
    "view_attachment": "Anhang geöffnet",
    "purge_personal_data": "Personendaten bereinigt",
    "book": "Gebucht",
    "cancel": "Storniert",
    "check_out": "Ausgegeben",
    "check_in": "Zurückgenommen",
    "odometer": "Kilometerstand",
    "report_defect": "Defekt gemeldet",
    "complete": "Abgeschlossen",
    "service_done": "Wartung erledigt",
    "retire": "Ausgemustert",
    "import": "Importiert",
    "export": "Exportiert",
    "sync_import": "Synchronisation eingespielt",
    "sync_export": "Synchronisation exportiert",
    "sync_refused": "Synchronisation abgelehnt",
    "sync_resolve": "Konflikt entschieden",
    "trust_station": "Station vertraut",
    "revoke_station": "Vertrauen entzogen",
    "set_office_station": "Büro-Station festgelegt",
    "peer_audit_broken": "Protokoll einer Station verändert",
    "create_key": "Schlüssel erzeugt",
    "rename": "Umbenannt",
    "initialize": "Eingerichtet",
    "demo": "Demodaten angelegt",
}

TABLE_LABELS: dict[str, str] = {
    "officer": "Dienstkraft",
    "area": "Einsatzgebiet",
    "catalog_entry": "Katalogeintrag",
    "shift_template": "Dienstvorlage",
    "shift": "Dienst",
    "assignment": "Einteilung",
    "absence": "Abwesenheit",
    "roster_week": "Dienstplanwoche",
    "roster_csv": "Dienstplan-Datei",
    "incident": "Vorkommnis",
    "incident_note": "Vermerk",
    "incident_person": "Beteiligte Person",
    "incident_officer": "Besatzung",
    "incident_measure": "Maßnahme",
    "attachment": "Anhang",
    "investigation_case": "Ermittlung",
    "bike": "Fahrrad",
    "bike_checkout": "Fahrradausgabe",
    "bike_service": "Wartung",
    "app_setting": "Einstellung",
    "station": "Station",
    "peer_station": "Andere Station",
    "sync_package_log": "Synchronisationspaket",
    "sync_conflict": "Synchronisationskonflikt",
}

FIELD_LABELS: dict[str, str] = {
    "service_number": "Dienstnummer",
    "last_name": "Nachname",
    "first_name": "Vorname",
    "unit": "Einheit",
    "role": "Rolle",
    "qualifications": "Qualifikationen",
    "weekly_hours": "Wochenstunden",
    "active": "aktiv",
    "name": "Name",
    "code": "Kürzel",
    "description": "Beschreibung",
    "is_fear_space": "Angstraum",
    "priority": "Priorität",
    "video_periods": "Videoüberwachung",
    "footage_retention_hours": "Aufbewahrung Videomaterial",
    "kind": "Art",
    "area_id": "Gebiet",
    "starts_at": "Beginn",
    "ends_at": "Ende",
    "start_time": "Beginn",
    "end_time": "Ende",
    "duty_date": "Dienstdatum",
    "min_staff": "Mindestbesetzung",
    "break_minutes": "Pause",
    "actual_start": "Ist-Beginn",
    "actual_end": "Ist-Ende",
    "actual_break_minutes": "Ist-Pause",
    "note": "Bemerkung",
    "is_lead": "Streifenführung",
    "officer_id": "Dienstkraft",
    "shift_id": "Dienst",
    "template_id": "Vorlage",
    "week_start": "Woche",
    "published_at": "veröffentlicht am",
    "published_by": "veröffentlicht von",
    "publish_reason": "Begründung",
    "reason": "Grund",
    "status": "Status",
    "outcome": "Ergebnis",
    "category_id": "Kategorie",
    "measure_id": "Maßnahme",
    "occurred_at": "Zeit",
    "place": "Ort",
    "latitude": "Breite",
    "longitude": "Länge",
    "source": "Quelle",
    "reference": "Aktenzeichen",
    "text": "Text",
    "corrects_id": "korrigiert",
    "author_id": "Verfasser",
    "birth_date": "Geburtsdatum",
    "address": "Anschrift",
    "subject": "Gegenstand",
    "due_on": "fällig am",
    "assigned_officer_id": "zuständig",
    "department_id": "Anfordernde Stelle",
    "received_on": "eingegangen am",
    "result": "Ergebnis",
    "inventory_no": "Inventarnummer",
    "frame_no": "Rahmennummer",
    "model": "Modell",
    "is_pedelec": "Pedelec",
    "range_km": "Reichweite",
    "odometer_km": "Kilometerstand",
    "km_out": "km bei Ausgabe",
    "km_in": "km bei Rücknahme",
    "out_at": "ausgegeben",
    "in_at": "zurück",
    "bike_id": "Fahrrad",
    "defect": "Defekt",
    "condition": "Zustand",
    "workshop": "Werkstatt",
    "cost_cents": "Kosten (Cent)",
    "done_on": "erledigt am",
    "next_inspection_on": "nächste Inspektion",
    "next_inspection_km": "nächste Inspektion (km)",
    "filename": "Dateiname",
    "size_bytes": "Größe",
    "months": "Monate",
    "unlocked": "Sperre aufgehoben",
    "trusted": "vertraut",
    "is_office": "Büro",
    "crew": "Besatzung",
    "version": "Version",
}


def _label(labels: dict[str, str], value: str | None) -> str:
    if not value:
        return ""
    return labels.get(value, value)


def action_label(action: str) -> str:
    """The German name of a logged action ("add_note" -> "Vermerk hinzugefügt")."""
    return _label(ACTION_LABELS, action)


def table_label(table_name: str) -> str:
    """The German name of a logged table ("officer" -> "Dienstkraft")."""
    return _label(TABLE_LABELS, table_name)


def field_label(field: str) -> str:
    """The German name of a logged field ("service_number" -> "Dienstnummer")."""
    return _label(FIELD_LABELS, field)
