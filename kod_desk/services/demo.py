"""Demo data that looks like the real merged unit (DESIGN.md §1, §2, §14).

Officers of both former units, the action plan's areas plus a few fear spaces, six service bikes,
eight weeks of roster around today, absences, bike check-outs, incidents with measures, notes and
involved persons, and a dozen investigation orders. Everything comes from one
``random.Random(seed)`` so the same seed gives the same content (ids stay random UUIDs, so two
demo stations never share records). Rows go in through Core executemany (storage.repos.bulk):
a million incidents take minutes, not hours.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import (
    AbsenceKind,
    BikeCondition,
    BikeServiceKind,
    CaseStatus,
    CatalogKind,
    CheckoutStatus,
    IncidentSource,
    IncidentStatus,
    PersonRole,
    Qualification,
    Role,
    ShiftKind,
    Unit,
)
from kod_desk.domain.errors import UserError
from kod_desk.domain.timeutil import BERLIN, duty_bounds, local_to_utc, utcnow
from kod_desk.services.base import ServiceContext
from kod_desk.services.setup import DEFAULT_AREAS
from kod_desk.storage.repos import audit, bulk
from kod_desk.storage.repos import masterdata as repo

Progress = Callable[[int, int], None]

ACTOR = "demo"
CHUNK = bulk.CHUNK_ROWS
ROSTER_WEEKS_BEFORE = 4
ROSTER_WEEKS_AFTER = 4
MIN_SPAN_DAYS = 56
MAX_SPAN_DAYS = 5 * 365
INCIDENTS_PER_DAY = 30
# Notes and persons on every incident would dominate a million-row load; the newest few
# thousand get them richly (what a demo user opens), older ones only rarely.
RICH_WINDOW = 3_000
NOTE_SHARE_RECENT = 1 / 3
NOTE_SHARE_OLD = 0.005
PERSON_SHARE_RECENT = 0.04
VARIANTS_PER_PAIR = 24
MAX_BODY_CHARS = 325  # plus a source prefix of up to ~65 characters
MIN_REST = timedelta(hours=11)
OVERTIME = timedelta(minutes=15)
MAX_STREAK = 6


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How many rows of each kind the demo load wrote."""

    officers: int
    areas: int
    catalog_entries: int
    bikes: int
    roster_weeks: int
    shifts: int
    assignments: int
    absences: int
    bike_checkouts: int
    bike_services: int
    incidents: int
    incident_officers: int
    incident_measures: int
    incident_notes: int
    incident_persons: int
    cases: int


# ---------------------------------------------------------------- static demo content

# (last name, first name, role, weekly hours, qualifications)
_KOD_STAFF: tuple[tuple[str, str, Role, float, tuple[str, ...]], ...] = (
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
_ED_STAFF: tuple[tuple[str, str, Role, float, tuple[str, ...]], ...] = (
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

_EXTRA_AREAS = (
    dm.AreaDraft(
        UNTERFUEHRUNG,
        "Angstraum: schlecht einsehbare Fußgängerunterführung zwischen Bahnhof und Altstadt.",
        is_fear_space=True,
        priority=1,
    ),
    dm.AreaDraft(
        STADTPARK,
        "Angstraum: dunkle Wege, Teich und Spielplatz; Radstreife.",
        is_fear_space=True,
        priority=2,
    ),
    dm.AreaDraft(
        PARKHAUS, "Angstraum: Treppenhäuser und Ebene -1.", is_fear_space=True, priority=3
    ),
    dm.AreaDraft(ZOB, "Busbahnhof neben dem Hauptbahnhof.", priority=2),
)

# name: (weight October–March, weight April–September)
_AREA_WEIGHTS: dict[str, tuple[float, float]] = {
    BAHNHOF: (34, 30),
    INNENSTADT: (28, 26),
    KLOSTERINSEL: (5, 16),
    UNTERFUEHRUNG: (10, 7),
    STADTPARK: (7, 11),
    PARKHAUS: (7, 4),
    ZOB: (9, 6),
}

_PLACES: dict[str, tuple[str, ...]] = {
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

_AREA_PHRASES: dict[str, tuple[str, ...]] = {
    BAHNHOF: (
        "vor dem Hauptbahnhof",
        "auf dem Bahnhofsvorplatz",
        "am Ausgang Süd des Hauptbahnhofs",
        "im Bereich der Bushaltestellen am Bahnhof",
    ),
    INNENSTADT: (
        "in der Fußgängerzone",
        "auf dem Marktplatz",
        "vor dem Kaufhaus in der Hauptstraße",
        "am Brunnen in der Fußgängerzone",
    ),
    KLOSTERINSEL: (
        "auf der Klosterinsel",
        "an der Liegewiese der Klosterinsel",
        "am Uferweg der Klosterinsel",
        "an der Brücke zur Klosterinsel",
    ),
    UNTERFUEHRUNG: (
        "in der Unterführung Bahnhofstraße",
        "am Treppenabgang der Unterführung Bahnhofstraße",
    ),
    STADTPARK: (
        "im Stadtpark Nord",
        "am Spielplatz im Stadtpark Nord",
        "an den Bänken am Teich im Stadtpark Nord",
    ),
    PARKHAUS: ("im Parkhaus am Markt", "im Treppenhaus des Parkhauses am Markt"),
    ZOB: ("am Zentralen Omnibusbahnhof", "im Wartebereich des ZOB"),
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

_CATEGORY_WEIGHTS: dict[str, dict[str, float]] = {
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

# A reaction: (sentence, measure names, outcome when closed).
_Reaction = tuple[str, tuple[str, ...], str]

_GONE: _Reaction = (
    "Bei Eintreffen der Streife hatten sich die Personen bereits entfernt. Der Bereich wurde "
    "bestreift, keine weiteren Feststellungen.",
    (),
    "Keine Personen mehr angetroffen.",
)
_ALCOHOL_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Nach Ansprache zeigten sich die Personen einsichtig, schütteten die Getränke aus und "
        "verließen den Bereich in Richtung Innenstadt.",
        ("Belehrung",),
        "Einsichtig, Bereich verlassen.",
    ),
    (
        "Die Personen reagierten zunächst uneinsichtig. Es wurde ein Verwarnungsgeld erhoben und "
        "ein Platzverweis für den Rest des Tages ausgesprochen.",
        ("Verwarnungsgeld", "Platzverweis"),
        "Verwarnungsgeld erhoben, Platzverweis befolgt.",
    ),
    (
        "Die Getränke wurden sichergestellt; eine OWi-Anzeige wird gefertigt, da bereits mehrfach "
        "belehrt worden war.",
        ("Sicherstellung", "OWi-Anzeige"),
        "OWi-Anzeige an die Bußgeldstelle übersandt.",
    ),
    _GONE,
)
_NOISE_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Nach Ansprache wurde die Musik sofort ausgeschaltet; die Personen zeigten sich "
        "kooperativ.",
        ("Belehrung",),
        "Ruhe hergestellt.",
    ),
    (
        "Die Musikbox wurde trotz Ermahnung erneut eingeschaltet. Die Identität der "
        "verantwortlichen Person wurde festgestellt, OWi-Anzeige nach § 117 OWiG wird gefertigt.",
        ("Identitätsfeststellung", "OWi-Anzeige"),
        "OWi-Anzeige wegen unzulässigen Lärms gefertigt.",
    ),
    (
        "Die Gruppe wurde auf die Nachtruhe hingewiesen und verließ den Bereich nach einem "
        "Platzverweis.",
        ("Platzverweis",),
        "Platzverweis befolgt.",
    ),
    _GONE,
)
_BEGGING_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Die Personen wurden auf das Verbot des aggressiven Bettelns hingewiesen und erhielten "
        "einen Platzverweis, dem sie nachkamen.",
        ("Platzverweis",),
        "Platzverweis befolgt.",
    ),
    (
        "Nach Identitätsfeststellung wurde eine OWi-Anzeige nach der Straßensatzung gefertigt.",
        ("Identitätsfeststellung", "OWi-Anzeige"),
        "OWi-Anzeige gefertigt.",
    ),
    (
        "Belehrung über die zulässige stille Bettelei; die Person setzte sich anschließend ruhig "
        "an den Rand des Platzes.",
        ("Belehrung",),
        "Belehrt, Verhalten eingestellt.",
    ),
)
_WASTE_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Die Ablagerung wurde fotografisch dokumentiert und die Beseitigung über den Betriebshof "
        "veranlasst; Hinweise auf den Verursacher wurden gesichert.",
        ("Sicherstellung",),
        "Beseitigung veranlasst, Verursacherermittlung läuft.",
    ),
    (
        "Fotos gefertigt, Meldung an den Betriebshof zur Abholung. Ein Verursacher war nicht "
        "feststellbar.",
        (),
        "Beseitigung durch den Betriebshof veranlasst.",
    ),
    (
        "Verursacher ermittelt; OWi-Anzeige nach dem Kreislaufwirtschaftsgesetz wird an die "
        "Bußgeldstelle übersandt.",
        ("Identitätsfeststellung", "OWi-Anzeige"),
        "OWi-Anzeige an die Bußgeldstelle.",
    ),
)
_URINE_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Nach Identitätsfeststellung wurde ein Verwarnungsgeld von 35 € erhoben, das sofort "
        "bezahlt wurde.",
        ("Identitätsfeststellung", "Verwarnungsgeld"),
        "Verwarnungsgeld bezahlt.",
    ),
    (
        "Die Person zeigte sich uneinsichtig und verweigerte die Zahlung; OWi-Anzeige wird "
        "gefertigt.",
        ("OWi-Anzeige",),
        "OWi-Anzeige gefertigt.",
    ),
    (
        "Belehrung erfolgt; die Person entschuldigte sich und verließ den Bereich.",
        ("Belehrung",),
        "Belehrt.",
    ),
)
_DAMAGE_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Schaden fotografisch dokumentiert und dem Gebäudemanagement gemeldet; Strafanzeige gegen "
        "Unbekannt wird über die Landespolizei erstattet.",
        ("Strafanzeige",),
        "Strafanzeige gegen Unbekannt.",
    ),
    (
        "Zwei Tatverdächtige wurden in Tatortnähe angetroffen; die Personalien wurden "
        "festgestellt und der Vorgang an die Landespolizei übergeben.",
        ("Identitätsfeststellung", "Übergabe an Polizei"),
        "An die Landespolizei übergeben.",
    ),
    (
        "Gefahrenstelle abgesichert und Reinigung über den Betriebshof veranlasst.",
        (),
        "Gefahrenstelle beseitigt, Schaden gemeldet.",
    ),
)
_BIKE_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Verwarnungsgeld nach dem Bußgeldkatalog erhoben; die Person schob anschließend.",
        ("Verwarnungsgeld",),
        "Verwarnungsgeld erhoben.",
    ),
    (
        "Belehrung über die Regeln in der Fußgängerzone; Flyer der Kampagne „Rücksicht in der "
        "City“ ausgehändigt.",
        ("Belehrung", "Hinweis / Beratung"),
        "Belehrt.",
    ),
    (
        "Die Person ignorierte die Anhaltezeichen und fuhr davon; Personenbeschreibung notiert.",
        (),
        "Person entkommen, keine weiteren Maßnahmen.",
    ),
)
_DOG_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Halter belehrt, Hund angeleint; ein Verwarnungsgeld wurde erhoben.",
        ("Belehrung", "Verwarnungsgeld"),
        "Verwarnungsgeld erhoben.",
    ),
    (
        "Personalien festgestellt, Hundesteuermarke ohne Befund; OWi-Anzeige wegen Verstoßes "
        "gegen die Leinenpflicht.",
        ("Identitätsfeststellung", "OWi-Anzeige"),
        "OWi-Anzeige gefertigt.",
    ),
    (
        "Hinweis auf die Hundeauslauffläche am Stadtpark gegeben; die Halterin zeigte sich "
        "einsichtig.",
        ("Hinweis / Beratung",),
        "Einsichtig.",
    ),
)
_CAMP_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Die Person wurde auf die Angebote der Wohnungslosenhilfe und die Notunterkunft "
        "hingewiesen und räumte das Lager freiwillig.",
        ("Hinweis / Beratung",),
        "Hilfsangebote vermittelt, Lager geräumt.",
    ),
    (
        "Nach wiederholter Aufforderung wurde ein Platzverweis ausgesprochen; der Bereich wurde "
        "geräumt.",
        ("Platzverweis",),
        "Platzverweis befolgt.",
    ),
)
_YOUTH_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Alkohol sichergestellt und ausgeschüttet; die Erziehungsberechtigten wurden telefonisch "
        "verständigt und holten die Jugendlichen ab.",
        ("Sicherstellung", "Belehrung"),
        "Übergabe an Erziehungsberechtigte; Mitteilung an das Jugendamt.",
    ),
    (
        "Identität festgestellt; eine Mitteilung an das Jugendamt wird gefertigt.",
        ("Identitätsfeststellung",),
        "Mitteilung an das Jugendamt.",
    ),
)
_DISPUTE_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Die Parteien wurden getrennt und beruhigt; beide erhielten einen Platzverweis in "
        "entgegengesetzte Richtungen.",
        ("Platzverweis",),
        "Streit geschlichtet, Platzverweise befolgt.",
    ),
    (
        "Da eine Person eine Verletzung an der Lippe aufwies, wurde die Landespolizei hinzugezogen "
        "und der Vorgang übergeben.",
        ("Übergabe an Polizei", "Rettungsdienst verständigt"),
        "An die Landespolizei übergeben.",
    ),
    (
        "Nach einem Schlichtungsgespräch gingen die Beteiligten getrennt ihrer Wege.",
        (),
        "Geschlichtet.",
    ),
)
_MEDICAL: _Reaction = (
    "Erste Hilfe geleistet und Rettungsdienst verständigt; Übergabe an die Besatzung des RTW.",
    ("Rettungsdienst verständigt",),
    "Übergabe an den Rettungsdienst.",
)
_PARKING_REACTIONS: tuple[_Reaction, ...] = (
    (
        "Verwarnungsgeld erhoben; das Fahrzeug wurde nach etwa 20 Minuten vom Fahrer entfernt.",
        ("Verwarnungsgeld",),
        "Verwarnungsgeld erhoben.",
    ),
    (
        "Abschleppvorgang über die Leitstelle veranlasst und Anzeige an die Bußgeldstelle "
        "gefertigt.",
        ("OWi-Anzeige",),
        "Abgeschleppt, OWi-Anzeige gefertigt.",
    ),
    (
        "Hinweiszettel angebracht und Verstoß fotografisch dokumentiert.",
        ("Verwarnung",),
        "Schriftliche Verwarnung.",
    ),
)

