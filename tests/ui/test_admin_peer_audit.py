"""Verwaltung → Andere Stationen (issue 13): whether each station only extended its audit log,
and the station that rewrote its history named in red after its next package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kod_desk.services.startup import open_database
from kod_desk.ui.settings import Settings
from tests.services.test_sync_encryption import _rewrite_history
from tests.ui.test_admin_page import _page


def test_the_station_that_rewrote_its_log_is_named_on_the_page(
    qtbot: Any, tmp_path: Path, settings: Settings
) -> None:
    office = open_database(str(tmp_path / "buero.sqlite"), demo=True, demo_incidents=20).services
    laptop = open_database(str(tmp_path / "laptop.sqlite")).services
    try:
        office.sync.trust(laptop.sync.export_key())
        laptop.sync.trust(office.sync.export_key())
        page = _page(qtbot, office, settings)
        assert page.peer_audit_label.text() == "Noch kein Paket einer anderen Station."

        laptop.sync.export(tmp_path / "1.kodsync", office.db.station_id)
        office.sync.import_package(tmp_path / "1.kodsync")
        page.reload()
        assert page.peer_audit_label.text() == (
            "Alle Stationen haben ihr Protokoll nur fortgeschrieben."
        )
        [row] = page.peer_audit_model.rows()
        assert row.ok and row.heads == 1

        _rewrite_history(laptop)
        laptop.sync.export(tmp_path / "2.kodsync", office.db.station_id)
        office.sync.import_package(tmp_path / "2.kodsync")
        page.reload()
        page.tabs.setCurrentIndex(2)
        text = page.peer_audit_label.text()
        assert "hat ihr Protokoll umgeschrieben" in text
        assert laptop.sync.station().name in text
        [row] = page.peer_audit_model.rows()
        assert not row.ok and row.heads == 2
        finding = page.peer_audit_model.index(0, 3).data()
        assert "umgeschrieben" in finding
        page.grab().save(str(tmp_path / "peer_audit.png"))
    finally:
        office.close()
        laptop.close()
