"""The demo unit and its town: who works there, where, what happens how often, which bikes.

Staff of both former units, the areas (the defaults plus a few fear spaces) with their places,
the incident categories and how often each occurs in each area, where reports come from and
at which weekdays and hours, and the service bikes. The demo load (demo/__init__.py)
draws from these; demo/texts.py holds the texts of the incidents.
"""

from __future__ import annotations

from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import IncidentSource, Role

# The demo's logins (README "Anmeldung"): the administrator (Koch, Patrick) and one officer
# of the bike patrol (Becker, Jana) to try the officer's view, as service number and password.
# Every other demo officer has no password until an administrator sets one.
DEMO_ADMIN = ("K-1000", "kod-demo-2026")
DEMO_OFFICER = ("K-1100", "kod-streife-2026")
DEMO_OFFICER_NAME = ("Becker", "Jana")

# (last name, first name, role, weekly hours, qualifications)
KOD_STAFF: tuple[tuple[str, str, Role, float, tuple[str, ...]], ...] = (
    ("Hoffmann", "Markus", Role.SUPERVISOR, 41.0, ("Radstreife", "Erste Hilfe")),
    ("Neumann", "Sabine", Role.SUPERVISOR, 39.0, ("Radstreife",)),
    ("Becker", "Jana", Role.OFFICER, 39.0, ("Radstreife", "Erste Hilfe")),
    ("Schulz", "Tobias", Role.OFFICER, 41.0, ("Radstreife",)),
    ("Yılmaz", "Deniz", Role.OFFICER, 39.0, ("Radstreife", "Erste Hilfe")),
    ("Krüger", "Sven", Role.OFFICER, 39.0, ()),
    ("Wagner", "Lena", Role.OFFICER, 30.0, ("Radstreife",)),
    ("Schwarz", "Kevin", Role.OFFICER, 41.0, ("Radstreife", "Führerschein Dienst-Kfz")),
    ("Zimmermann", "Laura", Role.OFFICER, 39.0, ("Radstreife", "Erste Hilfe")),
    ("Hartmann", "Dennis", Role.OFFICER, 39.0, ("Erste Hilfe",)),
    ("Lange", "Nicole", Role.OFFICER, 30.0, ("Radstreife",)),
    ("Kowalski", "Piotr", Role.OFFICER, 41.0, ("Radstreife", "Führerschein Dienst-Kfz")),
    ("Werner", "Anja", Role.OFFICER, 19.5, ("Radstreife",)),
    ("Brandt", "Florian", Role.OFFICER, 39.0, ()),
    ("Schröder", "Melanie", Role.OFFICER, 39.0, ("Radstreife", "Erste Hilfe")),
    ("Koch", "Patrick", Role.ADMIN, 39.0, ("Führerschein Dienst-Kfz",)),
)
ED_STAFF: tuple[tuple[str, str, Role, float, tuple[str, ...]], ...] = (
    ("Fischer", "Thomas", Role.SUPERVISOR, 41.0, ("Ermittlungen", "Führerschein Dienst-Kfz")),
    ("Meyer", "Claudia", Role.OFFICER, 39.0, ("Ermittlungen",)),
    ("Weber", "Andreas", Role.OFFICER, 41.0, ("Ermittlungen", "Führerschein Dienst-Kfz")),
    ("Richter", "Katrin", Role.OFFICER, 30.0, ("Ermittlungen", "Erste Hilfe")),
    ("Klein", "Stefan", Role.OFFICER, 39.0, ("Ermittlungen",)),
    ("Wolf", "Birgit", Role.OFFICER, 39.0, ("Ermittlungen", "Erste Hilfe")),
    ("Schäfer", "Jürgen", Role.OFFICER, 41.0, ("Ermittlungen", "Führerschein Dienst-Kfz")),
    ("Lehmann", "Petra", Role.OFFICER, 39.0, ("Ermittlungen",)),
)

BAHNHOF = "Bahnhofsumfeld"
INNENSTADT = "Innenstadt"
KLOSTERINSEL = "Klosterinsel"
UNTERFUEHRUNG = "Unterführung Bahnhofstraße"
STADTPARK = "Stadtpark Nord"
PARKHAUS = "Parkhaus am Markt"
ZOB = "Zentraler Omnibusbahnhof"

