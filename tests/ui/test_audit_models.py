"""The Verwaltung page's tables (ui/models/audit_models.py) on plain rows, without a database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from kod_desk.domain.audit import AuditRecord, field_label
from kod_desk.domain.sync_audit import PeerAuditReport, SeenHead
from kod_desk.ui.models.audit_models import AuditLogModel, PeerAuditModel

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _record(seq: int, before: dict[str, Any] | None, after: dict[str, Any] | None) -> AuditRecord:
    return AuditRecord(seq, AT, "k-1", "update", "officer", "o1", None, before, after)


def test_the_audit_log_names_who_acted_and_what_changed(qtmodeltester: Any) -> None:
    model = AuditLogModel(lambda actor: {"k-1": "Koch, Anna (K-1)"}.get(actor, actor))
    model.set_rows(
        [
            _record(1, None, {"last_name": "Koch"}),
            _record(
                2, {"last_name": "Koch", "active": True}, {"last_name": "Kühn", "active": True}
            ),
        ]
    )
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Nr.",
        "Zeit",
        "Benutzer",
        "Aktion",
        "Tabelle",
        "Datensatz",
        "Grund",
        "Änderung",
    ]
    assert model.index(0, 2).data() == "Koch, Anna (K-1)"
    # An update shows only what changed, old → new; a new record its values.
    assert model.index(1, 7).data() == f'{field_label("last_name")}: "Koch" → "Kühn"'
    assert model.index(0, 7).data() == f'{field_label("last_name")}: "Koch"'


def test_the_peer_audit_says_what_each_station_did_with_its_log(qtmodeltester: Any) -> None:
    model = PeerAuditModel()
    model.set_rows(
        [
            PeerAuditReport("p1", "Station Nord", 0, None, ()),
            PeerAuditReport("p2", "Station Süd", 3, SeenHead(41, "h", AT), ()),
            PeerAuditReport("p3", "Station West", 2, SeenHead(7, "h", AT), ("Eintrag 5 geändert",)),
        ]
    )
    qtmodeltester.check(model)
    findings = [model.index(row, 3).data() for row in range(3)]
    assert findings == [
        "noch kein Paket mit Protokollstand",
        "unverändert fortgeschrieben",
        "Eintrag 5 geändert",
    ]
    assert model.index(0, 2).data() == "–"
    assert model.index(1, 2).data().startswith("Eintrag 41, ")
