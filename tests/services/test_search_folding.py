"""Search folds "ß"/"ss" and case alike on SQLite (FTS5) and PostgreSQL (tsvector), in the
incident list, its count, the windowed list and the place type-ahead (issue 14 item 7)."""

from __future__ import annotations

import pytest
from incident_drafts import kiosk_incident

from kod_desk.domain import incident_list as dl
from kod_desk.domain.incidents import IncidentFilter, fulltext_query, postgres_fulltext_terms
from kod_desk.domain.text import sharp_s_spellings
from kod_desk.services.registry import Services


def _found(services: Services, words: str) -> set[str]:
    flt = IncidentFilter(text=words)
    listed = {r.id for r in services.incidents.list_page(flt)}
    plan = services.incidents.plan(flt)
    windowed = {r.id for r in services.incidents.window(plan, 0, 50)}
    assert services.incidents.count(flt) == plan.total == len(listed)
    assert windowed == listed  # the list page's path (FTS5 hits walked by the sort) agrees
    return listed


def test_sharp_s_and_ss_find_each_other_in_any_case(services: Services) -> None:
    strasse = kiosk_incident(services, description="Streit vor dem Haus Hauptstraße 12.")
    swiss = kiosk_incident(services, description="Lärm in der Schlossstrasse.", place="Ufer")
    other = kiosk_incident(services, description="Müll am Rastplatz.", place="Park")

    by_sharp_s = _found(services, "hauptstraße")
    assert by_sharp_s == {strasse}
    for spelling in ("HAUPTSTRASSE", "Hauptstrasse", "hauptstrasse", "HAUPTSTRAßE", "HAUPTSTRAẞE"):
        assert _found(services, spelling) == by_sharp_s, spelling
    # A text written with "ss" is found by the "ß" spelling too, as a prefix and in the middle.
    assert _found(services, "Schloßstraße") == {swiss}
    assert _found(services, "SCHLOSS") == {swiss}
    assert _found(services, "schloß") == {swiss}
    # Every word is still required, and words without "ß"/"ss" are unchanged.
    assert _found(services, "hauptstrasse müll") == set()
    assert _found(services, "RASTPLATZ") == {other}
    assert _found(services, "strasse") == set()  # a prefix, not a part in the middle of a word


def test_notes_are_folded_like_descriptions(services: Services) -> None:
    incident = kiosk_incident(services, description="Ruhestörung.")
    services.incidents.add_note(incident, "Anwohner der Großen Straße beschwert sich erneut.")
    assert _found(services, "GROSSEN STRASSE") == {incident}
    assert _found(services, "großen") == {incident}


def test_place_type_ahead_folds_sharp_s_and_case(services: Services) -> None:
    kiosk_incident(services, place="Hauptstraße 41, vor der Sparkasse")
    kiosk_incident(services, place="Übergang Bahnhofstraße")
    expected = ["Hauptstraße 41, vor der Sparkasse"]
    assert services.incidents.places("Hauptstraße") == expected
    assert services.incidents.places("hauptstrasse") == expected
    assert services.incidents.places("HAUPTSTRASSE 4") == expected
    assert services.incidents.places("übergang") == ["Übergang Bahnhofstraße"]
    assert services.incidents.places("%strasse") == []  # wildcards stay plain characters


def test_spellings_are_bounded_and_queries_keep_plain_words() -> None:
    assert sharp_s_spellings("HAUPTSTRASSE") == ("hauptstrasse", "hauptstraße")
    assert sharp_s_spellings("Markt") == ("markt",)
    assert len(sharp_s_spellings("s" * 60)) <= 8
    assert fulltext_query("Müll") == '"Müll"*'  # unchanged without "ß"/"ss"
    assert fulltext_query("STRASSE") == '("strasse"* OR "straße"*)'
    assert postgres_fulltext_terms("Straße") == ["('strasse':* | 'straße':*)"]


@pytest.mark.parametrize("word", ['"ß', "ss'", "ß:*", "(ss", "ss | x", "ß\\"])
def test_operators_next_to_sharp_s_are_plain_characters(services: Services, word: str) -> None:
    kiosk_incident(services, description="Straße")
    services.incidents.count(IncidentFilter(text=word))  # no syntax error on either backend
    services.incidents.list_page(IncidentFilter(text=word))
    services.incidents.plan(IncidentFilter(text=word), dl.IncidentSort())
