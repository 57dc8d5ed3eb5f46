"""The audit log for administrators on SQLite and PostgreSQL: verify, list, filter, refuse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from kod_desk.domain.audit import AuditFilter, BreakKind
from kod_desk.domain.enums import Role
from kod_desk.domain.errors import PermissionDenied
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.registry import Services


def _behind_the_back(services: Services, statement: str) -> None:
    """A change to the audit table that does not go through the app."""
    with services.db.engine.begin() as connection:
        connection.execute(text(statement))


def _officers(services: Services, n: int, first: int = 1) -> list[str]:
    return [
        services.masterdata.save_officer(OfficerDraft(f"K-{i}", f"Name{i}", "Anna")).value.id
        for i in range(first, first + n)
    ]


def test_verify_counts_entries_and_names_the_first_edited_one(services: Services) -> None:
    _officers(services, 5)
    verification = services.audit.verify()
    assert verification.intact
    count = verification.checked
    assert count >= 6  # the station's initialisation and five officers
    assert verification.message == f"Protokoll unversehrt: {count} Einträge geprüft."

    oldest_first = services.audit.recent(limit=count)[::-1]
    earlier, later = oldest_first[2].seq, oldest_first[4].seq
    _behind_the_back(services, f"UPDATE audit_entry SET reason = 'x' WHERE seq = {later}")
    _behind_the_back(services, f"UPDATE audit_entry SET actor = 'jemand' WHERE seq = {earlier}")
    finding = services.audit.verify().finding
    assert finding is not None
    assert (finding.seq, finding.kind, finding.actor) == (earlier, BreakKind.EDITED, "jemand")
    assert finding.description.startswith(f"Eintrag {earlier} vom ")
    assert finding.description.endswith("(Benutzer jemand): nachträglich geändert.")


def test_removing_the_newest_entries_is_found_through_the_head(services: Services) -> None:
    _officers(services, 3)
    last = services.audit.recent(limit=1)[0].seq
    _behind_the_back(services, f"DELETE FROM audit_entry WHERE seq >= {last - 1}")
    verification = services.audit.verify()
    assert verification.finding is not None
    assert verification.finding.kind is BreakKind.TRUNCATED
    assert verification.finding.seq == last - 1
    assert verification.message == (
        f"Einträge {last - 1} bis {last} am Ende des Protokolls nachträglich entfernt; "
        f"letzter vorhandener Eintrag: {last - 2}."
    )
    # The next write does not paper over the hole: it chains to the head, not to the rest.
    _officers(services, 1, first=10)
    finding = services.audit.verify().finding
    assert finding is not None and finding.kind is BreakKind.REMOVED
    assert (finding.seq, finding.through) == (last - 1, last)


def test_removing_the_head_itself_is_recorded_in_the_log(services: Services) -> None:
    _officers(services, 2)
    _behind_the_back(services, "DELETE FROM audit_head")
    finding = services.audit.verify().finding
    assert finding is not None and finding.kind is BreakKind.HEAD_MISSING
    _officers(
        services, 1, first=10
    )  # the app writes on: the missing head becomes an entry of the log
    finding = services.audit.verify().finding
    assert finding is not None and finding.kind is BreakKind.HEAD_MISSING
    assert "Der gespeicherte Stand des Protokolls fehlt" in finding.description


def test_recent_filters_and_entries_for_a_record(services: Services) -> None:
    first, second = _officers(services, 2)
    services.masterdata.save_officer(OfficerDraft("K-1", "Neu", "Anna"), first)
    other = Services.create(services.db, actor="zweite")
    other.masterdata.save_officer(OfficerDraft("K-9", "Weber", "Jan"))

    newest = services.audit.recent(limit=3)
    assert [r.seq for r in newest] == sorted((r.seq for r in newest), reverse=True)
    assert [r.actor for r in services.audit.recent(flt=AuditFilter(actor="zweite"))] == ["zweite"]
    updates = services.audit.recent(flt=AuditFilter(action="update", table_name="officer"))
    assert [(r.row_id, r.before["last_name"]) for r in updates] == [(first, "Name1")]  # type: ignore[index]
    history = services.audit.entries_for("officer", first)
    assert [r.action for r in history] == ["create", "update"]
    assert history[1].after is not None and history[1].after["last_name"] == "Neu"
    hour = timedelta(hours=1)
    now = datetime.now(UTC)
    assert services.audit.recent(flt=AuditFilter(until=now - hour)) == []
    assert len(services.audit.recent(flt=AuditFilter(since=now - hour))) >= 4
    actors, actions, tables = services.audit.filter_choices()
    assert {"test", "zweite"} <= set(actors)
    assert {"create", "update"} <= set(actions) and "officer" in tables
    assert second in {r.row_id for r in services.audit.recent()}


def test_only_administrators_read_or_check_the_log(services: Services) -> None:
    supervisor = Services.create(services.db, actor="dgl", role=Role.SUPERVISOR)
    with pytest.raises(PermissionDenied) as refused:
        supervisor.audit.verify()
    assert refused.value.message.startswith("Keine Berechtigung: Das Protokoll einsehen")
    with pytest.raises(PermissionDenied):
        supervisor.audit.recent()
