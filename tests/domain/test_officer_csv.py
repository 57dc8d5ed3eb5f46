"""The HR staff list (DESIGN.md §12): what Excel writes is read; every bad line is named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kod_desk.domain.enums import Role, Unit
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.officer_csv import parse_officers

HEADER = "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden"


def csv(*lines: str, bom: bool = True, newline: str = "\r\n") -> bytes:
    text = newline.join([HEADER, *lines]) + newline
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


@pytest.mark.parametrize("bom", [True, False])
def test_excel_export_is_read(bom: bool) -> None:
    rows = parse_officers(
        csv(
            "K-1041;Schäfer;Jörg;KOD;Einsatzkraft;Radstreife,Erste Hilfe;39,5",
            "E-2013;Öztürk;Ayşe;Ermittlungsdienst;Dienstgruppenleitung;;41",
            ";;;;;;",
            bom=bom,
        )
    )
    assert [line for line, _ in rows] == [2, 3]
    first, second = (draft for _, draft in rows)
    assert (first.last_name, first.first_name, first.weekly_hours) == ("Schäfer", "Jörg", 39.5)
    assert first.qualifications == ("Radstreife", "Erste Hilfe")
    assert (second.unit, second.role) == (Unit.INVESTIGATION, Role.SUPERVISOR)


def test_columns_may_come_in_any_order() -> None:
    data = "Nachname;Dienstnummer;Rolle;Einheit;Vorname\nBerg;K-7;Administration;kod;Lena\n"
    [(line, draft)] = parse_officers(data.encode())
    assert (line, draft.service_number, draft.role) == (2, "K-7", Role.ADMIN)


def test_every_bad_line_is_reported_with_its_number() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_officers(
            csv(
                "K-1;Albers;Jana;KOD;Einsatzkraft;;39",
                "K-2;Brandt;Ole;Feuerwehr;Einsatzkraft;;39",
                "K-1;Claas;;KOD;Chef;;viel",
            )
        )
    assert refused.value.messages == [
        "Zeile 3: Einheit „Feuerwehr“ unbekannt (erlaubt: KOD, Ermittlungsdienst).",
        "Zeile 4: Rolle „Chef“ unbekannt (erlaubt: Einsatzkraft, Dienstgruppenleitung, "
        "Administration).",
        "Zeile 4: Wochenstunden „viel“ ist keine Zahl.",
        "Zeile 4: Vorname fehlt.",
        "Zeile 4: Dienstnummer K-1 steht schon in Zeile 2.",
    ]


def test_missing_columns_and_wrong_encoding_are_explained() -> None:
    with pytest.raises(ValidationError, match="Spalte\\(n\\) Einheit, Rolle fehlen"):
        parse_officers(b"Dienstnummer;Nachname;Vorname\nK-1;A;B\n")
    with pytest.raises(ValidationError, match="nicht UTF-8"):
        parse_officers(
            HEADER.encode() + "\nK-1;Müller;Jörg;KOD;Einsatzkraft;;39\n".encode("cp1252")
        )
    with pytest.raises(ValidationError, match="leer"):
        parse_officers(b"")


names = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜßabcdefghijklmnopqrstuvwxyzäöü -",
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip())


@given(
    st.lists(
        st.tuples(
            names,
            names,
            st.sampled_from(["KOD", "Ermittlungsdienst"]),
            st.sampled_from(["Einsatzkraft", "Dienstgruppenleitung", "Administration"]),
            st.integers(1, 120),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_any_well_formed_list_round_trips(rows: list[tuple[str, str, str, str, int]]) -> None:
    lines = [
        f"K-{i};{last};{first};{unit};{role};Radstreife;{half / 2:.1f}".replace(".", ",")
        for i, (last, first, unit, role, half) in enumerate(rows)
    ]
    parsed = parse_officers(csv(*lines))
    assert len(parsed) == len(rows)
    for (_, draft), (last, first, _unit, _role, half) in zip(parsed, rows, strict=True):
        assert draft.last_name == " ".join(last.split())
        assert draft.first_name == " ".join(first.split())
        assert draft.weekly_hours == half / 2