EXTRA_AREAS = (
    dm.AreaDraft(
        UNTERFUEHRUNG,
        "Angstraum: schlecht einsehbare Fußgängerunterführung zwischen Bahnhof und Altstadt.",
        is_fear_space=True,
        priority=1,
        short_code="UFB",
    ),
    dm.AreaDraft(
        STADTPARK,
        "Angstraum: dunkle Wege, Teich und Spielplatz; Radstreife.",
        is_fear_space=True,
        priority=2,
        short_code="SPN",
    ),
    dm.AreaDraft(
        PARKHAUS,
        "Angstraum: Treppenhäuser und Ebene -1.",
        is_fear_space=True,
        priority=3,
        short_code="PHM",
    ),
    dm.AreaDraft(ZOB, "Busbahnhof neben dem Hauptbahnhof.", priority=2, short_code="ZOB"),
)

# name: (weight October–March, weight April–September)
AREA_WEIGHTS: dict[str, tuple[float, float]] = {
    BAHNHOF: (34, 30),
    INNENSTADT: (28, 26),
    KLOSTERINSEL: (5, 16),
    UNTERFUEHRUNG: (10, 7),
    STADTPARK: (7, 11),
    PARKHAUS: (7, 4),
    ZOB: (9, 6),
}

PLACES: dict[str, tuple[str, ...]] = {
    BAHNHOF: (
        "Bahnhofsvorplatz, Ausgang Süd",
        "Bahnhofsvorplatz, Haupteingang",
        "Bahnhofstraße 2, vor dem Kiosk",
        "Fahrradstation am Hauptbahnhof",
        "Taxistand Nordausgang",
        "Europaplatz, Sitzbänke",
        "Bushaltestelle Hauptbahnhof, Steig B",
    ),
    INNENSTADT: (
        "Hauptstraße 41, vor der Sparkasse",
        "Marktplatz, Brunnen",
        "Marktplatz, Wochenmarktstände",
        "Kirchgasse / Ecke Hauptstraße",
        "Rathausplatz",
        "Lange Straße 17, Eingang Kaufhaus",
        "Hauptstraße 12, vor der Ansprechstelle",
    ),
    KLOSTERINSEL: (
        "Klosterinsel, Liegewiese",
        "Klosterinsel, Uferweg West",
        "Klosterinsel, Brücke Klostergasse",
        "Klosterinsel, Spielplatz",
        "Klosterinsel, Grillbereich",
    ),
    UNTERFUEHRUNG: (
        "Unterführung Bahnhofstraße, Treppe Nord",
        "Unterführung Bahnhofstraße, Mitte",
        "Unterführung Bahnhofstraße, Aufzug Süd",
    ),
    STADTPARK: (
        "Stadtpark Nord, Teich",
        "Stadtpark Nord, Spielplatz",
        "Stadtpark Nord, Eingang Parkstraße",
        "Stadtpark Nord, Basketballplatz",
    ),
    PARKHAUS: (
        "Parkhaus am Markt, Ebene -1",
        "Parkhaus am Markt, Treppenhaus B",
        "Parkhaus am Markt, Kassenautomat",
    ),
    ZOB: ("ZOB, Bussteig 4", "ZOB, Wartehalle", "ZOB, Fahrradabstellanlage"),
}

# Category names as in setup.DEFAULT_CATALOG.
ALKOHOL = "Alkoholkonsumverbot"
BETTELN = "Aggressives Betteln"
FAHRRAD = "Radfahren in der Fußgängerzone"
GRAFFITI = "Sachbeschädigung / Graffiti"
HILFE = "Hilfeleistung"
HUNDE = "Hundehaltung / Leinenpflicht"
JUGEND = "Jugendschutz"
LAGERN = "Lagern / Campieren"
MUELL = "Illegale Müllablagerung"
RUHE = "Ruhestörung"
SONSTIGES = "Sonstiges"
STREIT = "Streitigkeit"
URIN = "Wildes Urinieren"
VERKEHR = "Verkehrsordnungswidrigkeit"

