"""What the audit verification tells the user about the first broken entry (German, exact)."""

from __future__ import annotations

from datetime import UTC, datetime

from kod_desk.domain.audit import AuditFinding, AuditVerification, BreakKind

AT = datetime(2026, 11, 26, 13, 2, tzinfo=UTC)  # 14:02 in Berlin


def test_intact_log_says_how_many_entries_were_checked() -> None:
    assert AuditVerification(1234, None).message == "Protokoll unversehrt: 1234 Einträge geprüft."
    assert AuditVerification(1234, None).intact


def test_each_kind_of_break_names_the_first_entry_in_local_time() -> None:
    edited = AuditFinding(1234, BreakKind.EDITED, AT, "k.schneider")
    assert edited.description == (
        "Eintrag 1234 vom 26.11.2026 14:02 (Benutzer k.schneider): nachträglich geändert."
    )
    assert not AuditVerification(1233, edited).intact
    assert AuditVerification(1233, edited).message == edited.description
    removed = AuditFinding(40, BreakKind.REMOVED, AT, "a", through=40, following=41)
    assert removed.description == (
        "Eintrag 40 nachträglich entfernt (die Kette bricht vor Eintrag 41 vom 26.11.2026 "
        "14:02 (Benutzer a))."
    )
    several = AuditFinding(40, BreakKind.REMOVED, AT, "a", through=44, following=45)
    assert several.description.startswith("Einträge 40 bis 44 nachträglich entfernt")
    assert AuditFinding(7, BreakKind.TRUNCATED, through=9).description == (
        "Einträge 7 bis 9 am Ende des Protokolls nachträglich entfernt; "
        "letzter vorhandener Eintrag: 6."
    )
    assert AuditFinding(5, BreakKind.MISPLACED, AT, "b").description.endswith(
        "(Benutzer b): steht nicht an seiner Stelle (Reihenfolge verändert)."
    )
    assert "eingefügt" in AuditFinding(5, BreakKind.INSERTED, AT, "b").description
    assert AuditFinding(8, BreakKind.HEAD_MISSING).description.startswith(
        "Der gespeicherte Stand des Protokolls fehlt"
    )
    # An entry whose time could not be read is still named, without a time.
    assert AuditFinding(3, BreakKind.EDITED, None, "x").description == (
        "Eintrag 3 (Benutzer x): nachträglich geändert."
    )
