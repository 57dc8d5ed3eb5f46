"""Crew, category and measures corrected afterwards: audited, old → new, role-checked (issue 14);
and the running duties the quick entry fills its form from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kod_desk.domain.enums import CatalogKind, IncidentStatus, Role, ShiftKind
from kod_desk.domain.errors import PermissionDenied, ValidationError
from kod_desk.domain.incident_corrections import IncidentCorrection
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import to_local
from kod_desk.services.registry import Services
from tests.incident_drafts import kiosk_incident


@pytest.fixture
def setup(services: Services) -> dict[str, str]:
    data = services.masterdata.load()
    ids = {
        number: services.masterdata.save_officer(
            OfficerDraft(number, last, first, role=Role.OFFICER)
        ).value.id
        for number, last, first in (("K-1", "Albers", "Anna"), ("K-2", "Brandt", "Ben"))
    }
    categories = {c.name: c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY}
    measures = {c.name: c.id for c in data.catalog if c.kind is CatalogKind.MEASURE}
    ids["ruhe"] = categories["Ruhestörung"]
    ids["graffiti"] = categories["Sachbeschädigung / Graffiti"]
    ids["platzverweis"] = measures["Platzverweis"]
    ids["other_measure"] = next(i for n, i in measures.items() if n != "Platzverweis")
    ids["incident"] = kiosk_incident(
        services,
        category_id=ids["ruhe"],
        officer_ids=(ids["K-1"],),
        measure_ids=(ids["platzverweis"],),
    )
    return ids


def test_correction_changes_the_incident_and_the_history_shows_old_and_new(
    services: Services, setup: dict[str, str]
) -> None:
    incident = setup["incident"]
    result = services.incidents.correct(
        incident,
        IncidentCorrection(setup["graffiti"], (setup["K-2"],), (setup["other_measure"],)),
    )
    detail = result.value
    assert detail.row.category_name == "Sachbeschädigung / Graffiti"
    assert [name for _, name in detail.officers] == ["Brandt, Ben"]
    assert [i for i, _ in detail.measures] == [setup["other_measure"]]
    [entry] = services.incidents.history(incident)
    texts = [c.text() for c in entry.changes]
    assert texts[0] == "Kategorie: Ruhestörung → Sachbeschädigung / Graffiti"
    assert texts[1] == "Dienstkräfte: Albers, Anna → Brandt, Ben"
    assert texts[2].startswith("Maßnahmen: Platzverweis → ")
    assert entry.actor == "test"
    # The list and its filters follow the correction.
    by_officer = services.incidents.list_page(IncidentFilter(officer_id=setup["K-2"]))
    assert [r.id for r in by_officer] == [incident]
    assert services.incidents.list_page(IncidentFilter(officer_id=setup["K-1"])) == []

    # Back again: the removed link is revived (unique incident/officer pair), history grows.
    services.incidents.correct(
        incident, IncidentCorrection(setup["graffiti"], (setup["K-1"], setup["K-2"]), ())
    )
    second = services.incidents.history(incident)[1]
    assert [c.text() for c in second.changes] == [
        "Dienstkräfte: Brandt, Ben → Albers, Anna; Brandt, Ben",
        f"Maßnahmen: {texts[2].split(' → ')[1]} → —",
    ]
    assert {i for i, _ in services.incidents.get(incident).officers} == {
        setup["K-1"],
        setup["K-2"],
    }


def test_nothing_changed_and_unknown_entries_are_refused_in_german(
    services: Services, setup: dict[str, str]
) -> None:
    incident = setup["incident"]
    same = IncidentCorrection(setup["ruhe"], (setup["K-1"],), (setup["platzverweis"],))
    with pytest.raises(ValidationError, match="Keine Änderung"):
        services.incidents.correct(incident, same)
    with pytest.raises(ValidationError, match="Kategorie: unbekannt oder nicht aktiv"):
        services.incidents.correct(incident, IncidentCorrection(setup["platzverweis"]))
    with pytest.raises(ValidationError, match="Kategorie: Bitte eine Kategorie wählen"):
        services.incidents.correct(incident, IncidentCorrection(None))
    assert services.incidents.history(incident) == []


def test_an_officer_corrects_only_his_own_open_incidents(
    services: Services, setup: dict[str, str]
) -> None:
    incident = setup["incident"]
    services.context.role = Role.OFFICER
    services.context.actor = "K-2"  # not on the incident
    assert not services.incidents.may_correct(incident)
    with pytest.raises(PermissionDenied, match="beteiligten Dienstkräfte"):
        services.incidents.correct(incident, IncidentCorrection(setup["graffiti"]))
    services.context.actor = "K-1"  # on it
    assert services.incidents.may_correct(incident)
    services.incidents.correct(incident, IncidentCorrection(setup["graffiti"], (setup["K-1"],)))
    assert services.incidents.history(incident)[0].actor == "Albers, Anna"
    services.incidents.change_status(incident, IncidentStatus.CLOSED, "erledigt")
    with pytest.raises(PermissionDenied, match="abgeschlossenes Vorkommnis"):
        services.incidents.correct(incident, IncidentCorrection(setup["ruhe"], (setup["K-1"],)))
    services.context.role = Role.SUPERVISOR
    services.context.actor = "test"
    services.incidents.correct(incident, IncidentCorrection(setup["ruhe"], (setup["K-1"],)))
    assert services.incidents.get(incident).row.category_name == "Ruhestörung"


def test_running_duties_carry_area_and_crew(services: Services, setup: dict[str, str]) -> None:
    areas = {a.name: a.id for a in services.masterdata.areas()}
    now = datetime.now(UTC)
    start, end = to_local(now - timedelta(hours=1)), to_local(now + timedelta(hours=2))
    shift = services.roster.create_shift(
        ShiftDraft(
            start.date(),
            start.time().replace(second=0, microsecond=0),
            end.time().replace(second=0, microsecond=0),
            ShiftKind.PATROL,
            area_id=areas["Bahnhofsumfeld"],
        )
    ).value
    services.roster.assign(shift.id, setup["K-2"])
    services.roster.assign(shift.id, setup["K-1"], is_lead=True)
    [duty] = services.incidents.running_duties(now)
    assert (duty.area_id, duty.area_name) == (areas["Bahnhofsumfeld"], "Bahnhofsumfeld")
    assert duty.crew_ids == (setup["K-1"], setup["K-2"])  # lead first
    assert services.incidents.running_duties(now + timedelta(hours=3)) == []
    services.context.actor = "k-2"
    assert services.incidents.acting_officer_id() == setup["K-2"]