# category: ((situation with {ort} / {n} / {N}, reactions), …)
_SITUATIONS: dict[str, tuple[tuple[str, tuple[_Reaction, ...]], ...]] = {
    ALKOHOL: (
        (
            "Gruppe von {n} Personen konsumierte {ort} Alkohol im Verbotsbereich der "
            "Alkoholverbotsverordnung. Mehrere geöffnete Bierdosen und eine Flasche Wodka standen "
            "auf der Sitzbank.",
            _ALCOHOL_REACTIONS,
        ),
        (
            "{N} Personen hielten sich {ort} mit geöffneten Bierflaschen auf, obwohl der Bereich "
            "als Alkoholverbotszone ausgeschildert ist. Passanten mussten ausweichen.",
            _ALCOHOL_REACTIONS,
        ),
        (
            "Eine stark alkoholisierte männliche Person trank {ort} aus einer Weinflasche und "
            "sprach Passanten lautstark an. Die Person war schwankend, aber ansprechbar.",
            _ALCOHOL_REACTIONS[:3],
        ),
    ),
    RUHE: (
        (
            "Mehrere Anwohner beschwerten sich über laute Musik aus einer mitgebrachten "
            "Musikbox {ort}. Vor Ort hielten sich {n} Personen auf; die Musik war noch in etwa "
            "100 m Entfernung deutlich zu hören.",
            _NOISE_REACTIONS,
        ),
        (
            "Gruppe von {n} Jugendlichen verursachte {ort} erheblichen Lärm durch Grölen und "
            "lautes Rufen. Die Nachtruhe hatte bereits begonnen.",
            _NOISE_REACTIONS[2:],
        ),
    ),
    BETTELN: (
        (
            "Eine Person sprach {ort} gezielt Passanten an, lief ihnen nach und hielt ihnen einen "
            "Becher vor. Mehrere Passanten fühlten sich bedrängt.",
            _BEGGING_REACTIONS,
        ),
        (
            "Zwei Personen bettelten {ort} in aufdringlicher Weise und stellten sich Reisenden "
            "mit Gepäck in den Weg. Eine ältere Dame gab an, am Arm festgehalten worden zu sein.",
            _BEGGING_REACTIONS[:2],
        ),
        (
            "Organisiert wirkende Bettelei {ort}: {n} Personen wechselten sich in kurzen "
            "Abständen ab und wurden von einem Mann aus einem abgestellten Pkw beobachtet.",
            (
                (
                    "Da der Verdacht auf organisierte Bettelei bestand, wurde der Sachverhalt an "
                    "die Landespolizei übergeben.",
                    ("Identitätsfeststellung", "Übergabe an Polizei"),
                    "An die Landespolizei übergeben.",
                ),
            ),
        ),
    ),
    MUELL: (
        (
            "{ort} wurden mehrere Müllsäcke, ein alter Bürostuhl und Kartonagen abgelegt "
            "vorgefunden. Die Ablagerung war am Vortag noch nicht vorhanden.",
            _WASTE_REACTIONS,
        ),
        (
            "Sperrmüll {ort}: Matratze, Kühlschrank und zwei Säcke mit Hausmüll. In einem der "
            "Säcke befanden sich Briefe mit Adressangaben.",
            _WASTE_REACTIONS[::2],
        ),
        (
            "Eine Person stellte {ort} einen Sack mit Hausmüll neben einen bereits vollen "
            "Abfallbehälter und wollte sich entfernen.",
            (
                (
                    "Die Person wurde angesprochen und nahm den Müll wieder mit. Ein "
                    "Verwarnungsgeld wurde erhoben.",
                    ("Verwarnungsgeld",),
                    "Verwarnungsgeld erhoben, Müll mitgenommen.",
                ),
            ),
        ),
    ),
    URIN: (
        (
            "Männliche Person urinierte {ort} gegen eine Hauswand, obwohl die öffentliche "
            "Toilette in etwa 50 m Entfernung geöffnet war.",
            _URINE_REACTIONS,
        ),
        (
            "{N} Personen urinierten nacheinander {ort} in ein Gebüsch neben dem Gehweg; "
            "Passanten mit Kindern beschwerten sich.",
            _URINE_REACTIONS,
        ),
        (
            "Beim Bestreifen wurde festgestellt, dass eine Person {ort} öffentlich urinierte. Der "
            "Bereich ist wegen starken Uringeruchs bereits als Schwerpunkt bekannt.",
            _URINE_REACTIONS,
        ),
    ),
    GRAFFITI: (
        (
            "Frische Graffiti-Schriftzüge {ort} festgestellt, etwa 3 × 1,5 m groß in schwarzer "
            "und silberner Farbe. Die Farbe war noch feucht, Spraydosen lagen nicht mehr vor Ort.",
            _DAMAGE_REACTIONS[:1],
        ),
        (
            "{N} Jugendliche beschädigten {ort} eine Sitzbank und traten gegen einen "
            "Abfallbehälter, der dabei aus der Verankerung brach.",
            _DAMAGE_REACTIONS[:2],
        ),
        (
            "Eine Leuchte {ort} wurde eingeschlagen vorgefunden; Glassplitter lagen großflächig "
            "auf dem Gehweg und gefährdeten Radfahrende.",
            _DAMAGE_REACTIONS[::2],
        ),
    ),
    FAHRRAD: (
        (
            "Radfahrer befuhr {ort} trotz Verbotszeichen mit hoher Geschwindigkeit die "
            "Fußgängerzone und musste einem Kinderwagen ausweichen.",
            _BIKE_REACTIONS,
        ),
        (
            "Bei einer Schwerpunktkontrolle wurden {ort} innerhalb einer Stunde {n} Radfahrende "
            "angehalten, die die Fußgängerzone außerhalb der freigegebenen Zeiten befuhren.",
            _BIKE_REACTIONS[:2],
        ),
        (
            "E-Scooter-Fahrer fuhr {ort} zwischen den Passanten hindurch und telefonierte dabei "
            "mit dem Handy in der Hand.",
            _BIKE_REACTIONS,
        ),
    ),
    HUNDE: (
        (
            "Großer Hund lief {ort} ohne Leine über die Wiese und sprang spielende Kinder an; die "
            "Halterin befand sich etwa 40 m entfernt.",
            _DOG_REACTIONS,
        ),
        (
            "Hundehalter ließ seinen Hund {ort} frei laufen, obwohl dort ganzjährig Leinenpflicht "
            "besteht. Hundekot wurde nicht beseitigt.",
            _DOG_REACTIONS[:2],
        ),
        (
            "Zwei Hunde gerieten {ort} in eine Beißerei; einer der Hunde war nicht angeleint und "
            "wurde leicht am Ohr verletzt.",
            _DOG_REACTIONS[:2],
        ),
    ),
    LAGERN: (
        (
            "{ort} hatte sich eine Person mit Schlafsack, Isomatte und mehreren Taschen "
            "niedergelassen und blockierte den Durchgang teilweise.",
            _CAMP_REACTIONS,
        ),
        (
            "Nächtliches Lager {ort}: {n} Personen mit Zelt und Campingkocher, daneben größere "
            "Mengen Verpackungsmüll.",
            _CAMP_REACTIONS,
        ),
        (
            "Wohnungslose Person lag {ort} auf dem Boden und reagierte zunächst nicht auf "
            "Ansprache; sie war unterkühlt, aber orientiert.",
            (
                (
                    "Der Rettungsdienst wurde zur Abklärung hinzugezogen; die Person wurde "
                    "anschließend zur Wärmestube begleitet.",
                    ("Rettungsdienst verständigt",),
                    "Rettungsdienst verständigt, Wärmestube.",
                ),
            ),
        ),
    ),
    JUGEND: (
        (
            "Gruppe von {n} augenscheinlich Minderjährigen konsumierte {ort} Alkohol und rauchte. "
            "Auf Nachfrage gaben zwei Personen an, 15 Jahre alt zu sein.",
            _YOUTH_REACTIONS,
        ),
        (
            "Zwei Jugendliche hielten sich nach 23 Uhr {ort} ohne Begleitung eines "
            "Erziehungsberechtigten auf und hatten eine Flasche Schnaps bei sich.",
            _YOUTH_REACTIONS,
        ),
        (
            "Kiosk {ort}: Es wurde beobachtet, wie an einen augenscheinlich minderjährigen "
            "Kunden Zigaretten verkauft wurden.",
            (
                (
                    "Das Verkaufspersonal wurde belehrt; der Vorgang wird an die Gewerbeaufsicht "
                    "weitergeleitet.",
                    ("Belehrung",),
                    "Weitergabe an die Gewerbeaufsicht.",
                ),
            ),
        ),
    ),
    STREIT: (
        (
            "Lautstarke verbale Auseinandersetzung zwischen {n} Personen {ort}; eine Person "
            "schubste eine andere, Passanten blieben stehen.",
            _DISPUTE_REACTIONS,
        ),
        (
            "Streit zwischen zwei Bekannten {ort} wegen angeblicher Schulden; beide Personen "
            "waren alkoholisiert.",
            _DISPUTE_REACTIONS,
        ),
    ),
    HILFE: (
        (
            "Ältere Dame {ort} gestürzt; sie blutete leicht an der Stirn und war verunsichert.",
            (_MEDICAL,),
        ),
        (
            "Stark alkoholisierte Person lag {ort} auf dem Boden, Atmung vorhanden, schwer "
            "weckbar.",
            (_MEDICAL,),
        ),
        (
            "Orientierungslose ältere Person {ort} angetroffen; sie konnte ihre Adresse nicht "
            "nennen.",
            (
                (
                    "Über die Landespolizei konnte die Wohnanschrift ermittelt werden; die Person "
                    "wurde nach Hause begleitet.",
                    ("Hinweis / Beratung",),
                    "Person nach Hause begleitet.",
                ),
            ),
        ),
        (
            "Reisende mit zwei Kindern {ort} angetroffen, die ihren Anschlusszug verpasst hatte "
            "und keine Unterkunft fand.",
            (
                (
                    "Kontakt zur Bahnhofsmission hergestellt, die die weitere Betreuung übernahm.",
                    ("Hinweis / Beratung",),
                    "Übergabe an die Bahnhofsmission.",
                ),
            ),
        ),
    ),
    VERKEHR: (
        (
            "Pkw parkte {ort} in der Feuerwehrzufahrt; ein Rettungswagen hätte nicht passieren "
            "können.",
            _PARKING_REACTIONS[:2],
        ),
        (
            "Lieferfahrzeug stand außerhalb der Lieferzeit {ort} in der Fußgängerzone, der Fahrer "
            "war nicht auffindbar.",
            _PARKING_REACTIONS,
        ),
        (
            "{N} Fahrzeuge parkten {ort} auf dem Gehweg; Fußgänger mit Kinderwagen mussten auf "
            "die Fahrbahn ausweichen.",
            _PARKING_REACTIONS[::2],
        ),
    ),
    SONSTIGES: (
        (
            "Herrenloses Gepäckstück {ort} festgestellt; in der Umgebung war kein Besitzer "
            "auszumachen.",
            (
                (
                    "Nahbereich abgesperrt und an die Landespolizei übergeben; der Besitzer "
                    "meldete sich nach 15 Minuten.",
                    ("Übergabe an Polizei",),
                    "Besitzer ermittelt, Sperrung aufgehoben.",
                ),
            ),
        ),
        (
            "Defekte Straßenbeleuchtung {ort}: mehrere Leuchten waren ausgefallen, der Bereich "
            "war bei Dunkelheit kaum einsehbar.",
            (
                (
                    "Störungsmeldung an die Stadtwerke abgesetzt; der Bereich wird bis zur "
                    "Reparatur verstärkt bestreift.",
                    (),
                    "Störungsmeldung an die Stadtwerke.",
                ),
            ),
        ),
        (
            "Illegales Plakatieren {ort}: an mehreren Laternenmasten hingen "
            "Veranstaltungsplakate ohne Genehmigung.",
            (
                (
                    "Plakate dokumentiert und entfernt; der Veranstalter wird angeschrieben.",
                    ("Sicherstellung",),
                    "Plakate entfernt.",
                ),
            ),
        ),
        (
            "Fundfahrrad {ort}: seit mehreren Wochen abgestelltes Fahrrad ohne Sattel und mit "
            "platten Reifen.",
            (
                (
                    "Fahrrad mit Hinweisaufkleber versehen; Entfernung nach Ablauf der Frist über "
                    "den Betriebshof.",
                    ("Hinweis / Beratung",),
                    "Frist gesetzt.",
                ),
            ),
        ),
    ),
}

