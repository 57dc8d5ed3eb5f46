"""The kinds of Stammdaten, one spec each, in the order of the page's tabs.

Each spec names the columns, the rows it takes from ``MasterData``, the form for a new or
changed record, the service calls that save and (de)activate one, and the question asked
before deactivating. The texts keep the translation context of the page ("MasterDataPage"),
so the English translation applies unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import CatalogKind
from kod_desk.domain.masterdata import (
    Area,
    AreaDraft,
    CatalogEntry,
    CatalogEntryDraft,
    Officer,
    OfficerDraft,
    ShiftTemplate,
    ShiftTemplateDraft,
)
from kod_desk.ui.dialogs.area_dialog import AreaDialog
from kod_desk.ui.dialogs.catalog_dialog import CatalogDialog
from kod_desk.ui.dialogs.officer_dialog import OfficerDialog
from kod_desk.ui.dialogs.template_dialog import TemplateDialog
from kod_desk.ui.models.masterdata_columns import (
    area_columns,
    catalog_columns,
    officer_columns,
    template_columns,
)
from kod_desk.ui.widgets.masterdata_tab import MasterDataKind

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.masterdata import MasterDataService

translate = QCoreApplication.translate


def all_kinds() -> list[MasterDataKind[Any, Any]]:
    """Every kind, in the order of the tabs."""
    return [
        officers(),
        areas(),
        *(catalog(kind) for kind in CatalogKind),
        templates(),
    ]


def officers() -> MasterDataKind[Officer, OfficerDraft]:
    def save(
        masterdata: MasterDataService, draft: OfficerDraft, officer: Officer | None
    ) -> Result[Officer]:
        if officer is None:
            return masterdata.save_officer(draft)
        return masterdata.save_officer(draft, officer.id, officer.version)

    def question(officer: Officer) -> str:
        return translate(
            "MasterDataPage",
            "Dienstkraft „{name}“ (Dienstnummer {number}) deaktivieren?\n\n"
            "Sie bleibt mit ihrer Historie erhalten, wird aber bei neuen Diensten nicht mehr "
            "angeboten. „Reaktivieren“ macht das rückgängig.",
        ).format(name=officer.display_name, number=officer.service_number)

    return MasterDataKind(
        key=Entity.OFFICERS,
        title=translate("MasterDataPage", "Dienstkräfte"),
        columns=officer_columns,
        sort_column=1,
        stretch_column=5,
        rows=lambda data: data.officers,
        form=lambda save, officer, _rows, parent: OfficerDialog(save, officer, parent),
        save=save,
        set_active=lambda masterdata, officer, active: masterdata.set_officer_active(
            officer.id, active
        ),
        deactivate_question=question,
    )


def areas() -> MasterDataKind[Area, AreaDraft]:
    def save(masterdata: MasterDataService, draft: AreaDraft, area: Area | None) -> Result[Area]:
        if area is None:
            return masterdata.save_area(draft)
        return masterdata.save_area(draft, area.id, area.version)

    def question(area: Area) -> str:
        return translate(
            "MasterDataPage",
            "Einsatzgebiet „{name}“ deaktivieren?\n\n"
            "Es bleibt mit seiner Historie erhalten, wird aber für neue Dienste und "
            "Vorkommnisse nicht mehr angeboten. „Reaktivieren“ macht das rückgängig.",
        ).format(name=area.name)

    return MasterDataKind(
        key=Entity.AREAS,
        title=translate("MasterDataPage", "Einsatzgebiete"),
        columns=area_columns,
        sort_column=0,
        stretch_column=6,
        rows=lambda data: data.areas,
        form=lambda save, area, _rows, parent: AreaDialog(save, area, parent),
        save=save,
        set_active=lambda masterdata, area, active: masterdata.set_area_active(area.id, active),
        deactivate_question=question,
    )


def catalog(kind: CatalogKind) -> MasterDataKind[CatalogEntry, CatalogEntryDraft]:
    """One catalogue; it opens in its Reihenfolge, the order of the choice lists it feeds."""
    titles = {
        CatalogKind.INCIDENT_CATEGORY: translate("MasterDataPage", "Kategorien"),
        CatalogKind.MEASURE: translate("MasterDataPage", "Maßnahmen"),
        CatalogKind.DEPARTMENT: translate("MasterDataPage", "Anfordernde Stellen"),
    }

    def save(
        masterdata: MasterDataService, draft: CatalogEntryDraft, entry: CatalogEntry | None
    ) -> Result[CatalogEntry]:
        if entry is None:
            return masterdata.save_catalog_entry(draft)
        return masterdata.save_catalog_entry(draft, entry.id, entry.version)

    def form(
        save: Callable[[CatalogEntryDraft], None],
        entry: CatalogEntry | None,
        rows: Sequence[CatalogEntry],
        parent: QWidget,
    ) -> CatalogDialog:
        next_order = max((e.sort_order for e in rows), default=0) + 10  # a new one goes last
        return CatalogDialog(save, kind, entry, sort_order=next_order, parent=parent)

    def question(entry: CatalogEntry) -> str:
        return translate(
            "MasterDataPage",
            "{kind} „{name}“ deaktivieren?\n\n"
            "Bestehende Einträge behalten sie; in Auswahllisten wird sie nicht mehr angeboten. "
            "„Reaktivieren“ macht das rückgängig.",
        ).format(kind=entry.kind.label, name=entry.name)

    return MasterDataKind(
        key=kind.value,
        title=titles[kind],
        columns=catalog_columns,
        sort_column=1,
        stretch_column=2,
        rows=lambda data: [entry for entry in data.catalog if entry.kind == kind],
        form=form,
        save=save,
        set_active=lambda masterdata, entry, active: masterdata.set_catalog_entry_active(
            entry, active
        ),
        deactivate_question=question,
    )


def templates() -> MasterDataKind[ShiftTemplate, ShiftTemplateDraft]:
    def save(
        masterdata: MasterDataService, draft: ShiftTemplateDraft, template: ShiftTemplate | None
    ) -> Result[ShiftTemplate]:
        if template is None:
            return masterdata.save_template(draft)
        return masterdata.save_template(draft, template.id, template.version)

    def question(template: ShiftTemplate) -> str:
        return translate(
            "MasterDataPage",
            "Dienstvorlage „{name}“ deaktivieren?\n\n"
            "Bestehende Dienste bleiben, wie sie sind; für neue Dienste wird die Vorlage nicht "
            "mehr angeboten. „Reaktivieren“ macht das rückgängig.",
        ).format(name=template.name)

    return MasterDataKind(
        key=Entity.TEMPLATES,
        title=translate("MasterDataPage", "Dienstvorlagen"),
        columns=template_columns,
        sort_column=0,
        stretch_column=4,
        rows=lambda data: data.templates,
        form=lambda save, template, _rows, parent: TemplateDialog(save, template, parent),
        save=save,
        set_active=lambda masterdata, template, active: masterdata.set_template_active(
            template, active
        ),
        deactivate_question=question,
    )
