"""Does every text on a screen fit its widget? Measured with the widget's own font and style.

``clipped_texts(root, where)`` walks the visible widgets under ``root`` and returns one ``Clip``
per text that does not fit: labels (wrapped ones need the height too), push buttons, check
boxes and radio buttons, tool buttons with text, the current text of combo boxes, tab texts,
group box titles and table header sections. ``mnemonic_problems(dialog, where)`` finds a
default button without a mnemonic and two visible buttons or buddy labels sharing one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

# A text touching its widget's edge by a pixel is not cut off (rounding of font metrics).
TOLERANCE = 1


@dataclass(frozen=True)
class Clip:
    """One text that does not fit: where, which widget, the text, needed and given pixels."""

    where: str
    widget: str
    text: str
    need: int
    have: int
    how: str = "breit"  # "breit": too narrow; "hoch": too low; "außen": outside the view

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.widget} {self.text!r} "
            f"({self.how}: braucht {self.need} px, hat {self.have} px)"
        )


def widget_name(widget: QWidget) -> str:
    """objectName, or the class with the nearest named parent (for unnamed widgets)."""
    if widget.objectName():
        return f"{type(widget).__name__}#{widget.objectName()}"
    parent = widget.parentWidget()
    while parent is not None and not parent.objectName():
        parent = parent.parentWidget()
    inside = f" in #{parent.objectName()}" if parent is not None else ""
    return f"{type(widget).__name__}{inside}"


def strip_mnemonic(text: str) -> str:
    """The text as shown: "&Speichern" → "Speichern", "A && B" → "A & B"."""
    return re.sub(r"&(.)", r"\1", text)


def mnemonic_of(text: str) -> str | None:
    """The mnemonic letter of "&Speichern" (lower case), None without one."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def _is_shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _label_clip(label: QLabel, where: str) -> Clip | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    margin = label.margin()
    rect = label.contentsRect().adjusted(margin, margin, -margin, -margin)
    indent = label.indent() if label.indent() > 0 else 0
    width, height = rect.width() - indent, rect.height()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    shown = text if rich else (strip_mnemonic(text) if label.buddy() is not None else text)
    name = widget_name(label)
    plain = shown
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        plain = document.toPlainText()
        if label.wordWrap():
            document.setTextWidth(width)
            if document.idealWidth() > width + TOLERANCE:
                return Clip(where, name, plain, int(document.idealWidth()), width)
            need_height = int(document.size().height())
        else:
            need_width = int(document.idealWidth())
            if need_width > width + TOLERANCE:
                return Clip(where, name, plain, need_width, width)
            need_height = int(document.size().height())
    else:
        metrics = QFontMetrics(label.font())
        if label.wordWrap():
            bound = metrics.boundingRect(
                QRect(0, 0, max(width, 1), 100_000), Qt.TextFlag.TextWordWrap, shown
            )
        else:
            bound = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), 0, shown)
        if bound.width() > width + TOLERANCE:
            return Clip(where, name, plain, bound.width(), width)
        need_height = bound.height()
    if need_height > height + TOLERANCE:
        return Clip(where, name, plain, need_height, height, "hoch")
    return None