_CLOSINGS = (
    "",
    "",
    " Nachkontrolle im Rahmen der weiteren Streife ohne Befund.",
    " Der Bereich wird in den kommenden Tagen verstärkt bestreift.",
    " Keine weiteren Feststellungen.",
    " Lage im Anschluss ruhig.",
    " Fotos wurden zur Akte genommen.",
)
_NUMBERS = ("zwei", "drei", "vier", "fünf", "sechs")

_SOURCE_PREFIXES: dict[IncidentSource, tuple[str, ...]] = {
    IncidentSource.PATROL: (
        "",
        "Eigene Feststellung der Fußstreife. ",
        "Beim Bestreifen bemerkt. ",
    ),
    IncidentSource.CITIZEN: (
        "Hinweis einer Anwohnerin über das Bürgertelefon. ",
        "Bürgerhinweis per E-Mail an den KOD. ",
        "Hinweis eines Passanten vor Ort. ",
    ),
    IncidentSource.CONTACT_POINT: (
        "Meldung einer Passantin an der Ansprechstelle Sicherheit. ",
        "Hinweis eines Geschäftsinhabers an der Ansprechstelle. ",
    ),
    IncidentSource.POLICE: (
        "Anforderung durch die Landespolizei (PI Mitte) zur Unterstützung. ",
        "Hinweis der Landespolizei über Funk. ",
    ),
    IncidentSource.VIDEO: ("Feststellung über die Videobeobachtung, Streife entsandt. ",),
}
_BIKE_PREFIX = "Feststellung der Radstreife. "

# area: (patrol, citizen, contact point, police, video) weights when no duty explains it
_SOURCE_WEIGHTS: dict[str, tuple[float, float, float, float, float]] = {
    BAHNHOF: (55, 15, 0, 25, 5),
    INNENSTADT: (55, 20, 20, 5, 0),
    KLOSTERINSEL: (45, 25, 0, 5, 25),
}
_DEFAULT_SOURCE_WEIGHTS = (60, 30, 0, 10, 0)
_SOURCES = (
    IncidentSource.PATROL,
    IncidentSource.CITIZEN,
    IncidentSource.CONTACT_POINT,
    IncidentSource.POLICE,
    IncidentSource.VIDEO,
)

# Monday … Sunday; Friday and Saturday evenings are busiest.
_WEEKDAY_WEIGHTS = (1.0, 0.9, 0.95, 1.05, 1.35, 1.5, 1.1)
_HOUR_WEIGHTS = (
    3.0, 2.2, 1.5, 1.0, 0.5, 0.4, 0.8, 1.5, 2.0, 2.5, 3.0, 3.5,
    4.0, 4.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 6.5, 6.0, 5.0, 4.0,
)  # fmt: skip

