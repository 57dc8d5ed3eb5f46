"""The columns of the Stammdaten tables: officers, areas, catalogue entries, shift templates.

The texts keep the translation context of the page they were written for ("MasterDataPage"),
so the English translation applies unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kod_desk.domain.masterdata import Area, CatalogEntry, Officer, ShiftTemplate, format_hours
from kod_desk.domain.text import german_sort_key
from kod_desk.ui.models.columns import natural_key, one_line, text_column
from kod_desk.ui.models.row_table_model import Column

translate = QCoreApplication.translate


def _yes_no(value: bool) -> str:
    return translate("MasterDataPage", "ja") if value else translate("MasterDataPage", "nein")


def officer_columns() -> list[Column[Officer]]:
    return [
        text_column(
            translate("MasterDataPage", "Dienstnummer"),
            lambda o: o.service_number,
            sort_key=lambda o: natural_key(o.service_number),
        ),
        text_column(
            translate("MasterDataPage", "Name"),
            lambda o: o.last_name,
            sort_key=lambda o: german_sort_key(f"{o.last_name}\t{o.first_name}"),
        ),
        text_column(translate("MasterDataPage", "Vorname"), lambda o: o.first_name),
        text_column(translate("MasterDataPage", "Einheit"), lambda o: o.unit.label),
        text_column(translate("MasterDataPage", "Rolle"), lambda o: o.role.label),
        text_column(
            translate("MasterDataPage", "Qualifikationen"),
            lambda o: ", ".join(o.qualifications),
            tooltip=lambda o: "\n".join(o.qualifications),
        ),
        text_column(
            translate("MasterDataPage", "Wochenstunden"),
            lambda o: format_hours(o.weekly_hours),
            sort_key=lambda o: float(o.weekly_hours),
            align_right=True,
        ),
        text_column(translate("MasterDataPage", "Aktiv"), lambda o: _yes_no(o.active)),
    ]


def area_columns() -> list[Column[Area]]:
    def retention(area: Area) -> str:
        if not area.video_periods:
            return ""
        return translate("MasterDataPage", "{hours} h").format(hours=area.footage_retention_hours)

    return [
        text_column(translate("MasterDataPage", "Name"), lambda a: a.name),
        text_column(translate("MasterDataPage", "Kürzel"), lambda a: a.short_code or ""),
        text_column(
            translate("MasterDataPage", "Priorität"),
            lambda a: a.priority_label,
            sort_key=lambda a: a.priority,
        ),
        text_column(translate("MasterDataPage", "Angstraum"), lambda a: _yes_no(a.is_fear_space)),
        text_column(
            translate("MasterDataPage", "Videoüberwachung"),
            lambda a: a.video_label,
            sort_key=lambda a: ";".join(p.to_json() for p in a.video_periods),
        ),
        text_column(
            translate("MasterDataPage", "Speicherfrist"),
            retention,
            sort_key=lambda a: a.footage_retention_hours if a.video_periods else -1,
            align_right=True,
        ),
        text_column(
            translate("MasterDataPage", "Beschreibung"),
            lambda a: one_line(a.description),
            tooltip=lambda a: a.description,
        ),
        text_column(translate("MasterDataPage", "Aktiv"), lambda a: _yes_no(a.active)),
    ]


def catalog_columns() -> list[Column[CatalogEntry]]:
    return [
        text_column(translate("MasterDataPage", "Bezeichnung"), lambda e: e.name),
        text_column(
            translate("MasterDataPage", "Reihenfolge"),
            lambda e: str(e.sort_order),
            sort_key=lambda e: e.sort_order,
            align_right=True,
        ),
        text_column(
            translate("MasterDataPage", "Beschreibung"),
            lambda e: one_line(e.description),
            tooltip=lambda e: e.description,
        ),
        text_column(translate("MasterDataPage", "Aktiv"), lambda e: _yes_no(e.active)),
    ]


def template_columns() -> list[Column[ShiftTemplate]]:
    def kind(template: ShiftTemplate) -> str:
        if template.kind is None:
            return translate("MasterDataPage", "beliebig")
        return template.kind.label

    return [
        text_column(translate("MasterDataPage", "Name"), lambda t: t.name),
        text_column(translate("MasterDataPage", "Kürzel"), lambda t: t.code),
        text_column(
            translate("MasterDataPage", "Zeiten"),
            lambda t: t.times_label,
            sort_key=lambda t: t.start.hour * 60 + t.start.minute,
        ),
        text_column(
            translate("MasterDataPage", "Pause"),
            lambda t: translate("MasterDataPage", "{minutes} min").format(minutes=t.break_minutes),
            sort_key=lambda t: t.break_minutes,
            align_right=True,
        ),
        text_column(translate("MasterDataPage", "Art"), kind),
        text_column(
            translate("MasterDataPage", "Mindestbesetzung"),
            lambda t: str(t.min_staff),
            sort_key=lambda t: t.min_staff,
            align_right=True,
        ),
        text_column(translate("MasterDataPage", "Aktiv"), lambda t: _yes_no(t.active)),
    ]
