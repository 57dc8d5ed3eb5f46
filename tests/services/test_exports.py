"""Excel CSV and GeoJSON of the incident list for other systems (issue 8 item 6).

Expected rows come from plain SQL on the demo database; the order from the Vorkommnisse
page's own service calls; the tricky cells (separators, quotes, line breaks, formulas,
umlauts, negative coordinates) from incidents made here.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus, PersonRole
from kod_desk.domain.exports import CSV_COLUMNS
from kod_desk.domain.incident_list import IncidentSort, SortKey
from kod_desk.domain.incidents import IncidentDraft, IncidentFilter, PersonDraft
from kod_desk.domain.timeutil import local_to_utc, to_local
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from tests.raw_sql import aware, raw_rows

TODAY = date(2025, 6, 19)


def _parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def _last_audit(services: Services) -> Any:
    return raw_rows(
        services,
        "SELECT action, table_name, row_id, after FROM audit_entry ORDER BY seq DESC LIMIT 1",
    )[0]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@pytest.fixture
def demo(services: Services) -> Services:
    DemoService(services.context).populate(incidents=300, seed=1, today=TODAY)
    return services


def _busiest_area(services: Services) -> tuple[str, str]:
    area_id, name = raw_rows(
        services,
        "SELECT a.id, a.name FROM incident i JOIN area a ON a.id = i.area_id "
        "WHERE i.deleted_at IS NULL GROUP BY a.id, a.name ORDER BY count(*) DESC, a.name LIMIT 1",
    )[0]
    return str(area_id), str(name)


def test_csv_rows_equal_plain_sql_for_a_filter_and_the_export_is_audited(
    demo: Services,
) -> None:
    area_id, area_name = _busiest_area(demo)
    since = local_to_utc(TODAY - timedelta(days=60), time(0))
    until = local_to_utc(TODAY + timedelta(days=1), time(0))
    flt = IncidentFilter(since=since, until=until, area_ids=frozenset({area_id}))
    # Some incidents with coordinates, so the number columns have something to show.
    demo_ids = [r[0] for r in raw_rows(demo, "SELECT id FROM incident ORDER BY id LIMIT 40")]
    with demo.context.db.write("test") as session:
        for n, incident_id in enumerate(demo_ids):
            session.execute(
                text("UPDATE incident SET latitude = :lat, longitude = :lon WHERE id = :id"),
                {"lat": 51.45 + n / 1000, "lon": 7.0 + n / 997, "id": incident_id},
            )

    result = demo.exports.incidents_csv(flt)

    data = result.data
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")  # CRLF only
    header, *rows = _parse_csv(data)
    assert tuple(header) == CSV_COLUMNS
    expected_incidents = raw_rows(
        demo,
        "SELECT i.id, i.reference, i.occurred_at, a.name, c.name, i.source, i.status, i.place, "
        "i.latitude, i.longitude FROM incident i LEFT JOIN area a ON a.id = i.area_id "
        "LEFT JOIN catalog_entry c ON c.id = i.category_id WHERE i.deleted_at IS NULL "
        "AND i.area_id = :area AND i.occurred_at >= :since AND i.occurred_at < :until "
        "ORDER BY i.occurred_at DESC, i.id DESC",
        area=area_id,
        since=since,
        until=until,
    )
    measures: dict[str, list[str]] = {}
    for incident_id, name in raw_rows(
        demo,
        "SELECT im.incident_id, c.name FROM incident_measure im "
        "JOIN catalog_entry c ON c.id = im.measure_id WHERE im.deleted_at IS NULL "
        "ORDER BY c.sort_order, c.name",
    ):
        measures.setdefault(incident_id, []).append(name)

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.6f}".replace(".", ",")

    expected = []
    for i, ref, at, area, category, source, status, place, lat, lon in expected_incidents:
        local = to_local(aware(at))
        expected.append(
            [
                ref,
                f"{local:%d.%m.%Y}",
                f"{local:%H:%M}",
                area,
                category,
                IncidentSource(source).label,
                IncidentStatus(status).label,
                place,
                number(lat),
                number(lon),
                ", ".join(measures.get(i, [])),
            ]
        )
    assert len(expected) >= 20
    assert rows == expected
    assert result.exported == len(rows) == demo.incidents.count(flt)
    assert any(row[8] for row in rows) and any(not row[8] for row in rows)
    assert {row[3] for row in rows} == {area_name}

    # Neither persons involved nor descriptions leave the database.
    body = data.decode("utf-8-sig")
    persons = raw_rows(demo, "SELECT first_name, last_name FROM incident_person")
    assert persons
    for first, last in persons:
        assert f"{first} {last}" not in body and f"{last}, {first}" not in body
    descriptions = [
        d for (d,) in raw_rows(demo, "SELECT description FROM incident") if len(d.strip()) > 25
    ]
    assert descriptions and not any(d.strip() in body for d in descriptions)

    action, table, row_id, after = _last_audit(demo)
    after = _json(after)
    assert (action, table, row_id) == ("export", "incident", None)
    assert after["format"] == "csv" and after["rows"] == len(rows)
    assert after["filter"]["area_ids"] == [area_id]
    assert f"Gebiet: {area_name}" in after["filter"]["description"]
    assert rows[0][0] not in json.dumps(after)  # the filter and the count, never the data


def test_export_follows_the_list_order_of_the_page(demo: Services) -> None:
    flt = IncidentFilter(since=local_to_utc(TODAY - timedelta(days=30), time(0)))
    for sort in (
        IncidentSort(),
        IncidentSort(SortKey.TIME, descending=False),
        IncidentSort(SortKey.AREA),
        IncidentSort(SortKey.STATUS, descending=True),
        IncidentSort(SortKey.REFERENCE, descending=False),
        IncidentSort(SortKey.PLACE),
    ):
        plan = demo.incidents.plan(flt, sort)
        page = [row.reference for row in demo.incidents.window(plan, 0, plan.total)]
        _header, *rows = _parse_csv(demo.exports.incidents_csv(flt, sort).data)
        assert [row[0] for row in rows] == page, sort


@pytest.fixture
def tricky(services: Services) -> dict[str, Any]:
    """Incidents whose places test quoting, formulas and umlauts; some with coordinates."""
    area = services.masterdata.areas()[0]
    category = services.masterdata.catalog(CatalogKind.INCIDENT_CATEGORY)[0]
    measure = services.masterdata.catalog(CatalogKind.MEASURE)[0]
    start = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)  # the night Berlin changes to summer time
    places = [
        ("Markt; Ecke Nord", 51.455612345, 7.011634567),
        ('Kiosk "Zur Ecke"', 51.4601, -0.1276),  # a negative longitude stays a number
        ('=HYPERLINK("http://böse.example";"Klick")', 51.47, 7.02),
        ("+49 Telefonzelle", None, None),
        ("-1. Untergeschoss", -33.8688, 151.2093),
        ("@Brücke Süd", None, None),
        ("Straße der Größe Ära", 51.0, 7.0),
    ]
    made = []
    for n, (place, lat, lon) in enumerate(places):
        made.append(
            services.incidents.create(
                IncidentDraft(
                    occurred_at=start + timedelta(hours=n),
                    area_id=area.id,
                    category_id=category.id,
                    source=IncidentSource.PATROL,
                    place=place,
                    description='Herr Erwin Geheimnis; wohnhaft\nIm Winkel 3; sagt "nein"',
                    measure_ids=(measure.id,),
                    persons=(PersonDraft(PersonRole.AFFECTED, "Geheimnis", "Erwin"),),
                    latitude=lat,
                    longitude=lon,
                )
            ).value
        )
    return {"places": places, "made": made, "area": area.name, "measure": measure.name}


def test_csv_keeps_separators_quotes_umlauts_in_their_cell_and_disarms_formulas(
    services: Services, tricky: dict[str, Any]
) -> None:
    result = services.exports.incidents_csv(IncidentFilter())
    header, *rows = _parse_csv(result.data)
    assert len(rows) == len(tricky["places"]) == result.exported
    assert all(len(row) == len(header) == 11 for row in rows)
    by_place = {row[7]: row for row in rows}
    assert set(by_place) == {
        "Markt; Ecke Nord",
        'Kiosk "Zur Ecke"',
        '\'=HYPERLINK("http://böse.example";"Klick")',
        "'+49 Telefonzelle",
        "'-1. Untergeschoss",
        "'@Brücke Süd",
        "Straße der Größe Ära",
    }
    # Quoted by the csv module, as Excel expects: the separator and the quotes inside.
    assert b'"Markt; Ecke Nord"' in result.data
    assert b'"Kiosk ""Zur Ecke"""' in result.data
    market = by_place["Markt; Ecke Nord"]
    assert market[8:10] == ["51,455612", "7,011635"]  # decimal comma, six places
    assert by_place['Kiosk "Zur Ecke"'][9] == "-0,127600"  # a number, not a guarded text
    assert by_place["'+49 Telefonzelle"][8:10] == ["", ""]
    assert {row[3] for row in rows} == {tricky["area"]}
    assert {row[10] for row in rows} == {tricky["measure"]}
    # Berlin time across the change to summer time: 00:30 UTC = 01:30 CET, 01:30 UTC = 03:30.
    times = sorted((row[1], row[2]) for row in rows)
    assert times[:2] == [("30.03.2025", "01:30"), ("30.03.2025", "03:30")]
    body = result.data.decode("utf-8-sig")
    assert "Geheimnis" not in body and "Winkel" not in body  # no person, no description