_NOTE_TEXTS = (
    "Nachkontrolle am {tag}: keine erneuten Verstöße festgestellt.",
    "Rückruf der Hinweisgeberin am {tag}: Die Lage hat sich seit dem Einsatz beruhigt.",
    "Vorgang mit der Landespolizei (PI Mitte) abgestimmt; dort unter eigenem Aktenzeichen erfasst.",
    "Fotos nachgereicht und der Akte beigefügt.",
    "Die Bußgeldstelle hat am {tag} den Eingang der Anzeige bestätigt.",
    "Betriebshof meldet: Ablagerung am {tag} beseitigt.",
    "Betroffene Person hat sich am {tag} telefonisch gemeldet und den Sachverhalt bestätigt.",
    "Schwerpunkt im Streifenplan berücksichtigt (Dienstgruppenbesprechung vom {tag}).",
    "Verwarnungsgeld ist am {tag} eingegangen.",
    "Rücksprache mit dem Ermittlungsdienst: weitere Ermittlungen nicht erforderlich.",
    "Erneute Beschwerde einer Anwohnerin am {tag}; Bereich wird in die Spätstreife aufgenommen.",
)
_CORRECTED_TEXT = "Rückfrage beim Hinweisgeber am {tag}: Es waren vier Personen beteiligt."
_CORRECTION_TEXT = (
    "Korrektur zum Vermerk vom {tag}: Es waren drei statt vier Personen beteiligt; die übrigen "
    "Angaben bleiben unverändert."
)

_PERSON_LAST = (
    "Müller", "Krause", "Berger", "Vogel", "Frank", "Albrecht", "Jansen", "Kaiser", "Peters",
    "Möller", "Öztürk", "Nowak", "Popescu", "Haas", "Winkler", "Sommer", "Ludwig", "Engel",
)  # fmt: skip
_PERSON_FIRST = (
    "Marco", "Julia", "Sandra", "Mehmet", "Olga", "Karl", "Heike", "Paul", "Lea", "Nico",
    "Ramona", "Uwe", "Tanja", "Jonas", "Sophie", "Milan",
)  # fmt: skip
_STREETS = (
    "Lindenstraße", "Am Mühlbach", "Gartenweg", "Schillerstraße", "Kastanienallee",
    "Hafenstraße", "Goethestraße", "Am Klosterhof", "Birkenweg", "Rosenstraße",
)  # fmt: skip
_PERSON_ROLES = (PersonRole.AFFECTED, PersonRole.AFFECTED, PersonRole.WITNESS, PersonRole.INFORMANT)
_PERSON_NOTES = (
    "",
    "",
    "Personalien nach Personalausweis.",
    "Angaben nach eigenem Bekunden, kein Ausweisdokument.",
    "Telefonisch erreichbar.",
)

# (department, subject, address, result when done, plan); plan: done | overdue | open | link:<cat>
_CASES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "Meldebehörde",
        "Überprüfung einer Wohnsitzanmeldung (Verdacht auf Scheinanmeldung): 14 gemeldete "
        "Personen in einer Zweizimmerwohnung.",
        "Schillerstraße 22",
        "Vor Ort zwei Personen angetroffen; laut Vermieter und Briefkastenbeschriftung wohnen die "
        "übrigen Gemeldeten nicht dort. Abmeldung von Amts wegen empfohlen.",
        "done",
    ),
    (
        "Ausländerbehörde",
        "Aufenthaltsermittlung zur Zustellung eines Bescheids.",
        "Hafenstraße 7",
        "Person an der Anschrift angetroffen, Bescheid persönlich übergeben; Empfangsbekenntnis "
        "liegt bei.",
        "done",
    ),
    (
        "Gewerbeaufsicht",
        "Kontrolle der Gewerbeanmeldung und der Öffnungszeiten eines Spätkaufs.",
        "Bahnhofstraße 9",
        "Gewerbe angemeldet. Verstoß gegen das Ladenöffnungsgesetz am Sonntag festgestellt, "
        "Anzeige beigefügt.",
        "done",
    ),
    (
        "Waffenbehörde",
        "Kontrolle der sicheren Aufbewahrung von Schusswaffen (Sportschütze, drei Langwaffen).",
        "Am Klosterhof 3",
        "Aufbewahrung im Waffenschrank ordnungsgemäß; Bestand stimmt mit der Waffenbesitzkarte "
        "überein.",
        "done",
    ),
    (
        "Bußgeldstelle",
        "Ermittlung des Fahrzeugführers zu einem Parkverstoß (Halter bestreitet die "
        "Fahrereigenschaft).",
        "Kastanienallee 48",
        "",
        "overdue",
    ),
    (
        "Standesamt",
        "Überprüfung der Anschrift für eine Zustellung im Rahmen einer Eheschließung.",
        "Rosenstraße 11",
        "",
        "overdue",
    ),
    (
        "Meldebehörde",
        "Ermittlung des Aufenthalts nach Postrückläufer („unbekannt verzogen“).",
        "Goethestraße 5",
        "",
        "overdue",
    ),
    (
        "Gewerbeaufsicht",
        "Prüfung einer Beschwerde über eine nicht angemeldete Gaststättennutzung (Shisha-Bar).",
        "Lange Straße 30",
        "",
        "overdue",
    ),
    (
        "Ausländerbehörde",
        "Überprüfung der Wohnsituation im Rahmen eines Verlängerungsantrags.",
        "Birkenweg 14",
        "",
        "open",
    ),
    (
        "Waffenbehörde",
        "Einziehung einer Waffenbesitzkarte nach bestandskräftigem Widerruf.",
        "Gartenweg 2",
        "",
        "open",
    ),
    (
        "Jugendamt",
        "Ermittlung der Erziehungsberechtigten wiederholt angetroffener Minderjähriger.",
        "",
        "",
        f"link:{JUGEND}",
    ),
    (
        "Bußgeldstelle",
        "Ermittlung des Verursachers einer illegalen Müllablagerung anhand aufgefundener "
        "Adressangaben.",
        "",
        "",
        f"link:{MUELL}",
    ),
)

# (inventory no, model, pedelec, range km)
_BIKES: tuple[tuple[str, str, bool, int | None], ...] = (
    ("DF-01", "Pedelec Trekking 28″ (Mittelmotor, 625 Wh)", True, 100),
    ("DF-02", "Pedelec Trekking 28″ (Mittelmotor, 625 Wh)", True, 95),
    ("DF-03", "Pedelec Trekking 28″ (Mittelmotor, 500 Wh)", True, 80),
    ("DF-04", "Pedelec Trekking 28″ (Mittelmotor, 500 Wh)", True, 85),
    ("DF-05", "Trekkingrad 28″ (24 Gänge)", False, None),
    ("DF-06", "Trekkingrad 28″ (24 Gänge)", False, None),
)
_DEFECT_BIKE = "DF-03"
_INSPECTED_BIKE = "DF-01"
_WORKSHOP = "Radwerk Zweiradservice GmbH"


# ---------------------------------------------------------------- working state


@dataclass(slots=True)
class _Staff:
    id: str
    service_number: str
    unit: Unit
    role: Role
    bike_trained: bool
    weekly_target: int
    absent: set[date] = field(default_factory=set)
    last_end: datetime | None = None
    days: set[int] = field(default_factory=set)
    per_week: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Duty:
    kind: ShiftKind
    area: str | None
    start: time
    end: time
    template: str | None
    crew_size: int  # 0: everyone of the pool who can (investigation)
    note: str = ""


@dataclass(slots=True)
class _Planned:
    id: str
    day: date
    duty: _Duty
    starts_at: datetime
    ends_at: datetime
    crew: list[str]  # officer ids, the lead first

    @property
    def kind(self) -> ShiftKind:
        return self.duty.kind

    @property
    def area(self) -> str | None:
        return self.duty.area


@dataclass(frozen=True, slots=True)
class _Variant:
    body: str
    measure_ids: tuple[str, ...]
    outcome: str


@dataclass(slots=True)
class _Cover:
    """The duties that were on the street at a local day, for linking incidents."""

    by_area: dict[tuple[str, date], list[_Planned]] = field(default_factory=dict)
    patrols: dict[date, list[_Planned]] = field(default_factory=dict)


_EARLY = (time(6), time(14), "Frühdienst")
_LATE = (time(14), time(22), "Spätdienst")
_NIGHT = (time(22), time(6), "Nachtdienst")


def _duties_for(day: date) -> list[_Duty]:
    """The demo unit's standing duty plan for one day, scarcest first (bike, night …)."""
    weekday = day.weekday()
    duties: list[_Duty] = []
    if weekday in (1, 3, 5):
        area = KLOSTERINSEL if day.toordinal() % 2 else STADTPARK
        duties.append(_Duty(ShiftKind.BIKE_PATROL, area, time(11), time(19), None, 2))
    if weekday in (4, 5):
        duties.append(_Duty(ShiftKind.PATROL, BAHNHOF, *_NIGHT, 2))
    joint = weekday in (3, 4, 5)
    duties.append(
        _Duty(
            ShiftKind.JOINT_PATROL_POLICE if joint else ShiftKind.PATROL,
            BAHNHOF,
            *_LATE,
            2,
            "Gemeinsame Streife mit der Landespolizei (PI Mitte), Treffpunkt Bahnhofsvorplatz."
            if joint
            else "",
        )
    )
    duties.append(_Duty(ShiftKind.PATROL, BAHNHOF, *_EARLY, 2))
    if weekday < 5:
        duties.append(
            _Duty(ShiftKind.CONTACT_POINT, INNENSTADT, time(10), time(18), "Ansprechstelle", 2)
        )
    if weekday < 6:
        duties.append(_Duty(ShiftKind.PATROL, INNENSTADT, *_LATE, 2))
    if weekday < 5:
        duties.append(_Duty(ShiftKind.INVESTIGATION, None, time(8), time(16, 30), "Tagdienst", 0))
        duties.append(
            _Duty(ShiftKind.OFFICE, None, time(7, 30), time(16), None, 1, "Innendienst, Verwaltung")
        )
    return duties


def _pick(cum: Sequence[float], rng: random.Random) -> int:
    """Index drawn from cumulative weights (faster than rng.choices for one draw)."""
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


# ---------------------------------------------------------------- the service


