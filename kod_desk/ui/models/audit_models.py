"""The tables of the Verwaltung page: the audit log and the audit state of the other stations.

The texts keep the translation context of the page they were written for ("AdminPage"), so
the English translation applies unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from kod_desk.domain.audit import AuditRecord, action_label, field_label, table_label
from kod_desk.domain.sync_audit import PeerAuditReport
from kod_desk.domain.timeutil import format_local
from kod_desk.ui.models.row_table_model import Column, RowTableModel


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def change_summary(record: AuditRecord) -> str:
    """What changed, in one line: "Feld: alt → neu" for updates, the values otherwise."""
    before, after = record.before or {}, record.after or {}
    if before and after:
        keys = [k for k in after if before.get(k) != after.get(k)]
        parts = [f"{field_label(k)}: {_short(before.get(k))} → {_short(after[k])}" for k in keys]
    else:
        parts = [f"{field_label(k)}: {_short(v)}" for k, v in (after or before).items()]
    text = "; ".join(parts)
    return text if len(text) <= 160 else text[:159] + "…"


def audit_columns(actor_text: Callable[[str], str]) -> list[Column[AuditRecord]]:
    """Nr., Zeit, Benutzer (through ``actor_text``), Aktion, Tabelle, Datensatz, Grund, Änderung."""
    return [
        Column(
            QCoreApplication.translate("AdminPage", "Nr."),
            lambda r: str(r.seq),
            sort_key=lambda r: r.seq,
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("AdminPage", "Zeit"),
            lambda r: format_local(r.at),
            sort_key=lambda r: r.seq,
        ),
        Column(QCoreApplication.translate("AdminPage", "Benutzer"), lambda r: actor_text(r.actor)),
        Column(
            QCoreApplication.translate("AdminPage", "Aktion"),
            lambda r: action_label(r.action),
            tooltip=lambda r: r.action,
        ),
        Column(
            QCoreApplication.translate("AdminPage", "Tabelle"),
            lambda r: table_label(r.table_name),
            tooltip=lambda r: r.table_name,
        ),
        Column(QCoreApplication.translate("AdminPage", "Datensatz"), lambda r: r.row_id or ""),
        Column(QCoreApplication.translate("AdminPage", "Grund"), lambda r: r.reason or ""),
        Column(
            QCoreApplication.translate("AdminPage", "Änderung"),
            change_summary,
            tooltip=lambda r: json.dumps(
                {"vorher": r.before, "nachher": r.after}, ensure_ascii=False, indent=1
            ),
        ),
    ]


class AuditLogModel(RowTableModel[AuditRecord]):
    """Audit entries; ``actor_text`` turns who acted into a name (the page knows the names)."""

    def __init__(self, actor_text: Callable[[str], str], parent: Any = None) -> None:
        super().__init__(audit_columns(actor_text), parent=parent)


def peer_audit_state(report: PeerAuditReport) -> str:
    """The last finding about a station's log, or that it was only ever appended to."""
    if report.findings:
        return report.findings[-1]
    if report.newest is None:
        return QCoreApplication.translate("AdminPage", "noch kein Paket mit Protokollstand")
    return QCoreApplication.translate("AdminPage", "unverändert fortgeschrieben")


def _newest(report: PeerAuditReport) -> str:
    if report.newest is None:
        return "–"
    return QCoreApplication.translate("AdminPage", "Eintrag {n}, {when}").format(
        n=report.newest.seq, when=format_local(report.newest.seen_at)
    )


def peer_audit_columns() -> list[Column[PeerAuditReport]]:
    """Station, Pakete, Zuletzt, Befund."""
    return [
        Column(QCoreApplication.translate("AdminPage", "Station"), lambda r: r.peer_name),
        Column(QCoreApplication.translate("AdminPage", "Pakete"), lambda r: str(r.heads)),
        Column(QCoreApplication.translate("AdminPage", "Zuletzt"), _newest),
        Column(
            QCoreApplication.translate("AdminPage", "Befund"),
            peer_audit_state,
            tooltip=peer_audit_state,
        ),
    ]


class PeerAuditModel(RowTableModel[PeerAuditReport]):
    """One row per other station: how many packages, the newest log state, the finding."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(peer_audit_columns(), parent=parent)