def test_geojson_is_a_feature_collection_of_lon_lat_points_and_counts_the_rest(
    services: Services, tricky: dict[str, Any]
) -> None:
    result = services.exports.incidents_geojson(IncidentFilter())
    document = json.loads(result.data.decode("utf-8"))
    assert not result.data.startswith(b"\xef\xbb\xbf")  # RFC 7946: UTF-8 without BOM
    assert document["type"] == "FeatureCollection"
    features = document["features"]
    stored = {
        ref: (lat, lon, aware(at))
        for ref, lat, lon, at in raw_rows(
            services, "SELECT reference, latitude, longitude, occurred_at FROM incident"
        )
    }
    located = [ref for ref, (lat, _lon, _at) in stored.items() if lat is not None]
    assert len(features) == len(located) == result.exported == 5
    assert result.without_coordinates == len(stored) - len(located) == 2
    assert result.summary() == "5 Vorkommnisse exportiert, 2 ohne Koordinaten ausgelassen"
    for item in features:
        assert item["type"] == "Feature"
        assert item["geometry"]["type"] == "Point"
        longitude, latitude = item["geometry"]["coordinates"]
        properties = item["properties"]
        lat, lon, at = stored[properties["reference"]]
        assert (longitude, latitude) == (round(lon, 6), round(lat, 6))  # [lon, lat] order
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert set(properties) == {
            "reference",
            "occurred_at",
            "area",
            "category",
            "source",
            "status",
            "measures",
        }
        moment = datetime.fromisoformat(properties["occurred_at"])
        assert moment.utcoffset() is not None and moment == at
        assert properties["measures"] == [tricky["measure"]]
    sydney = next(f for f in features if f["geometry"]["coordinates"][1] < 0)
    assert sydney["geometry"]["coordinates"] == [151.2093, -33.8688]
    market = next(
        f for f in features if f["properties"]["reference"] == tricky["made"][0].reference
    )
    assert market["geometry"]["coordinates"] == [7.011635, 51.455612]  # six places
    body = result.data.decode("utf-8")
    assert "Geheimnis" not in body and "Winkel" not in body
    action, table, _row_id, after = _last_audit(services)
    after = _json(after)
    assert (action, table, after["format"]) == ("export", "incident", "geojson")
    assert (after["rows"], after["without_coordinates"]) == (5, 2)


def test_an_empty_filter_result_gives_valid_empty_files(services: Services) -> None:
    flt = IncidentFilter(text="gibtesnicht")
    header, *rows = _parse_csv(services.exports.incidents_csv(flt).data)
    assert tuple(header) == CSV_COLUMNS and rows == []
    empty = services.exports.incidents_geojson(flt)
    assert json.loads(empty.data) == {"type": "FeatureCollection", "features": []}
    assert (empty.exported, empty.without_coordinates) == (0, 0)