class DemoService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def populate(
        self,
        *,
        incidents: int = 300,
        seed: int = 1,
        today: date | None = None,
        progress: Progress | None = None,
    ) -> DemoSummary:
        """Fill an initialised, still empty database with demo data, in one transaction.

        ``today`` fixes the day the roster is centred on; with it "now" is 12:00 that day in
        Berlin, so the content does not depend on the clock. ``progress(done, total)`` counts
        incidents and is called once per chunk.
        """
        if incidents < 0:
            raise UserError("Die Anzahl der Vorkommnisse darf nicht negativ sein.")
        if today is None:
            now = utcnow()
            today = now.astimezone(BERLIN).date()
        else:
            now = local_to_utc(today, time(12))
        with self._context.db.write(self._context.actor) as session:
            station = repo.get_station(session)
            if station is None:
                raise UserError(
                    "Die Datenbank ist noch nicht eingerichtet. Bitte zuerst die Grundeinrichtung "
                    "ausführen."
                )
            if bulk.count_rows(session, "officer"):
                raise UserError(
                    "Die Datenbank enthält bereits Dienstkräfte. Demodaten werden nur in eine "
                    "neue, leere Datenbank geladen, damit sie sich nicht mit echten Daten "
                    "vermischen."
                )
            with bulk.BulkInserter(session, station_id=station.id, actor=ACTOR) as writer:
                builder = _DemoBuilder(random.Random(seed), today, now, writer, progress)
                builder.load_masterdata(
                    repo.list_areas(session),
                    repo.list_catalog(session),
                    repo.list_templates(session),
                )
                summary = builder.run(incidents)
            audit.append(
                session,
                actor=self._context.actor,
                action="demo",
                table_name="station",
                row_id=station.id,
                after={"seed": seed, "today": today.isoformat(), **asdict(summary)},
                reason=f"Demodaten geladen (Seed {seed}, {incidents} Vorkommnisse).",
            )
        return summary


