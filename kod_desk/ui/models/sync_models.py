"""The tables of the Synchronisation page: the trusted stations and the open conflicts."""

from __future__ import annotations

from typing import Any

from kod_desk.domain import sync as ds
from kod_desk.domain.text import german_int
from kod_desk.domain.timeutil import format_local
from kod_desk.ui.dialogs.conflict_dialog import field_labels, record_hint
from kod_desk.ui.models.row_table_model import Column, RowTableModel


class PeerTableModel(RowTableModel[ds.PeerInfo]):
    """Stations this one knows: name, fingerprint, trust, office, how far the exchange got.
    Stations no longer trusted are grey."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], muted=lambda p: not p.trusted, parent=parent)
        self._columns = self._peer_columns()

    def _seq(self, value: int) -> str:
        return self.tr("Nr. {n}").format(n=german_int(value)) if value else "–"

    def _peer_columns(self) -> list[Column[ds.PeerInfo]]:
        return [
            Column(self.tr("Station"), lambda p: p.name),
            Column(self.tr("Fingerabdruck"), lambda p: p.fingerprint),
            Column(self.tr("Vertraut"), lambda p: self.tr("ja") if p.trusted else self.tr("nein")),
            Column(
                self.tr("Büro"),
                lambda p: self.tr("Büro") if p.is_office else "",
                tooltip=lambda _p: self.tr(
                    "Nur Pakete des Büros dürfen Rollen, Passwörter und Anmeldedaten "
                    "ändern – und nur, wenn eine Administration sie einspielt."
                ),
            ),
            Column(
                self.tr("Letzter Austausch"),
                lambda p: format_local(p.last_sync_at) if p.last_sync_at else self.tr("noch nie"),
                sort_key=lambda p: p.last_sync_at.timestamp() if p.last_sync_at else 0,
            ),
            Column(
                self.tr("Exportiert bis"),
                lambda p: self._seq(p.last_exported_seq),
                sort_key=lambda p: p.last_exported_seq,
                align_right=True,
                tooltip=lambda _p: self.tr("Letzte eigene Änderung, die an diese Station ging"),
            ),
            Column(
                self.tr("Eingespielt bis"),
                lambda p: self._seq(p.last_imported_seq),
                sort_key=lambda p: p.last_imported_seq,
                align_right=True,
                tooltip=lambda _p: self.tr("Letzte Änderung dieser Station, die hier ankam"),
            ),
        ]


class ConflictTableModel(RowTableModel[ds.ConflictView]):
    """Records changed here and at another station: kind, record, since when, which fields."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent=parent)
        labels = field_labels()
        self._columns = [
            Column(self.tr("Art"), lambda c: c.label),
            Column(
                self.tr("Datensatz"),
                lambda c: f"{record_hint(c)} ({c.row_id[:8]})".strip(),
            ),
            Column(
                self.tr("Seit"),
                lambda c: format_local(c.created_at),
                sort_key=lambda c: c.created_at.timestamp(),
            ),
            Column(
                self.tr("Abweichende Felder"),
                lambda c: ", ".join(labels.get(f, f) for f in c.differing),
            ),
        ]
