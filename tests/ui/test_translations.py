"""German is the source of every tr() string; the English translation ships and is current."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
sys.path.insert(0, str(TRANSLATIONS))
import update  # noqa: E402  (resources/translations/update.py, the pipeline itself)


def sources(ts_file: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts_file).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_committed_ts_holds_every_string_of_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh_en.ts"
    update.lupdate(fresh, "en")
    missing = sources(fresh) - sources(TRANSLATIONS / "kod_desk_en.ts")
    assert not missing, f"run resources/translations/update.py; missing: {sorted(missing)[:5]}"


def test_english_translation_is_complete() -> None:
    root = ET.parse(TRANSLATIONS / "kod_desk_en.ts").getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if (
            message.find("translation") is None
            or message.find("translation").get("type") == "unfinished"
        )
    ]
    assert unfinished == []


def test_the_window_speaks_english_when_asked(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from kod_desk.app import install_translators
    from kod_desk.ui.main_window import MainWindow
    from kod_desk.ui.settings import Settings

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "en")
    try:
        window = MainWindow(Settings(str(tmp_path / "s.ini")))
        qtbot.addWidget(window)
        labels = [window.nav.item(row).text() for row in range(window.nav.count())]
        assert labels[:3] == ["Overview", "Roster", "Bikes"]
        assert labels[-2:] == ["Master data", "Administration"]
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        install_translators(app, "de")
    german = MainWindow(Settings(str(tmp_path / "d.ini")))
    qtbot.addWidget(german)
    assert german.nav.item(0).text() == "Übersicht"