class _DemoBuilder:
    """Generates and writes the demo rows; one instance per populate() call."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        now: datetime,
        writer: bulk.BulkInserter,
        progress: Progress | None,
    ) -> None:
        self.rng = rng
        self.today = today
        self.now = now
        self.writer = writer
        self.progress = progress
        self.ids = bulk.id_stream()
        self.areas: dict[str, dm.Area] = {}
        self.catalog: dict[tuple[CatalogKind, str], str] = {}
        self.templates: dict[str, str] = {}
        self.staff: list[_Staff] = []
        self.shifts: list[_Planned] = []
        self.areas_added = 0
        self.catalog_added = 0

    # ------------------------------------------------------------ master data

    def load_masterdata(
        self,
        areas: list[dm.Area],
        catalog: list[dm.CatalogEntry],
        templates: list[dm.ShiftTemplate],
    ) -> None:
        self.areas = {area.name: area for area in areas}
        self.catalog = {(entry.kind, entry.name): entry.id for entry in catalog}
        self.templates = {template.name: template.id for template in templates}

    def run(self, incidents: int) -> DemoSummary:
        self._ensure_areas()
        self._ensure_catalog()
        self._write_officers()
        absences = self._write_absences()
        weeks = self._write_roster_weeks()
        self._plan_roster()
        assignments = self._write_roster()
        bikes, checkouts, services = self._write_bikes()
        counts, links = self._write_incidents(incidents)
        cases = self._write_cases(links)
        return DemoSummary(
            officers=len(self.staff),
            areas=self.areas_added,
            catalog_entries=self.catalog_added,
            bikes=bikes,
            roster_weeks=weeks,
            shifts=len(self.shifts),
            assignments=assignments,
            absences=absences,
            bike_checkouts=checkouts,
            bike_services=services,
            incidents=incidents,
            incident_officers=counts["officers"],
            incident_measures=counts["measures"],
            incident_notes=counts["notes"],
            incident_persons=counts["persons"],
            cases=cases,
        )

    def _ensure_areas(self) -> None:
        """Reuse areas of the same name (the defaults); add the demo's fear spaces."""
        existing = {name.casefold(): area for name, area in self.areas.items()}
        rows: list[dict[str, Any]] = []
        for draft in (*DEFAULT_AREAS, *_EXTRA_AREAS):
            found = existing.get(draft.name.casefold())
            if found is not None:
                self.areas[draft.name] = found
                continue
            area_id = next(self.ids)
            rows.append(
                {
                    "id": area_id,
                    "name": draft.name,
                    "description": draft.description,
                    "is_fear_space": draft.is_fear_space,
                    "priority": draft.priority,
                    "video_periods": [p.to_json() for p in draft.video_periods],
                    "footage_retention_hours": draft.footage_retention_hours,
                    "active": True,
                }
            )
            self.areas[draft.name] = dm.Area(
                area_id,
                draft.name,
                draft.description,
                draft.is_fear_space,
                draft.priority,
                draft.video_periods,
                draft.footage_retention_hours,
                True,
                1,
            )
        self.areas_added = self.writer.insert("area", rows)

    def _ensure_catalog(self) -> None:
        """Every category, measure and department the texts name must exist; add missing ones."""
        wanted: list[tuple[CatalogKind, str]] = [
            (CatalogKind.INCIDENT_CATEGORY, name) for name in _SITUATIONS
        ]
        for situations in _SITUATIONS.values():
            for _text, reactions in situations:
                for _sentence, measures, _outcome in reactions:
                    wanted.extend((CatalogKind.MEASURE, name) for name in measures)
        wanted.extend((CatalogKind.DEPARTMENT, case[0]) for case in _CASES)
        rows: list[dict[str, Any]] = []
        for kind, name in dict.fromkeys(wanted):
            if (kind, name) in self.catalog:
                continue
            entry_id = next(self.ids)
            self.catalog[(kind, name)] = entry_id
            rows.append(
                {
                    "id": entry_id,
                    "kind": kind.value,
                    "name": name,
                    "description": "",
                    "sort_order": 1000 + len(rows),
                    "active": True,
                }
            )
        self.catalog_added = self.writer.insert("catalog_entry", rows)

    def _write_officers(self) -> None:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        for unit, prefix, base, staff in (
            (Unit.KOD, "K", 1000, _KOD_STAFF),
            (Unit.INVESTIGATION, "E", 2000, _ED_STAFF),
        ):
            numbers = sorted(rng.sample(range(base + 1, base + 100), len(staff)))
            for number, (last, first, role, hours, qualifications) in zip(
                numbers, staff, strict=True
            ):
                officer = _Staff(
                    id=next(self.ids),
                    service_number=f"{prefix}-{number}",
                    unit=unit,
                    role=role,
                    bike_trained=Qualification.BIKE.value in qualifications,
                    weekly_target=max(2, round(hours / 8)),
                )
                self.staff.append(officer)
                rows.append(
                    {
                        "id": officer.id,
                        "service_number": officer.service_number,
                        "last_name": last,
                        "first_name": first,
                        "unit": unit.value,
                        "role": role.value,
                        "qualifications": list(qualifications),
                        "weekly_hours": hours,
                        "active": True,
                        "password_hash": None,
                        "failed_logins": 0,
                        "locked_until": None,
                    }
                )
        self.writer.insert("officer", rows)

    # ------------------------------------------------------------ roster

    @property
    def first_monday(self) -> date:
        monday = self.today - timedelta(days=self.today.weekday())
        return monday - timedelta(weeks=ROSTER_WEEKS_BEFORE)

    @property
    def roster_days(self) -> int:
        return 7 * (ROSTER_WEEKS_BEFORE + ROSTER_WEEKS_AFTER)

    def patrol_pool(self) -> list[_Staff]:
        return [s for s in self.staff if s.unit is Unit.KOD and s.role is not Role.ADMIN]

    def _write_absences(self) -> int:
        """A few absences at fixed places of the window, so the roster has to plan around them."""
        rng = self.rng
        monday = self.first_monday + timedelta(weeks=ROSTER_WEEKS_BEFORE)
        kod = [s for s in self.patrol_pool() if s.role is Role.OFFICER]
        investigators = [s for s in self.staff if s.unit is Unit.INVESTIGATION]
        chosen_kod = rng.sample(kod, 5)
        chosen_ed = rng.sample(investigators[1:], 2)
        plan: list[tuple[_Staff, AbsenceKind, date, date, str]] = [
            (chosen_kod[0], AbsenceKind.VACATION, monday - timedelta(26), monday - timedelta(17),
             "Erholungsurlaub"),
            (chosen_kod[1], AbsenceKind.SICK, monday - timedelta(9), monday - timedelta(7), ""),
            (chosen_kod[2], AbsenceKind.SICK, self.today - timedelta(1), self.today + timedelta(2),
             ""),
            (chosen_kod[3], AbsenceKind.VACATION, monday + timedelta(9), monday + timedelta(18),
             "Erholungsurlaub"),
            (chosen_kod[4], AbsenceKind.TRAINING, monday + timedelta(15), monday + timedelta(16),
             "Fortbildung Deeskalation und Eigensicherung"),
            (chosen_ed[0], AbsenceKind.VACATION, monday - timedelta(12), monday - timedelta(5),
             "Erholungsurlaub"),
            (chosen_ed[1], AbsenceKind.TRAINING, monday - timedelta(20), monday - timedelta(19),
             "Fortbildung Verwaltungsvollstreckung"),
        ]  # fmt: skip
        rows: list[dict[str, Any]] = []
        for officer, kind, starts, ends, note in plan:
            day = starts
            while day <= ends:
                officer.absent.add(day)
                day += timedelta(days=1)
            rows.append(
                {
                    "officer_id": officer.id,
                    "kind": kind.value,
                    "starts_on": starts,
                    "ends_on": ends,
                    "note": note,
                }
            )
        return self.writer.insert("absence", rows)

    def _write_roster_weeks(self) -> int:
        """Past weeks, this week and next week are published; later weeks are still drafts."""
        this_monday = self.first_monday + timedelta(weeks=ROSTER_WEEKS_BEFORE)
        rows: list[dict[str, Any]] = []
        for week in range(ROSTER_WEEKS_BEFORE + ROSTER_WEEKS_AFTER):
            start = self.first_monday + timedelta(weeks=week)
            published = start <= this_monday + timedelta(weeks=1)
            at = local_to_utc(start - timedelta(days=10), time(14)) if published else None
            rows.append(
                {
                    "week_start": start,
                    "published_at": at,
                    "published_by": ACTOR if published else None,
                    "publish_reason": None,
                }
            )
        return self.writer.insert("roster_week", rows)

    def _plan_roster(self) -> None:
        """Greedy crew planning: one duty a day, 11 h rest, weekly targets, no absences."""
        pool = self.patrol_pool()
        investigators = [s for s in self.staff if s.unit is Unit.INVESTIGATION]
        office = [s for s in self.staff if s.role is Role.ADMIN]
        for index in range(self.roster_days):
            day = self.first_monday + timedelta(days=index)
            for duty in _duties_for(day):
                starts_at, ends_at = duty_bounds(day, duty.start, duty.end)
                if duty.kind is ShiftKind.INVESTIGATION:
                    candidates = investigators
                elif duty.kind is ShiftKind.OFFICE:
                    candidates = office
                else:
                    candidates = pool
                crew = self._choose_crew(duty, index, day, starts_at, candidates)
                needed = 2 if duty.kind.is_patrol or duty.kind is ShiftKind.CONTACT_POINT else 1
                if len(crew) < needed:
                    continue  # an unstaffable duty is left out rather than planned short
                for officer in crew:
                    officer.last_end = ends_at + OVERTIME
                    officer.days.add(index)
                    week = index // 7
                    officer.per_week[week] = officer.per_week.get(week, 0) + 1
                crew_ids = [officer.id for officer in self._lead_first(crew)]
                self.shifts.append(
                    _Planned(next(self.ids), day, duty, starts_at, ends_at, crew_ids)
                )

    def _choose_crew(
        self, duty: _Duty, index: int, day: date, starts_at: datetime, candidates: list[_Staff]
    ) -> list[_Staff]:
        week = index // 7
        bike = duty.kind is ShiftKind.BIKE_PATROL
        night = duty.end <= duty.start
        # Draw tie-breakers for everyone up front so the random stream does not depend on
        # who happens to be free.
        ties = [self.rng.random() for _ in candidates]
        for slack in (0, 1):
            free: list[tuple[float, int, float, _Staff]] = []
            for tie, officer in zip(ties, candidates, strict=True):
                if not self._can_work(officer, index, day, starts_at, night, bike):
                    continue
                done = officer.per_week.get(week, 0)
                if done >= officer.weekly_target + slack:
                    continue
                free.append(
                    (done / officer.weekly_target, self._streak(officer, index), tie, officer)
                )
            free.sort(key=lambda item: item[:3])
            size = duty.crew_size or len(free)
            if len(free) >= max(1, size):
                return [item[3] for item in free[:size]]
        return []

    def _can_work(
        self, officer: _Staff, index: int, day: date, starts_at: datetime, night: bool, bike: bool
    ) -> bool:
        if index in officer.days or day in officer.absent:
            return False
        if night and day + timedelta(days=1) in officer.absent:
            return False
        if bike and not officer.bike_trained:
            return False
        if officer.last_end is not None and starts_at - officer.last_end < MIN_REST:
            return False
        return self._streak(officer, index) < MAX_STREAK

    @staticmethod
    def _streak(officer: _Staff, index: int) -> int:
        streak = 0
        while index - streak - 1 in officer.days:
            streak += 1
        return streak

    @staticmethod
    def _lead_first(crew: list[_Staff]) -> list[_Staff]:
        """A supervisor leads when one is on the crew, else the first planned officer."""
        leads = [s for s in crew if s.role is Role.SUPERVISOR]
        return leads[:1] + [s for s in crew if s not in leads[:1]]

    def _write_roster(self) -> int:
        rng = self.rng
        shift_rows: list[dict[str, Any]] = []
        assignment_rows: list[dict[str, Any]] = []
        for shift in self.shifts:
            duty = shift.duty
            shift_rows.append(
                {
                    "id": shift.id,
                    "duty_date": shift.day,
                    "starts_at": shift.starts_at,
                    "ends_at": shift.ends_at,
                    "kind": shift.kind.value,
                    "area_id": self.areas[shift.area].id if shift.area else None,
                    "template_id": self.templates.get(duty.template or ""),
                    "break_minutes": 30,
                    "min_staff": 2 if duty.crew_size >= 2 else 1,
                    "note": duty.note,
                    "changed_after_publish": False,
                }
            )
            lead_flag = shift.kind.is_patrol
            for position, officer_id in enumerate(shift.crew):
                actual_start, actual_end, actual_break = self._actual_times(shift, rng)
                assignment_rows.append(
                    {
                        "shift_id": shift.id,
                        "officer_id": officer_id,
                        "is_lead": lead_flag and position == 0,
                        "actual_start": actual_start,
                        "actual_end": actual_end,
                        "actual_break_minutes": actual_break,
                    }
                )
        self.writer.insert("shift", shift_rows)
        return self.writer.insert("assignment", assignment_rows)

    def _actual_times(
        self, shift: _Planned, rng: random.Random
    ) -> tuple[datetime | None, datetime | None, int | None]:
        """Past duties carry actual times (some with 15 min more); a running one only a start."""
        roll = rng.random()
        if shift.starts_at > self.now:
            return None, None, None
        start = shift.starts_at
        if shift.ends_at > self.now:
            return start, None, None
        end = shift.ends_at
        if roll < 0.2:
            end += OVERTIME
        elif roll < 0.25:
            start += OVERTIME  # late start after a handover at the station
        return start, end, 30

    # ------------------------------------------------------------ bikes

    def _write_bikes(self) -> tuple[int, int, int]:
        rng = self.rng
        bike_ids = {number: next(self.ids) for number, *_rest in _BIKES}
        odometer = {number: rng.randrange(900, 4800) for number, *_rest in _BIKES}
        used = dict.fromkeys(bike_ids, 0)
        defect_day = self.today - timedelta(days=5)
        horizon = self.today + timedelta(days=7)
        checkouts: list[dict[str, Any]] = []
        last_defect_candidate: dict[str, Any] | None = None
        for shift in self.shifts:
            if shift.kind is not ShiftKind.BIKE_PATROL or shift.day > horizon:
                continue
            usable = [
                (number, pedelec)
                for number, _model, pedelec, _range in _BIKES
                if number != _DEFECT_BIKE or shift.day <= defect_day
            ]
            ranked = sorted(usable, key=lambda b: (used[b[0]] + (0 if b[1] else 3), rng.random()))
            for officer_id, (number, pedelec) in zip(shift.crew, ranked, strict=False):
                used[number] += 1
                row = self._checkout_row(shift, officer_id, number, pedelec, odometer, rng)
                row["bike_id"] = bike_ids[number]
                checkouts.append(row)
                if number == _DEFECT_BIKE and row["status"] == CheckoutStatus.RETURNED.value:
                    last_defect_candidate = row
        services = self._service_rows(bike_ids, odometer, checkouts, last_defect_candidate)
        bike_rows = self._bike_rows(bike_ids, odometer, services, rng)
        bikes = self.writer.insert("bike", bike_rows)
        written = self.writer.insert("bike_checkout", checkouts)
        return bikes, written, self.writer.insert("bike_service", services)

    def _checkout_row(
        self,
        shift: _Planned,
        officer_id: str,
        number: str,
        pedelec: bool,
        odometer: dict[str, int],
        rng: random.Random,
    ) -> dict[str, Any]:
        km = rng.randrange(12, 40)
        battery_out = rng.randrange(85, 101) if pedelec else None
        row: dict[str, Any] = {
            "officer_id": officer_id,
            "shift_id": shift.id,
            "status": CheckoutStatus.BOOKED.value,
            "planned_from": shift.starts_at,
            "planned_to": shift.ends_at,
            "out_at": None,
            "in_at": None,
            "km_out": None,
            "km_in": None,
            "battery_out": None,
            "battery_in": None,
            "defect": "",
        }
        if shift.starts_at > self.now:
            return row
        row.update(
            out_at=shift.starts_at + timedelta(minutes=10),
            km_out=odometer[number],
            battery_out=battery_out,
            status=CheckoutStatus.OUT.value,
        )
        if shift.ends_at > self.now:
            return row
        range_km = next(b[3] for b in _BIKES if b[0] == number) or 100
        used_pct = round(km * 100 / range_km * rng.uniform(1.0, 1.4))
        row.update(
            in_at=shift.ends_at - timedelta(minutes=5),
            km_in=odometer[number] + km,
            battery_in=max(5, battery_out - used_pct) if battery_out is not None else None,
            status=CheckoutStatus.RETURNED.value,
        )
        odometer[number] += km
        return row

    def _service_rows(
        self,
        bike_ids: dict[str, str],
        odometer: dict[str, int],
        checkouts: list[dict[str, Any]],
        defect_checkout: dict[str, Any] | None,
    ) -> list[dict[str, Any]]:
        """One open repair (the defect reported at a check-in) and one finished inspection."""
        rows: list[dict[str, Any]] = []
        inspected_on = self.today - timedelta(days=20)
        inspected_at = local_to_utc(inspected_on, time(8))
        km_at = odometer[_INSPECTED_BIKE]
        for row in checkouts:  # the odometer then: the last return before the inspection
            if row["bike_id"] == bike_ids[_INSPECTED_BIKE] and row["km_in"] is not None:
                if row["in_at"] <= inspected_at:
                    km_at = row["km_in"]
                elif km_at == odometer[_INSPECTED_BIKE]:
                    km_at = row["km_out"]
        rows.append(
            {
                "bike_id": bike_ids[_INSPECTED_BIKE],
                "kind": BikeServiceKind.INSPECTION.value,
                "reported_at": inspected_at,
                "description": "Jahresinspektion: Bremsen, Beleuchtung und Akku-Diagnose ohne "
                "Befund; Kette und Bremsbeläge vorn getauscht.",
                "workshop": _WORKSHOP,
                "cost_cents": 14_900,
                "odometer_km": km_at,
                "done_on": inspected_on,
                "checkout_id": None,
            }
        )
        defect = "Hinterradbremse ohne ausreichende Wirkung, Bremsbelag hinten verschlissen."
        reported = local_to_utc(self.today - timedelta(days=5), time(19))
        checkout_id = None
        if defect_checkout is not None:
            defect_checkout["defect"] = defect
            defect_checkout["id"] = checkout_id = next(self.ids)
            reported = defect_checkout["in_at"]
        rows.append(
            {
                "bike_id": bike_ids[_DEFECT_BIKE],
                "kind": BikeServiceKind.REPAIR.value,
                "reported_at": reported,
                "description": defect + " Rad bis zur Reparatur gesperrt.",
                "workshop": _WORKSHOP,
                "cost_cents": None,
                "odometer_km": odometer[_DEFECT_BIKE],
                "done_on": None,
                "checkout_id": checkout_id,
            }
        )
        # Checkouts must share one key set for executemany: give every row an id.
        for row in checkouts:
            row.setdefault("id", next(self.ids))
        return rows

    def _bike_rows(
        self,
        bike_ids: dict[str, str],
        odometer: dict[str, int],
        services: list[dict[str, Any]],
        rng: random.Random,
    ) -> list[dict[str, Any]]:
        inspection = services[0]
        rows: list[dict[str, Any]] = []
        for number, model, pedelec, range_km in _BIKES:
            interval = 2000 if pedelec else 3000
            if number == _INSPECTED_BIKE:
                next_on = inspection["done_on"] + timedelta(days=365)
                next_km = inspection["odometer_km"] + interval
            else:
                next_on = self.today + timedelta(days=rng.randrange(10, 160))
                next_km = odometer[number] + rng.randrange(200, interval)
            defect = number == _DEFECT_BIKE
            rows.append(
                {
                    "id": bike_ids[number],
                    "inventory_no": number,
                    "frame_no": f"WBK{rng.randrange(10**6, 10**7)}",
                    "model": model,
                    "is_pedelec": pedelec,
                    "range_km": range_km,
                    "odometer_km": odometer[number],
                    "condition": (BikeCondition.DEFECT if defect else BikeCondition.USABLE).value,
                    "next_inspection_on": next_on,
                    "next_inspection_km": next_km,
                    "inspection_interval_km": interval,
                    "season_start": None,
                    "season_end": None,
                    "note": "Gesperrt bis zur Reparatur der Hinterradbremse." if defect else "",
                }
            )
        return rows

    # ------------------------------------------------------------ incidents

    def _write_incidents(
        self, total: int
    ) -> tuple[dict[str, int], dict[str, tuple[str, str, date]]]:
        """Incidents and their children chunk by chunk, parents first (foreign keys)."""
        generator = _IncidentGenerator(self, total)
        counts = {"officers": 0, "measures": 0, "notes": 0, "persons": 0}
        if self.progress is not None:
            self.progress(0, total)
        done = 0
        for chunk in generator.chunks():
            self.writer.insert("incident", chunk.incidents)
            counts["officers"] += self.writer.insert("incident_officer", chunk.officers)
            counts["measures"] += self.writer.insert("incident_measure", chunk.measures)
            counts["notes"] += self.writer.insert("incident_note", chunk.notes)
            counts["persons"] += self.writer.insert("incident_person", chunk.persons)
            done += len(chunk.incidents)
            if self.progress is not None:
                self.progress(done, total)
        return counts, generator.links

    # ------------------------------------------------------------ cases

    def _write_cases(self, links: dict[str, tuple[str, str, date]]) -> int:
        rng = self.rng
        investigators = [s for s in self.staff if s.unit is Unit.INVESTIGATION]
        rows: list[dict[str, Any]] = []
        for department, subject, address, result, plan in _CASES:
            link = links.get(plan.removeprefix("link:")) or links.get("")
            if plan.startswith("link:") and link is not None:
                source_id, reference, day = link
                text = f"{subject} Übernahme aus Vorkommnis {reference}."
                received = min(self.today, day + timedelta(days=rng.randrange(1, 3)))
            else:
                source_id, text = None, subject
                received = self.today - timedelta(days=rng.randrange(12, 50))
            due, status, closed_at = self._case_dates(plan, received, rng)
            rows.append(
                {
                    "reference": "",
                    "department_id": self.catalog.get((CatalogKind.DEPARTMENT, department)),
                    "subject": text,
                    "address": address,
                    "received_on": received,
                    "due_on": due,
                    "assigned_officer_id": rng.choice(investigators).id,
                    "status": status.value,
                    "result": result if status is CaseStatus.DONE else "",
                    "closed_at": closed_at,
                    "source_incident_id": source_id,
                }
            )
        rows.sort(key=lambda row: row["received_on"])
        first = rng.randrange(40, 60)
        for number, row in enumerate(rows, start=first):
            row["reference"] = f"EA-{row['received_on'].year}-{number:03d}"
        return self.writer.insert("investigation_case", rows)

    def _case_dates(
        self, plan: str, received: date, rng: random.Random
    ) -> tuple[date, CaseStatus, datetime | None]:
        if plan == "done":
            due = received + timedelta(days=rng.randrange(14, 22))
            closed_on = min(self.today - timedelta(days=1), due - timedelta(days=rng.randrange(5)))
            closed_on = max(closed_on, received)
            return due, CaseStatus.DONE, local_to_utc(closed_on, time(15, 30))
        if plan == "overdue":
            due = max(
                received + timedelta(days=7), self.today - timedelta(days=rng.randrange(1, 10))
            )
            if due >= self.today:
                due = self.today - timedelta(days=1)
            status = CaseStatus.IN_PROGRESS if rng.random() < 0.5 else CaseStatus.OPEN
            return due, status, None
        due = self.today + timedelta(days=rng.randrange(5, 25))
        status = CaseStatus.IN_PROGRESS if rng.random() < 0.4 else CaseStatus.OPEN
        return due, status, None