CATEGORY_WEIGHTS: dict[str, dict[str, float]] = {
    BAHNHOF: {
        ALKOHOL: 25, BETTELN: 15, STREIT: 12, LAGERN: 10, URIN: 10, HILFE: 8, MUELL: 6,
        RUHE: 5, JUGEND: 4, GRAFFITI: 3, SONSTIGES: 4,
    },
    INNENSTADT: {
        FAHRRAD: 20, BETTELN: 15, VERKEHR: 12, RUHE: 8, MUELL: 8, STREIT: 8, HILFE: 8,
        HUNDE: 6, GRAFFITI: 5, URIN: 5, ALKOHOL: 5, SONSTIGES: 5,
    },
    KLOSTERINSEL: {
        RUHE: 20, HUNDE: 15, MUELL: 15, JUGEND: 10, ALKOHOL: 8, LAGERN: 8, GRAFFITI: 6,
        URIN: 6, STREIT: 5, HILFE: 4, SONSTIGES: 3,
    },
    UNTERFUEHRUNG: {
        GRAFFITI: 25, LAGERN: 20, URIN: 20, MUELL: 10, BETTELN: 8, STREIT: 7, HILFE: 5,
        SONSTIGES: 5,
    },
    STADTPARK: {
        HUNDE: 20, MUELL: 15, JUGEND: 15, RUHE: 12, ALKOHOL: 8, LAGERN: 8, GRAFFITI: 8,
        STREIT: 6, HILFE: 4, SONSTIGES: 4,
    },
    PARKHAUS: {LAGERN: 25, URIN: 20, GRAFFITI: 20, MUELL: 10, JUGEND: 10, STREIT: 8, SONSTIGES: 7},
    ZOB: {
        ALKOHOL: 15, STREIT: 15, BETTELN: 15, LAGERN: 10, MUELL: 10, JUGEND: 10, RUHE: 8,
        HILFE: 9, SONSTIGES: 8,
    },
}  # fmt: skip

# area: (patrol, citizen, contact point, police, video) weights when no duty explains it
SOURCE_WEIGHTS: dict[str, tuple[float, float, float, float, float]] = {
    BAHNHOF: (55, 15, 0, 25, 5),
    INNENSTADT: (55, 20, 20, 5, 0),
    KLOSTERINSEL: (45, 25, 0, 5, 25),
}
DEFAULT_SOURCE_WEIGHTS = (60, 30, 0, 10, 0)
SOURCES = (
    IncidentSource.PATROL,
    IncidentSource.CITIZEN,
    IncidentSource.CONTACT_POINT,
    IncidentSource.POLICE,
    IncidentSource.VIDEO,
)

# Monday … Sunday; Friday and Saturday evenings are busiest.
WEEKDAY_WEIGHTS = (1.0, 0.9, 0.95, 1.05, 1.35, 1.5, 1.1)
HOUR_WEIGHTS = (
    3.0, 2.2, 1.5, 1.0, 0.5, 0.4, 0.8, 1.5, 2.0, 2.5, 3.0, 3.5,
    4.0, 4.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 6.5, 6.0, 5.0, 4.0,
)  # fmt: skip

# (inventory no, model, pedelec, range km)
BIKES: tuple[tuple[str, str, bool, int | None], ...] = (
    ("DF-01", "Pedelec Trekking 28″ (Mittelmotor, 625 Wh)", True, 100),
    ("DF-02", "Pedelec Trekking 28″ (Mittelmotor, 625 Wh)", True, 95),
    ("DF-03", "Pedelec Trekking 28″ (Mittelmotor, 500 Wh)", True, 80),
    ("DF-04", "Pedelec Trekking 28″ (Mittelmotor, 500 Wh)", True, 85),
    ("DF-05", "Trekkingrad 28″ (24 Gänge)", False, None),
    ("DF-06", "Trekkingrad 28″ (24 Gänge)", False, None),
)
DEFECT_BIKE = "DF-03"
INSPECTED_BIKE = "DF-01"
WORKSHOP = "Radwerk Zweiradservice GmbH"
