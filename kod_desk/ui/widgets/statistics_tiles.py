"""The key figures of the Statistik page: five tiles in a row (incidents, patrol hours, joint
patrols, measures, bike kilometres), each a caption, a big value and a line of detail."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kod_desk.domain import statistics as ds
from kod_desk.domain.text import german_int


def _n(value: int) -> str:
    return german_int(value)


def _h(value: float) -> str:
    return ds.german_hours(value)


class Tile(QFrame):
    """A key figure: caption, big value, a line of detail."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statTile")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.value = QLabel("–")
        self.value.setObjectName("tileValue")
        self.value.setAccessibleName(f"{name}Value")
        self.detail = QLabel()
        self.detail.setObjectName("tileDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)  # captions in one line when a neighbour's detail has two lines

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class KeyFigures(QWidget):
    """The row of tiles; ``show_figures`` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsTiles")
        self.incidents_tile = Tile("incidents", self.tr("Vorkommnisse"))
        self.patrol_tile = Tile("patrol", self.tr("Streifenstunden"))
        self.joint_tile = Tile("joint", self.tr("davon gemeinsam mit der Polizei"))
        self.measures_tile = Tile("measures", self.tr("Maßnahmen"))
        self.bike_tile = Tile("bikes", self.tr("Fahrrad-km"))
        self.patrol_tile.setToolTip(
            self.tr(
                "Personenstunden: die Zeit jeder Dienstkraft in Streifen, Radstreifen, "
                "gemeinsamen Streifen und an der Ansprechstelle, abzüglich der Pausen"
            )
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)  # lines up with the filter row above
        for tile in (
            self.incidents_tile,
            self.patrol_tile,
            self.joint_tile,
            self.measures_tile,
            self.bike_tile,
        ):
            row.addWidget(tile, 1)

    def show_figures(self, figures: ds.Figures, peak: str | None) -> None:
        """Fill the tiles; ``peak`` names the busiest weekday and hour, if any."""
        total = figures.total
        comparison = figures.comparison
        detail = ""
        caption = self.tr("Vorkommnisse")
        if comparison is not None:
            detail = self.tr("{previous}: {n} ({percent})").format(
                previous=comparison.previous_label,
                n=_n(comparison.previous),
                percent=comparison.percent,
            )
            if comparison.running:  # "Vorkommnisse bis 07.12. (laufender Monat)"
                caption = self.tr("{caption} {until}").format(
                    caption=caption, until=comparison.label
                )
        self.incidents_tile.caption.setText(caption)
        if peak is not None:
            # A line of its own: beside the comparison it would widen the tile row.
            detail = (detail + "\n" if detail else "") + self.tr("Spitze {when}").format(when=peak)
        self.incidents_tile.show_value(_n(total), detail)
        patrol, joint = figures.patrol_total, figures.joint_patrols
        self.patrol_tile.show_value(
            self.tr("{h} h").format(h=_h(patrol.person_hours)),
            self.tr("{n} Dienste · {h} h Dienstzeit").format(
                n=_n(patrol.duties), h=_h(patrol.duty_hours)
            ),
        )
        self.joint_tile.show_value(
            self.tr("{h} h").format(h=_h(joint.person_hours)),
            self.tr("{n} gemeinsame Streifen").format(n=_n(joint.duties)),
        )
        self.measures_tile.show_value(
            _n(figures.measures_total),
            self.tr("in {n} Arten").format(n=sum(1 for m in figures.measures if m.count)),
        )
        trips = sum(b.trips for b in figures.bike_km)
        self.bike_tile.show_value(
            self.tr("{km} km").format(km=_n(figures.bike_km_total)),
            self.tr("{trips} Ausfahrten, {bikes} Räder").format(
                trips=_n(trips), bikes=len([b for b in figures.bike_km if b.trips])
            ),
        )
        self._settle()

    def _settle(self) -> None:
        """Lay the tiles out now, so that their new height reaches the page in its next layout
        pass (as when the row was a layout of the page) instead of one pass per level."""
        for tile in self.findChildren(Tile):
            layout = tile.layout()
            if layout is not None:
                layout.activate()
        own = self.layout()
        if own is not None:
            own.activate()