# ---------------------------------------------------------------- incident generator


@dataclass(slots=True)
class _Chunk:
    incidents: list[dict[str, Any]] = field(default_factory=list)
    officers: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)


class _IncidentGenerator:
    """Incidents in time order with their officers, measures, notes and persons, in chunks.

    The hot loop draws from precomputed cumulative weights and pre-built description variants;
    only a few random numbers and one dict per row are made per incident.
    """

    def __init__(self, builder: _DemoBuilder, total: int) -> None:
        self.builder = builder
        self.rng = builder.rng
        self.ids = builder.ids
        self.total = total
        span = min(MAX_SPAN_DAYS, max(MIN_SPAN_DAYS, -(-total // INCIDENTS_PER_DAY)))
        self.first_day = builder.today - timedelta(days=span - 1)
        self.days = [self.first_day + timedelta(days=i) for i in range(span)]
        self.area_names = [name for name in _AREA_WEIGHTS if name in builder.areas]
        self.area_ids = [builder.areas[name].id for name in self.area_names]
        self.area_cum = (
            _cumulative([_AREA_WEIGHTS[name][0] for name in self.area_names]),
            _cumulative([_AREA_WEIGHTS[name][1] for name in self.area_names]),
        )
        self.variants = self._build_variants()
        self.category_names = [list(_CATEGORY_WEIGHTS[name]) for name in self.area_names]
        self.source_cum = {
            name: _cumulative(_SOURCE_WEIGHTS.get(name, _DEFAULT_SOURCE_WEIGHTS))
            for name in self.area_names
        }
        self.video_days = self._video_days()
        self.pool = [s.id for s in builder.patrol_pool()]
        self.authors = [s.id for s in builder.staff if s.role is not Role.ADMIN]
        self.cover = self._build_cover()
        self.links: dict[str, tuple[str, str, date]] = {}

    # ------------------------------------------------------------ preparation

    def _build_variants(self) -> list[tuple[list[float], list[str | None], list[list[_Variant]]]]:
        """Per area: category weights, category ids, and description variants per category."""
        rng = self.rng
        catalog = self.builder.catalog
        result: list[tuple[list[float], list[str | None], list[list[_Variant]]]] = []
        for name in self.area_names:
            weights = _CATEGORY_WEIGHTS[name]
            category_ids: list[str | None] = []
            variant_lists: list[list[_Variant]] = []
            for category in weights:
                category_ids.append(catalog.get((CatalogKind.INCIDENT_CATEGORY, category)))
                variants: list[_Variant] = []
                for _ in range(VARIANTS_PER_PAIR):
                    text, reactions = rng.choice(_SITUATIONS[category])
                    sentence, measures, outcome = rng.choice(reactions)
                    number = rng.choice(_NUMBERS)
                    situation = text.format(
                        ort=rng.choice(_AREA_PHRASES[name]), n=number, N=number.capitalize()
                    )
                    body = f"{situation[0].upper()}{situation[1:]} {sentence}"
                    closing = rng.choice(_CLOSINGS) or (_CLOSINGS[-1] if len(body) < 200 else "")
                    if len(body) + len(closing) <= MAX_BODY_CHARS:
                        body += closing
                    measure_ids = tuple(
                        catalog[(CatalogKind.MEASURE, measure)] for measure in measures
                    )
                    variants.append(_Variant(body, measure_ids, outcome))
                variant_lists.append(variants)
            result.append((_cumulative(list(weights.values())), category_ids, variant_lists))
        return result

    def _build_cover(self) -> _Cover:
        cover = _Cover()
        for shift in self.builder.shifts:
            if shift.area is None:
                continue
            days = [shift.day]
            if shift.ends_at.astimezone(BERLIN).date() != shift.day:
                days.append(shift.day + timedelta(days=1))
            for day in days:
                cover.by_area.setdefault((shift.area, day), []).append(shift)
                if shift.kind.is_patrol:
                    cover.patrols.setdefault(day, []).append(shift)
        return cover

    def _times(self) -> list[int]:
        """Sorted minute keys (day index * 1440 + minute of day), none after now."""
        rng = self.rng
        day_weights = []
        for day in self.days:
            weight = _WEEKDAY_WEIGHTS[day.weekday()]
            if 5 <= day.month <= 9:
                weight *= 1.2
            day_weights.append(weight)
        day_picks = rng.choices(
            range(len(self.days)), cum_weights=_cumulative(day_weights), k=self.total
        )
        hour_picks = rng.choices(range(24), cum_weights=_cumulative(_HOUR_WEIGHTS), k=self.total)
        random_ = rng.random
        now_local = self.builder.now.astimezone(BERLIN)
        now_key = (len(self.days) - 1) * 1440 + now_local.hour * 60 + now_local.minute
        keys = []
        for day_index, hour in zip(day_picks, hour_picks, strict=True):
            key = day_index * 1440 + hour * 60 + int(random_() * 60)
            if key >= now_key:
                key -= 1440  # later today has not happened yet: same time yesterday
            keys.append(key)
        keys.sort()
        return keys

    # ------------------------------------------------------------ generation

    def chunks(self) -> Iterator[_Chunk]:
        if self.total == 0 or not self.area_names:
            return
        keys = self._times()
        hour_utc: dict[int, datetime] = {}
        year_counts: dict[int, int] = {}
        window_start = self.builder.first_monday
        now = self.builder.now
        rich_from = self.total - RICH_WINDOW
        correction_done = False
        chunk = _Chunk()
        for index, key in enumerate(keys):
            day_index, minute = divmod(key, 1440)
            day = self.days[day_index]
            slot = day_index * 24 + minute // 60
            base = hour_utc.get(slot)
            if base is None:
                base = hour_utc[slot] = local_to_utc(day, time(minute // 60))
            occurred = min(base + timedelta(minutes=minute % 60), now - timedelta(minutes=1))
            year_counts[day.year] = number = year_counts.get(day.year, 0) + 1
            incident_id = next(self.ids)
            rich = index >= rich_from
            reference = f"VK-{day.year}-{number:06d}"
            self._incident(chunk, incident_id, reference, day, occurred, day >= window_start)
            if rich or self.rng.random() < NOTE_SHARE_OLD:
                correction_done = self._notes(chunk, incident_id, occurred, rich, correction_done)
            if rich and self.rng.random() < PERSON_SHARE_RECENT:
                self._persons(chunk, incident_id, occurred)
            if len(chunk.incidents) >= CHUNK:
                yield chunk
                chunk = _Chunk()
        if chunk.incidents:
            yield chunk

    def _video_days(self) -> dict[str, list[bool]]:
        result: dict[str, list[bool]] = {}
        for name in self.area_names:
            area = self.builder.areas[name]
            if area.video_periods:
                result[name] = [area.video_active_on(day) for day in self.days]
        return result

    def _incident(
        self,
        chunk: _Chunk,
        incident_id: str,
        reference: str,
        day: date,
        occurred: datetime,
        in_window: bool,
    ) -> None:
        rng = self.rng
        summer = 4 <= day.month <= 9
        area_index = _pick(self.area_cum[summer], rng)
        name = self.area_names[area_index]
        category_cum, category_ids, variant_lists = self.variants[area_index]
        category_index = _pick(category_cum, rng)
        variant = rng.choice(variant_lists[category_index])
        video = name in self.video_days and self.video_days[name][(day - self.first_day).days]
        source, crew, shift_id, prefix = self._source_and_crew(
            name, day, occurred, in_window, video
        )
        age = self.builder.now - occurred
        status = self._status(age, rng)
        created = occurred + timedelta(minutes=5 + int(rng.random() * 55))
        created = min(created, self.builder.now)
        changed: datetime | None = None
        if status is not IncidentStatus.OPEN:
            delay = timedelta(
                hours=1 + rng.random() * (72 if status is IncidentStatus.CLOSED else 20)
            )
            changed = min(created + delay, self.builder.now)
        chunk.incidents.append(
            {
                "id": incident_id,
                "created_at": created,
                "updated_at": changed or created,
                "reference": reference,
                "occurred_at": occurred,
                "area_id": self.area_ids[area_index],
                "category_id": category_ids[category_index],
                "shift_id": shift_id,
                "source": source.value,
                "place": rng.choice(_PLACES[name]),
                "latitude": None,
                "longitude": None,
                "description": prefix + variant.body,
                "status": status.value,
                "status_changed_at": changed,
                "status_changed_by": ACTOR if changed else None,
                "outcome": variant.outcome if status is IncidentStatus.CLOSED else "",
                "footage_reminder": video,
                "personal_data_purged_at": None,
            }
        )
        for officer_id in crew:
            chunk.officers.append(
                {"incident_id": incident_id, "officer_id": officer_id, "created_at": created}
            )
        for measure_id in variant.measure_ids:
            chunk.measures.append(
                {
                    "incident_id": incident_id,
                    "measure_id": measure_id,
                    "note": "",
                    "created_at": created,
                }
            )
        if in_window:
            # The newest incidents of these categories become investigation orders later.
            category = self.category_names[area_index][category_index]
            if category in (JUGEND, MUELL):
                self.links[category] = (incident_id, reference, day)
            self.links[""] = (incident_id, reference, day)

    def _source_and_crew(
        self, area: str, day: date, occurred: datetime, in_window: bool, video: bool
    ) -> tuple[IncidentSource, list[str], str | None, str]:
        """Who was there: the crew of a duty covering the time, else two officers of the pool."""
        rng = self.rng
        if in_window:
            shift = _covering(self.cover.by_area.get((area, day), []), occurred)
            if shift is not None and rng.random() < 0.85:
                crew = shift.crew[:2] if rng.random() < 0.75 else shift.crew[:1]
                if shift.kind is ShiftKind.CONTACT_POINT:
                    source = IncidentSource.CONTACT_POINT
                    return source, crew, shift.id, rng.choice(_SOURCE_PREFIXES[source])
                if shift.kind is ShiftKind.BIKE_PATROL:
                    return IncidentSource.PATROL, crew, shift.id, _BIKE_PREFIX
                source = IncidentSource.PATROL
                return source, crew, shift.id, rng.choice(_SOURCE_PREFIXES[source])
            nearby = _covering(self.cover.patrols.get(day, []), occurred)
            if nearby is not None:
                # Sent over from another area after a call: a citizen or the police reported it.
                source = IncidentSource.CITIZEN if rng.random() < 0.7 else IncidentSource.POLICE
                return source, nearby.crew[:2], nearby.id, rng.choice(_SOURCE_PREFIXES[source])
        source = _SOURCES[_pick(self.source_cum[area], rng)]
        if source is IncidentSource.VIDEO and not video:
            source = IncidentSource.PATROL
        first = rng.randrange(len(self.pool))
        crew = [self.pool[first]]
        if rng.random() < 0.7:
            second = (first + 1 + rng.randrange(len(self.pool) - 1)) % len(self.pool)
            crew.append(self.pool[second])
        return source, crew, None, rng.choice(_SOURCE_PREFIXES[source])

    @staticmethod
    def _status(age: timedelta, rng: random.Random) -> IncidentStatus:
        roll = rng.random()
        if age < timedelta(days=3):
            if roll < 0.5:
                return IncidentStatus.OPEN
            return IncidentStatus.IN_PROGRESS if roll < 0.8 else IncidentStatus.CLOSED
        if age < timedelta(days=14):
            if roll < 0.15:
                return IncidentStatus.OPEN
            return IncidentStatus.IN_PROGRESS if roll < 0.4 else IncidentStatus.CLOSED
        return IncidentStatus.IN_PROGRESS if roll < 0.03 else IncidentStatus.CLOSED

    def _notes(
        self,
        chunk: _Chunk,
        incident_id: str,
        occurred: datetime,
        rich: bool,
        correction_done: bool,
    ) -> bool:
        rng = self.rng
        if rich and rng.random() >= NOTE_SHARE_RECENT:
            return correction_done
        count = 1 if rng.random() < 0.8 else 2
        written = occurred
        first_note: dict[str, Any] | None = None
        correct = not correction_done and rich
        for _ in range(count):
            written += timedelta(hours=1 + rng.random() * 48)
            text = rng.choice(_NOTE_TEXTS)
            if correct and first_note is None:
                text = _CORRECTED_TEXT
            if written >= self.builder.now:
                break  # a follow-up that has not happened yet
            row = self._note_row(incident_id, written, text, None)
            chunk.notes.append(row)
            first_note = first_note or row
        written += timedelta(hours=2)
        if correct and first_note is not None and written < self.builder.now:
            chunk.notes.append(self._note_row(incident_id, written, _CORRECTION_TEXT, first_note))
            return True
        return correction_done

    def _note_row(
        self, incident_id: str, written: datetime, text: str, corrects: dict[str, Any] | None
    ) -> dict[str, Any]:
        day = corrects["written_at"] if corrects is not None else written
        return {
            "id": next(self.ids),
            "created_at": written,
            "incident_id": incident_id,
            "author_id": self.rng.choice(self.authors),
            "written_at": written,
            "text": text.format(tag=day.astimezone(BERLIN).strftime("%d.%m.%Y")),
            "corrects_id": corrects["id"] if corrects is not None else None,
        }

    def _persons(self, chunk: _Chunk, incident_id: str, occurred: datetime) -> None:
        rng = self.rng
        for _ in range(1 if rng.random() < 0.7 else 2):
            role = rng.choice(_PERSON_ROLES)
            homeless = rng.random() < 0.1
            chunk.persons.append(
                {
                    "created_at": occurred,
                    "incident_id": incident_id,
                    "role": role.value,
                    "last_name": rng.choice(_PERSON_LAST),
                    "first_name": rng.choice(_PERSON_FIRST),
                    "birth_date": date(
                        rng.randrange(1950, 2007), rng.randrange(1, 13), rng.randrange(1, 29)
                    ),
                    "address": "ohne festen Wohnsitz"
                    if homeless
                    else f"{rng.choice(_STREETS)} {rng.randrange(1, 80)}",
                    "note": rng.choice(_PERSON_NOTES),
                }
            )


def _covering(shifts: list[_Planned], moment: datetime) -> _Planned | None:
    for shift in shifts:
        if shift.starts_at <= moment < shift.ends_at:
            return shift
    return None
