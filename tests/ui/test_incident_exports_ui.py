"""The Vorkommnisse page's "Exportieren" menu (issue 8 item 6): each entry writes the page's
current filter and sort to the file the user picked, and the page says so in German.

QFileDialog.getSaveFileName is a modal system dialog: it is replaced by a function returning
the path a user would have chosen; everything after it is the real code.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kod_desk.domain.incident_list import IncidentSort, SortKey
from kod_desk.services.startup import open_database
from kod_desk.ui.pages import incident_exports
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.incidents_page import IncidentsPage


@pytest.fixture
def page(qtbot: Any, demo_db: Path, settings: Any) -> Iterator[IncidentsPage]:
    connection = sqlite3.connect(demo_db)
    with connection:  # the demo has no coordinates: give every third incident some
        connection.execute(
            "UPDATE incident SET latitude = 51.45 + (rowid % 97) / 10000.0, "
            "longitude = 7.01 + (rowid % 89) / 10000.0 WHERE rowid % 3 = 0"
        )
    connection.close()
    services = open_database(str(demo_db), create=False).services
    bus = ChangeBus()
    incidents = IncidentsPage(settings, bus)
    qtbot.addWidget(incidents)
    incidents.resize(1366, 768)
    incidents.attach(services)
    incidents.show()
    incidents.activate()
    yield incidents
    services.close()


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The save dialog answers ``path``; returns the titles it was opened with."""
    titles: list[str] = []

    def answer(_parent: Any, title: str, _name: str, _filter: str) -> tuple[str, str]:
        titles.append(title)
        return str(path), ""

    monkeypatch.setattr(incident_exports.QFileDialog, "getSaveFileName", answer)
    return titles


def _filter_to_busiest_area(page: IncidentsPage) -> str:
    combo = page.area_combo
    counts = []
    for index in range(1, combo.count()):
        combo.setCurrentIndex(index)
        assert page.plan is not None
        counts.append((page.plan.total, index))
    _total, index = max(counts)
    combo.setCurrentIndex(index)
    return combo.currentText()


def _page_references(page: IncidentsPage) -> list[str]:
    assert page.plan is not None
    return [page.model.row_at(n).reference for n in range(page.plan.total)]  # type: ignore[union-attr]


def test_the_button_offers_csv_geojson_and_pdf_and_says_what_is_left_out(
    page: IncidentsPage,
) -> None:
    button = page.exports.button
    assert button.isVisible() and button.text() == "Exportieren"
    entries = [a.text() for a in button.menu().actions() if not a.isSeparator()]
    assert entries == ["Liste als CSV (Excel)…", "Orte als GeoJSON…", "Liste drucken (PDF)…"]
    assert "Ohne beteiligte Personen" in button.toolTip()
    assert "Beschreibungen können Namen enthalten" in button.toolTip()
    assert not page.exports.status_label.isVisible()


def test_csv_entry_exports_the_filtered_list_in_its_order(
    page: IncidentsPage, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = _filter_to_busiest_area(page)
    page.sort_by(IncidentSort(SortKey.REFERENCE, descending=False))
    expected = _page_references(page)
    titles = _choose(monkeypatch, tmp_path / "liste")  # no suffix typed: .csv is added

    with qtbot.waitSignal(page.exports.done, timeout=20_000):
        page.exports.csv_action.trigger()

    assert titles == ["Vorkommnisse als CSV exportieren"]
    target = tmp_path / "liste.csv"
    data = target.read_bytes()
    header, *rows = list(csv.reader(io.StringIO(data[3:].decode(), newline=""), delimiter=";"))
    assert header[0] == "Aktenzeichen" and header[-1] == "Maßnahmen"
    assert [row[0] for row in rows] == expected and len(expected) > 10
    assert {row[3] for row in rows} == {area}
    label = page.exports.status_label
    assert label.isVisible()
    assert label.text() == f"{len(expected)} Vorkommnisse als CSV exportiert: {target}"
    assert page.exports.button.isEnabled()


def test_geojson_entry_counts_the_incidents_without_coordinates(
    page: IncidentsPage, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filter_to_busiest_area(page)
    assert page.plan is not None
    total = page.plan.total
    target = tmp_path / "orte.geojson"
    _choose(monkeypatch, target)

    with qtbot.waitSignal(page.exports.done, timeout=20_000):
        page.exports.geojson_action.trigger()

    features = json.loads(target.read_bytes())["features"]
    located = {f["properties"]["reference"] for f in features}
    assert 0 < len(located) < total
    assert located <= set(_page_references(page))
    assert page.exports.status_label.text() == (
        f"{len(located)} Vorkommnisse exportiert, {total - len(located)} ohne Koordinaten "
        f"ausgelassen: {target}"
    )


def test_print_entry_saves_the_list_as_a_readable_pdf(
    page: IncidentsPage, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = _filter_to_busiest_area(page)
    page.sort_by(IncidentSort(SortKey.TIME, descending=False))
    references = _page_references(page)
    target = tmp_path / "liste.pdf"
    titles = _choose(monkeypatch, target)

    with qtbot.waitSignal(page.exports.done, timeout=30_000):
        page.exports.pdf_action.trigger()

    assert titles == ["Vorkommnisliste als PDF speichern"]
    reader = PdfReader(BytesIO(target.read_bytes()))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Vorkommnisliste" in text and f"Gebiet: {area}" in text
    assert "Zeit, älteste zuerst" in text  # the page's sort
    assert text.index(references[0]) < text.index(references[-1])
    assert page.exports.status_label.text() == (
        f"Vorkommnisliste ({len(references)} Vorkommnisse) als PDF gespeichert: {target}"
    )
