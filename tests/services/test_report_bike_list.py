"""Bike logbook (Fahrtenbuch) and printed incident list (Vorkommnisliste) as PDF, read back
(issue 7). Expected values come from plain SQL on the demo database, the list's order from the
Vorkommnisse page's own service calls.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from io import BytesIO

import pdfplumber
import pytest
from pypdf import PdfReader
from sqlalchemy import bindparam, text

from kod_desk.domain.enums import IncidentSource, PersonRole
from kod_desk.domain.errors import NotFoundError, UserError
from kod_desk.domain.incident_list import IncidentSort, SortKey
from kod_desk.domain.incidents import IncidentDraft, IncidentFilter, PersonDraft
from kod_desk.domain.report_lists import MAX_LIST_ROWS
from kod_desk.domain.timeutil import local_to_utc, to_local
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.services.reports.pdf import MARGIN_X
from kod_desk.storage import models as m
from tests.raw_sql import aware, raw_rows

TODAY = date(2025, 6, 19)


def _pages(document: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(document)).pages]


def _flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _lines(document: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(document)) as doc:
        return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


def _km(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _inside_margins(document: bytes) -> None:
    with pdfplumber.open(BytesIO(document)) as doc:
        for page in doc.pages:
            right = page.width - MARGIN_X + 0.5
            outside = [c["text"] for c in page.chars if c["x1"] > right or c["x0"] < MARGIN_X - 0.5]
            assert not outside, f"Zeichen im Seitenrand: {''.join(outside)[:80]}"


@pytest.fixture
def demo(services: Services) -> Services:
    DemoService(services.context).populate(incidents=300, seed=1, today=TODAY)
    return services


# ---------------------------------------------------------------- bike logbook


def _busiest_bike(services: Services) -> tuple[str, date, date]:
    """The bike with the most check-outs, and a period that cuts its first ride off."""
    rows = raw_rows(
        services,
        "SELECT b.inventory_no, min(c.out_at), max(c.out_at), count(*) FROM bike_checkout c "
        "JOIN bike b ON b.id = c.bike_id WHERE c.out_at IS NOT NULL AND c.deleted_at IS NULL "
        "GROUP BY b.inventory_no ORDER BY count(*) DESC, b.inventory_no",
    )
    number, first, last, count = rows[0]
    assert count >= 4
    start = to_local(aware(first)).date() + timedelta(days=1)
    return str(number), start, to_local(aware(last)).date()


def test_bike_logbook_lists_exactly_the_rides_of_the_period_with_km_totals(
    demo: Services,
) -> None:
    number, first, last = _busiest_bike(demo)
    document = demo.reports.bike_logbook(number.lower(), first, last)

    rides = raw_rows(
        demo,
        "SELECT c.out_at, c.km_out, c.km_in, o.last_name, o.first_name, o.service_number "
        "FROM bike_checkout c JOIN bike b ON b.id = c.bike_id "
        "JOIN officer o ON o.id = c.officer_id WHERE b.inventory_no = :n "
        "AND c.deleted_at IS NULL AND c.out_at >= :start AND c.out_at < :end ORDER BY c.out_at",
        n=number,
        start=local_to_utc(first, time(0)),
        end=local_to_utc(last + timedelta(days=1), time(0)),
    )
    all_rides = raw_rows(
        demo,
        "SELECT count(*) FROM bike_checkout c JOIN bike b ON b.id = c.bike_id "
        "WHERE b.inventory_no = :n AND c.out_at IS NOT NULL",
        n=number,
    )[0][0]
    assert 2 <= len(rides) < all_rides  # the period leaves the first ride out

    pages = _pages(document)
    page = "\n".join(pages)
    assert "Fahrtenbuch" in page and f"Fahrrad {number}" in page
    assert f"{first:%d.%m.%Y}–{last:%d.%m.%Y}" in page
    frame = raw_rows(demo, "SELECT frame_no FROM bike WHERE inventory_no = :n", n=number)[0][0]
    assert frame and frame in page
    lines = _lines(document)
    dated = [
        line
        for line in lines
        if re.match(r"\d\d\.\d\d\.\d{4} ", line)
        and not re.match(r"\d\d\.\d\d\.\d{4} \d\d:\d\d ", line)  # repairs
    ]
    assert len(dated) == len(rides)
    for line, (out_at, km_out, km_in, last_name, first_name, service_number) in zip(
        dated, rides, strict=True
    ):
        local = to_local(aware(out_at))
        assert line.startswith(f"{local:%d.%m.%Y}")
        assert f"{local:%H:%M}" in line and _km(km_out) in line
        if km_in is not None:
            assert f"{km_in - km_out} km" in line
        assert _flat(f"{last_name}, {first_name} ({service_number})") in _flat(page)
    total = sum(km_in - km_out for _, km_out, km_in, *_ in rides if km_in is not None)
    assert f"Summe {_km(total)} km" in lines
    days = len({to_local(aware(r[0])).date() for r in rides})
    assert f"Fahrten: {len(rides)}" in page and f"Einsatztage: {days}" in page
    assert "Unterschrift Fuhrparkverantwortliche/r" in page
    assert len(pages) == 1
    with pdfplumber.open(BytesIO(document)) as doc:
        assert doc.pages[0].width > doc.pages[0].height  # landscape
    _inside_margins(document)


def test_bike_logbook_shows_repairs_of_the_period(demo: Services) -> None:
    repairs = raw_rows(
        demo,
        "SELECT b.inventory_no, s.reported_at, s.workshop FROM bike_service s "
        "JOIN bike b ON b.id = s.bike_id WHERE s.kind = 'repair' AND s.deleted_at IS NULL",
    )
    assert repairs
    number, reported_at, workshop = repairs[0]
    day = to_local(aware(reported_at)).date()
    page = _flat("".join(_pages(demo.reports.bike_logbook(number, day, day))))
    assert _flat("Reparatur") in page and _flat(workshop) in page
    assert f"{day:%d.%m.%Y}" in page
    before = day - timedelta(days=40)
    earlier = _flat("".join(_pages(demo.reports.bike_logbook(number, before, before))))
    assert _flat("Keine Inspektionen oder Reparaturen in diesem Zeitraum.") in earlier


def test_bike_logbook_of_an_unknown_bike_names_the_number(services: Services) -> None:
    with pytest.raises(NotFoundError, match="Kein Fahrrad mit der Inventarnummer „DF-99“"):
        services.reports.bike_logbook("DF-99", date(2026, 1, 1), date(2026, 1, 31))


# ---------------------------------------------------------------- incident list


def _area_id(services: Services, name: str) -> str:
    return next(a.id for a in services.masterdata.load().areas if a.name == name)


def _listed_references(document: bytes) -> list[str]:
    return re.findall(r"VK-\d{4}-\d{6}|TEST-\d+", "\n".join(_pages(document)))


def test_incident_list_prints_exactly_the_filtered_incidents_without_persons(
    demo: Services,
) -> None:
    area = _area_id(demo, "Bahnhofsumfeld")
    last = raw_rows(demo, "SELECT max(occurred_at) FROM incident")[0][0]
    end_day = to_local(aware(last)).date()
    first_day = end_day - timedelta(days=60)
    since, until = local_to_utc(first_day, time(0)), local_to_utc(end_day, time(0))
    secret = "Geheimer Sachverhalt Zeuge Krzyżanowski am Kiosk"
    person = PersonDraft(PersonRole.WITNESS, "Weißgerber", "Käthe", None, "Mühlweg 4")
    place = "Bahnhofsvorplatz, Treppe zur Unterführung " + "neben dem alten Fahrkartenautomat " * 4
    created = demo.incidents.create(
        IncidentDraft(
            occurred_at=since + timedelta(days=3, hours=5),
            area_id=area,
            category_id=raw_rows(
                demo, "SELECT id FROM catalog_entry WHERE kind = 'incident_category' LIMIT 1"
            )[0][0],
            source=IncidentSource.CITIZEN,
            place=place.strip(),
            description=secret,
            persons=(person,),
        )
    ).value
    flt = IncidentFilter(since=since, until=until, area_ids=frozenset({area}))
    document = demo.reports.incident_list(flt)

    expected = raw_rows(
        demo,
        "SELECT reference FROM incident WHERE deleted_at IS NULL AND area_id = :a "
        "AND occurred_at >= :s AND occurred_at < :u ORDER BY occurred_at DESC, id DESC",
        a=area,
        s=since,
        u=until,
    )
    references = [r[0] for r in expected]
    assert created.reference in references and len(references) >= 20
    assert _listed_references(document) == references
    pages = _pages(document)
    page = "\n".join(pages)
    count = f"{len(references)} Vorkommnisse"
    assert f"Anzahl: {count}" in page
    assert f"Zeitraum {first_day:%d.%m.%Y}–{end_day - timedelta(days=1):%d.%m.%Y}" in page
    assert "Gebiet: Bahnhofsumfeld" in page
    for private in ("Weißgerber", "Käthe", "Mühlweg", "Krzyżanowski", "Geheimer Sachverhalt"):
        assert private not in page
    descriptions = raw_rows(
        demo,
        "SELECT description FROM incident WHERE area_id = :a AND occurred_at >= :s "
        "AND occurred_at < :u AND description <> ''",
        a=area,
        s=since,
        u=until,
    )
    flat = _flat(page)
    assert not [d for (d,) in descriptions if len(d) > 25 and _flat(d) in flat]
    assert _flat(place) in flat  # the long place wraps inside its column
    # Plausible paging: more than ~10 and fewer than ~45 rows a landscape page.
    assert len(references) / 45 <= len(pages) <= len(references) / 10 + 1
    assert f"Seite 1 von {len(pages)}" in pages[0]
    if len(pages) > 1:
        assert "Aktenzeichen" in pages[1] and "Maßnahmen" in pages[1]  # header repeats
    _inside_margins(document)


def test_incident_list_follows_the_pages_sort_and_measures(demo: Services) -> None:
    flt = IncidentFilter(statuses=frozenset(), sources=frozenset({IncidentSource.POLICE}))
    sort = IncidentSort(SortKey.AREA, descending=False)
    plan = demo.incidents.plan(flt, sort)
    shown = [row.reference for row in demo.incidents.window(plan, 0, plan.total)]
    document = demo.reports.incident_list(flt, sort)
    assert _listed_references(document) == shown
    page = "\n".join(_pages(document))
    assert "Quelle: Polizei" in page and "Sortierung: Gebiet, aufsteigend" in page
    measured = raw_rows(
        demo,
        "SELECT i.reference, c.name FROM incident_measure im "
        "JOIN incident i ON i.id = im.incident_id JOIN catalog_entry c ON c.id = im.measure_id "
        "WHERE i.source = 'police' AND im.deleted_at IS NULL AND i.deleted_at IS NULL",
    )
    assert measured
    flat = _flat(page)
    for reference, measure in measured[:10]:
        after = flat.split(reference, 1)[1][:400]
        assert _flat(measure) in after


def test_an_empty_list_says_so(services: Services) -> None:
    document = services.reports.incident_list(IncidentFilter(text="Zeppelinlandeplatz"))
    page = _pages(document)[0]
    assert "Keine Vorkommnisse für diesen Filter." in page and "Anzahl: 0 Vorkommnisse" in page
    assert "Suche: „Zeppelinlandeplatz“" in page


def test_more_than_ten_thousand_hits_are_refused(demo: Services) -> None:
    table = m.Incident.__table__
    columns = [c.name for c in table.columns]
    values = {"id": "'bulk-' || n.i", "reference": "'BULK-' || n.i"}
    select_list = ", ".join(values.get(c, f"i.{c}") for c in columns)
    source = raw_rows(demo, "SELECT id FROM incident WHERE deleted_at IS NULL LIMIT 1")[0][0]
    with demo.context.db.write("test") as session:
        session.execute(
            text(
                f"INSERT INTO incident ({', '.join(columns)}) "
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :k) "
                f"SELECT {select_list} FROM incident i, n WHERE i.id = :src"
            ).bindparams(bindparam("src", type_=table.c.id.type)),
            {"k": MAX_LIST_ROWS, "src": source},
        )
    total = raw_rows(demo, "SELECT count(*) FROM incident WHERE deleted_at IS NULL")[0][0]
    assert total > MAX_LIST_ROWS
    with pytest.raises(UserError) as refused:
        demo.reports.incident_list(IncidentFilter())
    message = refused.value.message
    assert f"trifft {_km(total)} Vorkommnisse" in message and "höchstens 10.000" in message
    assert "Bitte den Filter einschränken" in message
    # Narrowed to before the copied incident's time, the list prints.
    before = raw_rows(demo, "SELECT occurred_at FROM incident WHERE id = :i", i=source)[0][0]
    narrowed = demo.reports.incident_list(IncidentFilter(until=aware(before)))
    assert "Anzahl:" in _pages(narrowed)[0]