def _button_clip(button: QAbstractButton, where: str) -> Clip | None:
    text = strip_mnemonic(button.text())
    if not text:
        return None
    style = button.style()
    metrics = QFontMetrics(button.font())
    need = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        area = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
        # Fusion draws the label right up to the frame: ask for the style's own margin.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button)
        have = area.width() - icon - margin
        if button.menu() is not None:
            have -= style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, button)
    elif isinstance(button, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        have = style.subElementRect(element, option, button).width() - icon
    elif isinstance(button, QToolButton):
        if button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
            return None
        if button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonTextBesideIcon:
            icon = 0
        have = button.width() - icon - 6
    else:
        have = button.width()
    if need > have + TOLERANCE:
        return Clip(where, widget_name(button), text, need, have)
    return None


def _combo_clip(combo: QComboBox, where: str) -> Clip | None:
    text = combo.currentText()
    if not text:
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    icon = combo.iconSize().width() + 4 if not option.currentIcon.isNull() else 0
    have = field.width() - icon - 2
    need = QFontMetrics(combo.font()).horizontalAdvance(text)
    if need > have + TOLERANCE:
        return Clip(where, widget_name(combo), text, need, have)
    return None


def _tab_clips(bar: QTabBar, where: str) -> list[Clip]:
    clips = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        text = strip_mnemonic(bar.tabText(index))
        rect, hint = bar.tabRect(index), bar.tabSizeHint(index)
        if bar.shape() in (QTabBar.Shape.RoundedNorth, QTabBar.Shape.RoundedSouth):
            if rect.width() + TOLERANCE < hint.width():
                clips.append(Clip(where, widget_name(bar), text, hint.width(), rect.width()))
            elif rect.right() > bar.width() or rect.left() < 0:
                clip = Clip(where, widget_name(bar), text, rect.right(), bar.width(), "außen")
                clips.append(clip)
    return clips


def _header_clips(header: QHeaderView, where: str) -> list[Clip]:
    model = header.model()
    if model is None:
        return []
    clips = []
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    visible = header.viewport().width() if horizontal else header.viewport().height()
    for logical in range(header.count()):
        if header.isSectionHidden(logical) or header.sectionSize(logical) == 0:
            continue
        text = str(model.headerData(logical, header.orientation()) or "")
        if not text:
            continue
        need = header.sectionSizeFromContents(logical)
        name = widget_name(header.parentWidget() or header)
        if horizontal:
            have = header.sectionSize(logical)
            need_width = need.width()
            if header.isSortIndicatorShown() and logical != header.sortIndicatorSection():
                # Qt reserves room for the sort arrow in every section; only the sorted
                # section draws one.
                mark = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
                need_width -= need.height() + mark
            if need_width > have + TOLERANCE:
                clips.append(Clip(where, name, text, need_width, have))
                continue
            end = header.sectionViewportPosition(logical) + have
            if end > visible + TOLERANCE:
                clips.append(Clip(where, name, text, end, visible, "außen"))
        elif need.width() > header.width() + TOLERANCE:
            clips.append(Clip(where, name, text, need.width(), header.width()))
    return clips


def _cell_clips(view: QTableView, where: str) -> list[Clip]:
    """Cells of the rows in view whose text is cut off without a tooltip giving all of it."""
    model = view.model()
    if model is None or model.rowCount() == 0:
        return []
    if getattr(view, "ELIDED_CELLS_SHOW_TOOLTIP", False):
        return []  # the view itself shows a cut-off cell's whole text as its tooltip
    first = max(view.rowAt(0), 0)
    last = view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    style = view.style()
    padding = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    clips = []
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        have = view.columnWidth(column)
        for row in range(first, min(last, first + 40) + 1):
            index = model.index(row, column)
            text = str(index.data() or "")
            if not text or view.isIndexHidden(index):
                continue
            font = index.data(Qt.ItemDataRole.FontRole) or view.font()
            need = QFontMetrics(font).horizontalAdvance(text) + padding
            if index.data(Qt.ItemDataRole.DecorationRole) is not None:
                need += view.iconSize().width() + 4
            if need > have + TOLERANCE and not index.data(Qt.ItemDataRole.ToolTipRole):
                clips.append(Clip(where, widget_name(view), text, need, have, "Zelle ohne Tooltip"))
    return clips


def _group_clip(box: QGroupBox, where: str) -> Clip | None:
    title = strip_mnemonic(box.title())
    if not title:
        return None
    need = QFontMetrics(box.font()).horizontalAdvance(title) + 16
    if box.isCheckable():
        need += box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 4
    if need > box.width() + TOLERANCE:
        return Clip(where, widget_name(box), title, need, box.width())
    return None


def clipped_texts(root: QWidget, where: str) -> list[Clip]:
    """Every text under ``root`` (visible widgets only) that does not fit its widget."""
    clips: list[Clip | None] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _is_shown(widget):
            continue
        if isinstance(widget, QLabel):
            clips.append(_label_clip(widget, where))
        elif isinstance(widget, QAbstractButton):
            clips.append(_button_clip(widget, where))
        elif isinstance(widget, QComboBox):
            clips.append(_combo_clip(widget, where))
        elif isinstance(widget, QTabBar):
            clips.extend(_tab_clips(widget, where))
        elif isinstance(widget, QHeaderView):
            clips.extend(_header_clips(widget, where))
        elif isinstance(widget, QTableView) and not widget.wordWrap():
            clips.extend(_cell_clips(widget, where))
        elif isinstance(widget, QGroupBox):
            clips.append(_group_clip(widget, where))
    return [clip for clip in clips if clip is not None]


def outside_window(root: QWidget, where: str) -> list[Clip]:
    """Visible widgets that stick out of the window (the layout could not give them room)."""
    window = root.window()
    bounds = window.rect()
    clips = []
    for widget in root.findChildren(QWidget):
        if not _is_shown(widget) or widget.isWindow():
            continue
        if _inside_scroll_area(widget):
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not bounds.contains(rect):
            text = _text_of(widget)
            if text:
                need = max(rect.right(), rect.bottom())
                clips.append(Clip(where, widget_name(widget), text, need, 0, "außen"))
    return clips


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return strip_mnemonic(widget.text())
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


# ---------------------------------------------------------------- mnemonics


def mnemonic_problems(
    dialog: QDialog, where: str, assumed: Mapping[QWidget, str] | None = None
) -> list[str]:
    """The default button has a mnemonic; no two visible buttons or buddy labels share one.

    ``assumed`` gives a widget's text as it will be (a button whose mnemonic comes later).
    """
    assumed = assumed or {}
    problems = []
    owners: dict[str, list[str]] = {}
    default: QPushButton | None = None
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not dialog:
            continue
        if isinstance(widget, QAbstractButton):
            text = assumed.get(widget, widget.text())
            if isinstance(widget, QPushButton) and widget.isDefault():
                default = widget
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
        else:
            continue
        letter = mnemonic_of(text)
        if letter:
            owners.setdefault(letter, []).append(strip_mnemonic(text))
    if default is not None and mnemonic_of(assumed.get(default, default.text())) is None:
        problems.append(
            f"{where}: Standardschaltfläche {strip_mnemonic(default.text())!r} ohne Alt-Taste"
        )
    for letter, texts in sorted(owners.items()):
        if len(texts) > 1:
            problems.append(f"{where}: Alt+{letter.upper()} doppelt: {', '.join(texts)}")
    return problems
