"""The constant German texts of the demo data.

Descriptions of incidents are put together from a situation per category (with the area's
phrase for ``{ort}``), a reaction of the patrol with its measures and outcome, and a closing;
a source prefix says who reported it. Also the follow-up notes (one correction pair), the
names, streets and notes of involved persons, and the investigation orders. The names of areas
and categories they refer to are in demo/unit.py.
"""

from __future__ import annotations

from kod_desk.domain.enums import IncidentSource, PersonRole
from kod_desk.services.demo.unit import (
    ALKOHOL,
    BAHNHOF,
    BETTELN,
    FAHRRAD,
    GRAFFITI,
    HILFE,
    HUNDE,
    INNENSTADT,
    JUGEND,
    KLOSTERINSEL,
    LAGERN,
    MUELL,
    PARKHAUS,
    RUHE,
    SONSTIGES,
    STADTPARK,
    STREIT,
    UNTERFUEHRUNG,
    URIN,
    VERKEHR,
    ZOB,
)

AREA_PHRASES: dict[str, tuple[str, ...]] = {
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
SITUATIONS: dict[str, tuple[tuple[str, tuple[_Reaction, ...]], ...]] = {
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

CLOSINGS = (
    "",
    "",
    " Nachkontrolle im Rahmen der weiteren Streife ohne Befund.",
    " Der Bereich wird in den kommenden Tagen verstärkt bestreift.",
    " Keine weiteren Feststellungen.",
    " Lage im Anschluss ruhig.",
    " Fotos wurden zur Akte genommen.",
)
NUMBERS = ("zwei", "drei", "vier", "fünf", "sechs")

SOURCE_PREFIXES: dict[IncidentSource, tuple[str, ...]] = {
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
BIKE_PREFIX = "Feststellung der Radstreife. "

NOTE_TEXTS = (
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
CORRECTED_TEXT = "Rückfrage beim Hinweisgeber am {tag}: Es waren vier Personen beteiligt."
CORRECTION_TEXT = (
    "Korrektur zum Vermerk vom {tag}: Es waren drei statt vier Personen beteiligt; die übrigen "
    "Angaben bleiben unverändert."
)

PERSON_LAST = (
    "Müller", "Krause", "Berger", "Vogel", "Frank", "Albrecht", "Jansen", "Kaiser", "Peters",
    "Möller", "Öztürk", "Nowak", "Popescu", "Haas", "Winkler", "Sommer", "Ludwig", "Engel",
)  # fmt: skip
PERSON_FIRST = (
    "Marco", "Julia", "Sandra", "Mehmet", "Olga", "Karl", "Heike", "Paul", "Lea", "Nico",
    "Ramona", "Uwe", "Tanja", "Jonas", "Sophie", "Milan",
)  # fmt: skip
STREETS = (
    "Lindenstraße", "Am Mühlbach", "Gartenweg", "Schillerstraße", "Kastanienallee",
    "Hafenstraße", "Goethestraße", "Am Klosterhof", "Birkenweg", "Rosenstraße",
)  # fmt: skip
PERSON_ROLES = (PersonRole.AFFECTED, PersonRole.AFFECTED, PersonRole.WITNESS, PersonRole.INFORMANT)
PERSON_NOTES = (
    "",
    "",
    "Personalien nach Personalausweis.",
    "Angaben nach eigenem Bekunden, kein Ausweisdokument.",
    "Telefonisch erreichbar.",
)

# (department, subject, address, result when done, plan); plan: done | overdue | open | link:<cat>
CASES: tuple[tuple[str, str, str, str, str], ...] = (
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
