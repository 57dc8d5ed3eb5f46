<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>AbsenceDialog</name>
    <message>
        <source>Abwesenheit eintragen</source>
        <translation>Record absence</translation>
    </message>
    <message>
        <source>&amp;Dienstkraft:</source>
        <translation>&amp;Officer:</translation>
    </message>
    <message>
        <source>&amp;Art:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Von:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Bis (einschließlich):</source>
        <translation>&amp;To (inclusive):</translation>
    </message>
    <message>
        <source>Be&amp;merkung:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>AccessReasonDialog</name>
    <message>
        <source>Personen anzeigen</source>
        <translation>Show persons</translation>
    </message>
    <message>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Die beteiligten Personen sind personenbezogene Daten. Der Zugriff wird mit Ihrem Namen, der Zeit und dem Grund protokolliert.</source>
        <translation>The persons involved are personal data. The access is logged with your name, the time and the reason.</translation>
    </message>
    <message>
        <source>Grund auswählen oder eingeben</source>
        <translation>Choose or enter a reason</translation>
    </message>
    <message>
        <source>&amp;Grund:</source>
        <translation>&amp;Reason:</translation>
    </message>
</context>
<context>
    <name>ActualTimesDialog</name>
    <message>
        <source>Ist-Zeiten – {name}</source>
        <translation>Actual times – {name}</translation>
    </message>
    <message>
        <source>Geplant: {start} – {end}</source>
        <translation>Planned: {start} – {end}</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Beginn:</source>
        <translation>&amp;Start:</translation>
    </message>
    <message>
        <source>&amp;Ende:</source>
        <translation>&amp;End:</translation>
    </message>
    <message>
        <source>&amp;Pause:</source>
        <translation>&amp;Break:</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Verwaltung</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Protokoll</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Datenschutz</source>
        <translation>Data protection</translation>
    </message>
    <message>
        <source>Andere Stationen</source>
        <translation>Other stations</translation>
    </message>
    <message>
        <source>letzte 24 Stunden</source>
        <translation>last 24 hours</translation>
    </message>
    <message>
        <source>letzte 7 Tage</source>
        <translation>last 7 days</translation>
    </message>
    <message>
        <source>letzte 30 Tage</source>
        <translation>last 30 days</translation>
    </message>
    <message>
        <source>gesamter Zeitraum</source>
        <translation>all time</translation>
    </message>
    <message>
        <source>neueste {n}</source>
        <translation>newest {n}</translation>
    </message>
    <message>
        <source>Protokoll prüfen</source>
        <translation>Verify log</translation>
    </message>
    <message>
        <source>Prüft die Hash-Kette aller Einträge und nennt den ersten veränderten</source>
        <translation>Checks the hash chain of all entries and names the first one that was changed</translation>
    </message>
    <message>
        <source>Benutzer</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Aktion</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Tabelle</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Zeitraum</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Anzahl</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Datensatz</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Änderung</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Personendaten (Betroffene, Zeugen, Hinweisgeber) abgeschlossener Vorkommnisse werden nach der Aufbewahrungsfrist gelöscht: Namen, Geburtsdatum, Anschrift und Bemerkung werden geleert, die Rolle bleibt. Das Vorkommnis selbst bleibt erhalten. Beschreibungen und Vermerke (Freitext) bleiben unverändert und können Namen enthalten. Die Bereinigung läuft bei jedem Start und hier auf Wunsch; vorher wird eine Sicherung angelegt, die 7 Tage erhalten bleibt. Ältere Sicherungen werden ohne die gelöschten Personen neu geschrieben.</source>
        <translation>Personal data (persons affected, witnesses, informants) of closed incidents is deleted after the retention period: names, date of birth, address and remark are cleared, the role stays. The incident itself is kept. Descriptions and notes (free text) stay unchanged and may contain names. The purge runs at every start and here on request; a backup is made first and kept for 7 days. Older backups are rewritten without the deleted persons.</translation>
    </message>
    <message>
        <source> Monate</source>
        <translation> months</translation>
    </message>
    <message>
        <source>Frist übernehmen</source>
        <translation>Apply period</translation>
    </message>
    <message>
        <source>Aufbewahrungsfrist nach Abschluss:</source>
        <translation>Retention period after closing:</translation>
    </message>
    <message>
        <source>Was jetzt gelöscht würde</source>
        <translation>What would be deleted now</translation>
    </message>
    <message>
        <source>Jetzt bereinigen …</source>
        <translation>Purge now …</translation>
    </message>
    <message>
        <source>Jedes Synchronisationspaket trägt den Stand des Protokolls seiner Station. Hier steht, ob jede Station ihr Protokoll seit ihrem ersten Paket nur fortgeschrieben hat – eine umgeschriebene Vergangenheit fällt beim nächsten Paket auf.</source>
        <translation>Every sync package carries the state of its station&apos;s audit log. This shows whether each station only extended its log since its first package – a rewritten history shows with the next package.</translation>
    </message>
    <message>
        <source>noch kein Paket mit Protokollstand</source>
        <translation>no package with an audit state yet</translation>
    </message>
    <message>
        <source>unverändert fortgeschrieben</source>
        <translation>extended, unchanged</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Pakete</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>Zuletzt</source>
        <translation>Latest</translation>
    </message>
    <message>
        <source>Eintrag {n}, {when}</source>
        <translation>Entry {n}, {when}</translation>
    </message>
    <message>
        <source>Befund</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Alle Stationen haben ihr Protokoll nur fortgeschrieben.</source>
        <translation>Every station only extended its audit log.</translation>
    </message>
    <message>
        <source>Noch kein Paket einer anderen Station.</source>
        <translation>No package from another station yet.</translation>
    </message>
    <message>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <source>die neuesten {n} Einträge</source>
        <translation>the newest {n} entries</translation>
    </message>
    <message>
        <source>{n} Einträge</source>
        <translation>{n} entries</translation>
    </message>
    <message>
        <source>Protokoll wird geprüft …</source>
        <translation>Verifying the log …</translation>
    </message>
    <message>
        <source>Protokoll unversehrt: {n} Einträge geprüft.</source>
        <translation>Log intact: {n} entries verified.</translation>
    </message>
    <message>
        <source>Protokoll verändert! Erster betroffener Eintrag: {text}</source>
        <translation>Log altered! First affected entry: {text}</translation>
    </message>
    <message>
        <source>abgeschlossen {year}: {incidents} Vorkommnisse, {persons} Personen</source>
        <translation>closed in {year}: {incidents} incidents, {persons} persons</translation>
    </message>
    <message>
        <source>ältester Abschluss: {date}</source>
        <translation>oldest closing: {date}</translation>
    </message>
    <message>
        <source>Personendaten bereinigen</source>
        <translation>Purge personal data</translation>
    </message>
    <message>
        <source>{preview} Fortfahren?</source>
        <translation>{preview} Continue?</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Datenschutz: Die Bereinigung beim Start ist fehlgeschlagen: {error}</source>
        <translation>Data protection: the purge at start failed: {error}</translation>
    </message>
    <message>
        <source>Datenschutz: {persons} Personen aus {incidents} Vorkommnissen gelöscht (Aufbewahrungsfrist abgelaufen).</source>
        <translation>Data protection: {persons} persons from {incidents} incidents deleted (retention period expired).</translation>
    </message>
</context>
<context>
    <name>AreaDialog</name>
    <message>
        <source>Neues Einsatzgebiet</source>
        <translation>New area</translation>
    </message>
    <message>
        <source>Einsatzgebiet bearbeiten – {name}</source>
        <translation>Edit area – {name}</translation>
    </message>
    <message>
        <source>Angstraum</source>
        <translation>Fear space</translation>
    </message>
    <message>
        <source>z. B. 01.04.–30.09.; 01.12.–31.12.</source>
        <translation>e.g. 01.04.–30.09.; 01.12.–31.12.</translation>
    </message>
    <message>
        <source>Jährlich wiederkehrende Zeiträume der Videoüberwachung als TT.MM.–TT.MM., mehrere durch Semikolon getrennt. Leer: keine Videoüberwachung.</source>
        <translation>Video surveillance periods that recur every year, as DD.MM.–DD.MM.; separate several with semicolons. Leave empty for no video surveillance.</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Wie lange Videoaufnahmen gespeichert werden (1 bis 744 Stunden).</source>
        <translation>How long video footage is kept (1 to 744 hours).</translation>
    </message>
    <message>
        <source>aktiv (wird bei neuen Diensten und Vorkommnissen angeboten)</source>
        <translation>active (offered for new shifts and incidents)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kürzel:</source>
        <translation>Short &amp;code:</translation>
    </message>
    <message>
        <source>&amp;Beschreibung:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>&amp;Priorität:</source>
        <translation>&amp;Priority:</translation>
    </message>
    <message>
        <source>&amp;Videozeiträume:</source>
        <translation>&amp;Video periods:</translation>
    </message>
    <message>
        <source>Speicher&amp;frist:</source>
        <translation>Retention &amp;period:</translation>
    </message>
    <message>
        <source>z. B. BHF</source>
        <translation>e.g. BHF</translation>
    </message>
    <message>
        <source>Kurzform für enge Spalten (Dienstplan): 2 bis 5 Großbuchstaben oder Ziffern, je Station eindeutig. Leer: aus dem Namen abgeleitet.</source>
        <translation>Short form for narrow columns (roster): 2 to 5 capitals or digits, unique per station. Empty: derived from the name.</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Dienst besetzen</source>
        <translation>Staff duty</translation>
    </message>
    <message>
        <source>{weekday} {date} {duty}&lt;br&gt;noch {missing} von {need} offen</source>
        <translation>{weekday} {date} {duty}&lt;br&gt;{missing} of {need} still open</translation>
    </message>
    <message>
        <source>Name tippen, ↑/↓ wählen, Eingabe teilt ein</source>
        <translation>Type a name, choose with ↑/↓, Enter assigns</translation>
    </message>
    <message>
        <source> – frei</source>
        <translation> – free</translation>
    </message>
    <message>
        <source>&amp;Einteilen</source>
        <translation>&amp;Assign</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Dienstkraft:</source>
        <translation>&amp;Officer:</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Fotos und Dokumente</source>
        <translation>Photos and documents</translation>
    </message>
    <message>
        <source>Anhang hin&amp;zufügen …</source>
        <translation>Add attach&amp;ment …</translation>
    </message>
    <message>
        <source>Fotos oder Dokumente auswählen – oder Dateien auf dieses Fenster ziehen</source>
        <translation>Choose photos or documents – or drag files onto this window</translation>
    </message>
    <message>
        <source>Ö&amp;ffnen</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Speichern &amp;unter …</source>
        <translation>Save &amp;as …</translation>
    </message>
    <message>
        <source>{name}
{size}, hinzugefügt {time} von {who}</source>
        <translation>{name}
{size}, added {time} by {who}</translation>
    </message>
    <message>
        <source>Keine Anhänge – Dateien hierher ziehen</source>
        <translation>No attachments – drag files here</translation>
    </message>
    <message>
        <source>Fotos und Dokumente ({n})</source>
        <translation>Photos and documents ({n})</translation>
    </message>
    <message>
        <source>Anhang hinzufügen</source>
        <translation>Add attachment</translation>
    </message>
    <message>
        <source>Fotos und Dokumente (*.jpg *.jpeg *.png *.webp *.heic *.heif *.pdf *.txt *.csv *.docx *.xlsx *.pptx *.odt *.ods *.odp *.doc *.xls *.ppt);;Alle Dateien (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.webp *.heic *.heif *.pdf *.txt *.csv *.docx *.xlsx *.pptx *.odt *.ods *.odp *.doc *.xls *.ppt);;All files (*)</translation>
    </message>
    <message>
        <source>Die Datei „{name}“ kann nicht gelesen werden: {reason}</source>
        <translation>The file “{name}” cannot be read: {reason}</translation>
    </message>
    <message>
        <source>Anhang öffnen</source>
        <translation>Open attachment</translation>
    </message>
    <message>
        <source>Anhang speichern unter</source>
        <translation>Save attachment as</translation>
    </message>
    <message>
        <source>Die Datei „{name}“ kann nicht gespeichert werden: {reason}</source>
        <translation>The file “{name}” cannot be saved: {reason}</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Sicherungen</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Diese Datenbank liegt auf einem PostgreSQL-Server; Sicherungen macht der Datenbankserver (pg_dump).</source>
        <translation>This database is on a PostgreSQL server; the database server makes the backups (pg_dump).</translation>
    </message>
    <message>
        <source>Automatisch beim Start, stündlich und vor Aktualisierungen, Importen und Löschungen; jede Sicherung wird nach dem Schreiben geprüft. Aufbewahrt werden die letzten 24 Stunden und 7 Tage sowie Sicherungen vor Änderungen 30 Tage.
Ordner: {folder}</source>
        <translation>Automatically on start, hourly and before upgrades, imports and purges; every backup is verified after writing. Kept: the last 24 hours and 7 days, and backups before changes for 30 days.
Folder: {folder}</translation>
    </message>
    <message>
        <source>Zeitpunkt</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Anlass</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Größe</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Geprüft</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Jetzt &amp;sichern</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <source>&amp;Wiederherstellen …</source>
        <translation>&amp;Restore …</translation>
    </message>
    <message>
        <source>Sicherung fehlgeschlagen</source>
        <translation>Backup failed</translation>
    </message>
    <message>
        <source>Sicherung wiederherstellen</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>Die Sicherung vom {time} ({reason}) ersetzt den jetzigen Stand der Datenbank. Der jetzige Stand wird vorher selbst gesichert. KOD Desk schließt dazu die Datenbank und öffnet sie danach neu.

Jetzt wiederherstellen?</source>
        <translation>The backup of {time} ({reason}) replaces the current state of the database. The current state is backed up first. KOD Desk closes the database for this and reopens it afterwards.

Restore now?</translation>
    </message>
</context>
<context>
    <name>BikeDialog</name>
    <message>
        <source>Neues Fahrrad</source>
        <translation>New bike</translation>
    </message>
    <message>
        <source>Fahrrad bearbeiten – {name}</source>
        <translation>Edit bike – {name}</translation>
    </message>
    <message>
        <source>z. B. R-07</source>
        <translation>e.g. R-07</translation>
    </message>
    <message>
        <source>Pedelec (mit Motor)</source>
        <translation>Pedelec (with motor)</translation>
    </message>
    <message>
        <source>am</source>
        <translation>on</translation>
    </message>
    <message>
        <source>ganzjährig, oder z. B. 01.04.–31.10.</source>
        <translation>all year, or e.g. 01.04.–31.10.</translation>
    </message>
    <message>
        <source>oder bei</source>
        <translation>or at</translation>
    </message>
    <message>
        <source>&amp;Inventar-Nr.:</source>
        <translation>&amp;Inventory no.:</translation>
    </message>
    <message>
        <source>&amp;Rahmen-Nr.:</source>
        <translation>&amp;Frame no.:</translation>
    </message>
    <message>
        <source>&amp;Modell:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <source>Reich&amp;weite:</source>
        <translation>&amp;Range:</translation>
    </message>
    <message>
        <source>&amp;km-Stand:</source>
        <translation>&amp;Odometer:</translation>
    </message>
    <message>
        <source>Nächste Ins&amp;pektion:</source>
        <translation>Next ins&amp;pection:</translation>
    </message>
    <message>
        <source>Inspektion &amp;alle:</source>
        <translation>Inspection &amp;every:</translation>
    </message>
    <message>
        <source>Saiso&amp;n:</source>
        <translation>Seaso&amp;n:</translation>
    </message>
    <message>
        <source>&amp;Bemerkung:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>BookingDialog</name>
    <message>
        <source>Fahrrad buchen</source>
        <translation>Book bike</translation>
    </message>
    <message>
        <source>Buchen</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Inventarnr.</source>
        <translation>Inventory no.</translation>
    </message>
    <message>
        <source>Pedelec</source>
        <translation>Pedelec</translation>
    </message>
    <message>
        <source>Reichweite</source>
        <translation>Range</translation>
    </message>
    <message>
        <source>Zustand</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Dienstkraft:</source>
        <translation>Officer:</translation>
    </message>
    <message>
        <source>Dienst:</source>
        <translation>Duty:</translation>
    </message>
    <message>
        <source>Bitte ein Fahrrad wählen.</source>
        <translation>Please choose a bike.</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>Neuer Ermittlungsauftrag</source>
        <translation>New investigation order</translation>
    </message>
    <message>
        <source>Ermittlungsauftrag {reference}</source>
        <translation>Investigation order {reference}</translation>
    </message>
    <message>
        <source>– bitte wählen –</source>
        <translation>– please choose –</translation>
    </message>
    <message>
        <source>Was ist zu ermitteln?</source>
        <translation>What is to be investigated?</translation>
    </message>
    <message>
        <source>Straße, Hausnummer</source>
        <translation>Street, house number</translation>
    </message>
    <message>
        <source>keine Frist</source>
        <translation>no due date</translation>
    </message>
    <message>
        <source>z. B. VK-2026-000123 (wenn übernommen)</source>
        <translation>e.g. VK-2026-000123 (if taken over)</translation>
    </message>
    <message>
        <source>{reference} · {status}</source>
        <translation>{reference} · {status}</translation>
    </message>
    <message>
        <source>Auftrag:</source>
        <translation>Order:</translation>
    </message>
    <message>
        <source>&amp;Anfordernde Stelle:</source>
        <translation>&amp;Requesting department:</translation>
    </message>
    <message>
        <source>&amp;Gegenstand:</source>
        <translation>&amp;Subject:</translation>
    </message>
    <message>
        <source>A&amp;nschrift:</source>
        <translation>A&amp;ddress:</translation>
    </message>
    <message>
        <source>&amp;Eingang:</source>
        <translation>&amp;Received:</translation>
    </message>
    <message>
        <source>&amp;Frist:</source>
        <translation>D&amp;ue date:</translation>
    </message>
    <message>
        <source>&amp;Zuständig:</source>
        <translation>&amp;Assigned to:</translation>
    </message>
    <message>
        <source>&amp;Vorkommnis:</source>
        <translation>&amp;Incident:</translation>
    </message>
    <message>
        <source>Ergebnis:</source>
        <translation>Result:</translation>
    </message>
    <message>
        <source>– noch niemand –</source>
        <translation>– nobody yet –</translation>
    </message>
    <message>
        <source>{name} (nicht aktiv)</source>
        <translation>{name} (inactive)</translation>
    </message>
    <message>
        <source>{name} (ohne Qualifikation Ermittlungen)</source>
        <translation>{name} (without investigation qualification)</translation>
    </message>
</context>
<context>
    <name>CaseStatusDialog</name>
    <message>
        <source>Status ändern – {reference}</source>
        <translation>Change status – {reference}</translation>
    </message>
    <message>
        <source>Bisher:</source>
        <translation>Previously:</translation>
    </message>
    <message>
        <source>&amp;Neuer Status:</source>
        <translation>&amp;New status:</translation>
    </message>
    <message>
        <source>&amp;Ergebnis:</source>
        <translation>&amp;Result:</translation>
    </message>
    <message>
        <source>Was hat die Ermittlung ergeben?</source>
        <translation>What did the investigation find?</translation>
    </message>
    <message>
        <source>&amp;Grund:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Warum wird der Auftrag wieder aufgenommen?</source>
        <translation>Why is the order being reopened?</translation>
    </message>
    <message>
        <source>erst beim Erledigen nötig</source>
        <translation>needed only when marking it done</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Ermittlungen</source>
        <translation>Investigations</translation>
    </message>
    <message>
        <source>Ermittlungsaufträge</source>
        <translation>Investigation orders</translation>
    </message>
    <message>
        <source>Eingabetaste oder Doppelklick öffnet den Auftrag</source>
        <translation>Enter or double-click opens the order</translation>
    </message>
    <message>
        <source>keine Frist</source>
        <translation>no due date</translation>
    </message>
    <message>
        <source>{date} · 1 Tag überfällig</source>
        <translation>{date} · 1 day overdue</translation>
    </message>
    <message>
        <source>{date} · {n} Tage überfällig</source>
        <translation>{date} · {n} days overdue</translation>
    </message>
    <message>
        <source>{date} · heute fällig</source>
        <translation>{date} · due today</translation>
    </message>
    <message>
        <source>– niemand –</source>
        <translation>– nobody –</translation>
    </message>
    <message>
        <source>Aktenzeichen</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>aus Vorkommnis {reference}</source>
        <translation>from incident {reference}</translation>
    </message>
    <message>
        <source>Frist</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Stelle</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Zuständig</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Anschrift</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Gegenstand</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Neuer &amp;Auftrag…</source>
        <translation>New &amp;order…</translation>
    </message>
    <message>
        <source>Ermittlungsauftrag anlegen (Strg+Umschalt+N)</source>
        <translation>Create an investigation order (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>&amp;Bearbeiten…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Ausgewählten Auftrag bearbeiten (Eingabetaste)</source>
        <translation>Edit the selected order (Enter)</translation>
    </message>
    <message>
        <source>Status ä&amp;ndern…</source>
        <translation>Change stat&amp;us…</translation>
    </message>
    <message>
        <source>In Bearbeitung nehmen, mit Ergebnis erledigen oder wieder aufnehmen</source>
        <translation>Start work, mark done with a result, or reopen</translation>
    </message>
    <message>
        <source>&amp;Vorkommnis öffnen…</source>
        <translation>Open &amp;incident…</translation>
    </message>
    <message>
        <source>Das Vorkommnis öffnen, aus dem der Auftrag stammt</source>
        <translation>Open the incident this order came from</translation>
    </message>
    <message>
        <source>Neuer Ermittlungsauftrag</source>
        <translation>New investigation order</translation>
    </message>
    <message>
        <source>unerledigt</source>
        <translation>not done</translation>
    </message>
    <message>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Anfordernde Stelle</source>
        <translation>Requesting department</translation>
    </message>
    <message>
        <source>Zuständige Dienstkraft</source>
        <translation>Assigned officer</translation>
    </message>
    <message>
        <source>nur über&amp;fällige</source>
        <translation>over&amp;due only</translation>
    </message>
    <message>
        <source>Aktenzeichen, Gegenstand, Anschrift</source>
        <translation>Reference, subject, address</translation>
    </message>
    <message>
        <source>Sta&amp;tus:</source>
        <translation>Sta&amp;tus:</translation>
    </message>
    <message>
        <source>St&amp;elle:</source>
        <translation>De&amp;partment:</translation>
    </message>
    <message>
        <source>&amp;Zuständig:</source>
        <translation>&amp;Assigned to:</translation>
    </message>
    <message>
        <source>S&amp;uche:</source>
        <translation>Sea&amp;rch:</translation>
    </message>
    <message>
        <source>1 Auftrag</source>
        <translation>1 order</translation>
    </message>
    <message>
        <source>{n} Aufträge</source>
        <translation>{n} orders</translation>
    </message>
    <message>
        <source>{shown}, davon {late} überfällig</source>
        <translation>{shown}, {late} of them overdue</translation>
    </message>
</context>
<context>
    <name>CatalogDialog</name>
    <message>
        <source>Neue Kategorie</source>
        <translation>New category</translation>
    </message>
    <message>
        <source>Kategorie bearbeiten – {name}</source>
        <translation>Edit category – {name}</translation>
    </message>
    <message>
        <source>Neue Maßnahme</source>
        <translation>New measure</translation>
    </message>
    <message>
        <source>Maßnahme bearbeiten – {name}</source>
        <translation>Edit measure – {name}</translation>
    </message>
    <message>
        <source>Neue anfordernde Stelle</source>
        <translation>New requesting department</translation>
    </message>
    <message>
        <source>Anfordernde Stelle bearbeiten – {name}</source>
        <translation>Edit requesting department – {name}</translation>
    </message>
    <message>
        <source>Position in Auswahllisten: kleinere Zahlen stehen weiter oben.</source>
        <translation>Position in selection lists: lower numbers appear higher up.</translation>
    </message>
    <message>
        <source>aktiv (wird in Auswahllisten angeboten)</source>
        <translation>active (offered in selection lists)</translation>
    </message>
    <message>
        <source>&amp;Bezeichnung:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>B&amp;eschreibung:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>&amp;Reihenfolge:</source>
        <translation>&amp;Sort order:</translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <source>Zurücknehmen – {name}</source>
        <translation>Check in – {name}</translation>
    </message>
    <message>
        <source> seit {time}</source>
        <translation> since {time}</translation>
    </message>
    <message>
        <source>Ausgegeben an {name}{since}, {km} km</source>
        <translation>Checked out to {name}{since}, {km} km</translation>
    </message>
    <message>
        <source>leer lassen, wenn alles in Ordnung ist – ein Defekt sperrt das Fahrrad</source>
        <translation>leave empty if everything is fine – a defect takes the bike out of service</translation>
    </message>
    <message>
        <source>&amp;Zurücknehmen</source>
        <translation>&amp;Take back</translation>
    </message>
    <message>
        <source>&amp;Fahrrad:</source>
        <translation>&amp;Bike:</translation>
    </message>
    <message>
        <source>Ze&amp;it:</source>
        <translation>T&amp;ime:</translation>
    </message>
    <message>
        <source>Akku&amp;stand:</source>
        <translation>Battery &amp;level:</translation>
    </message>
    <message>
        <source>&amp;Trotzdem zurücknehmen</source>
        <translation>&amp;Take back anyway</translation>
    </message>
    <message>
        <source>{warning}
Bitte km-Stand und Zeit prüfen. Stimmen sie, noch einmal „Trotzdem zurücknehmen“ (Eingabetaste) wählen.</source>
        <translation>{warning}
Please check the odometer and the time. If they are right, choose “Take back anyway” (Enter) again.</translation>
    </message>
    <message>
        <source>&amp;km-Stand:</source>
        <translation>&amp;Odometer:</translation>
    </message>
    <message>
        <source>&amp;Defekt:</source>
        <translation>&amp;Defect:</translation>
    </message>
</context>
<context>
    <name>CheckOutDialog</name>
    <message>
        <source>Ausgeben – {name}</source>
        <translation>Check out – {name}</translation>
    </message>
    <message>
        <source>Pedelec</source>
        <translation>Pedelec</translation>
    </message>
    <message>
        <source>Fahrrad</source>
        <translation>Bike</translation>
    </message>
    <message>
        <source> – gebucht für {names}</source>
        <translation> – booked for {names}</translation>
    </message>
    <message>
        <source>Ze&amp;it:</source>
        <translation>T&amp;ime:</translation>
    </message>
    <message>
        <source>Akku&amp;stand:</source>
        <translation>Battery &amp;level:</translation>
    </message>
    <message>
        <source> – gebucht</source>
        <translation> – booked</translation>
    </message>
    <message>
        <source> – ohne Radstreifen-Schulung</source>
        <translation> – no bike patrol training</translation>
    </message>
    <message>
        <source>&amp;Fahrrad:</source>
        <translation>&amp;Bike:</translation>
    </message>
    <message>
        <source>&amp;Ausgeben</source>
        <translation>&amp;Hand out</translation>
    </message>
    <message>
        <source>&amp;Dienstkraft:</source>
        <translation>&amp;Officer:</translation>
    </message>
    <message>
        <source>&amp;km-Stand:</source>
        <translation>O&amp;dometer:</translation>
    </message>
    <message>
        <source>Bitte eine Dienstkraft wählen.</source>
        <translation>Please select an officer.</translation>
    </message>
</context>
<context>
    <name>CompleteServiceDialog</name>
    <message>
        <source>{kind} erledigt – {name}</source>
        <translation>{kind} done – {name}</translation>
    </message>
    <message>
        <source>{kind} gemeldet am {time}: {what}</source>
        <translation>{kind} reported on {time}: {what}</translation>
    </message>
    <message>
        <source>&amp;Erledigt am:</source>
        <translation>&amp;Done on:</translation>
    </message>
    <message>
        <source>K&amp;osten:</source>
        <translation>C&amp;ost:</translation>
    </message>
    <message>
        <source>&amp;km-Stand:</source>
        <translation>&amp;Odometer:</translation>
    </message>
    <message>
        <source>&amp;Werkstatt:</source>
        <translation>&amp;Workshop:</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Nummer</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Zeitpunkt</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Einsatzgebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Kategorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Dienst</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>Quelle</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Breitengrad</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Längengrad</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Beschreibung</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Status geändert am</source>
        <translation>Status changed on</translation>
    </message>
    <message>
        <source>Status geändert von</source>
        <translation>Status changed by</translation>
    </message>
    <message>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Videosicherung erinnern</source>
        <translation>Remind to secure footage</translation>
    </message>
    <message>
        <source>Personendaten gelöscht am</source>
        <translation>Personal data deleted on</translation>
    </message>
    <message>
        <source>Gelöscht</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nachname</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Vorname</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Dienstnummer</source>
        <translation>Service number</translation>
    </message>
    <message>
        <source>Bereich</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Aktiv</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Bemerkung</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Diensttag</source>
        <translation>Duty date</translation>
    </message>
    <message>
        <source>Beginn</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Ende</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Pause (Minuten)</source>
        <translation>Break (minutes)</translation>
    </message>
    <message>
        <source>Mindestbesetzung</source>
        <translation>Minimum staff</translation>
    </message>
    <message>
        <source>Dienstkraft</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Von</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Bis</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Inventarnummer</source>
        <translation>Inventory number</translation>
    </message>
    <message>
        <source>Modell</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Zustand</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>km-Stand</source>
        <translation>Odometer (km)</translation>
    </message>
    <message>
        <source>Gegenstand</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Anschrift</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Fällig am</source>
        <translation>Due on</translation>
    </message>
    <message>
        <source>Eingegangen am</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>Geschrieben am</source>
        <translation>Written on</translation>
    </message>
    <message>
        <source>Kennung</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <source>Versionsstand</source>
        <translation>Version vector</translation>
    </message>
    <message>
        <source>Angelegt am</source>
        <translation>Created on</translation>
    </message>
    <message>
        <source>Zuletzt geändert am</source>
        <translation>Last changed on</translation>
    </message>
    <message>
        <source>Zuletzt geändert von</source>
        <translation>Last changed by</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Angelegt an Station</source>
        <translation>Created at station</translation>
    </message>
    <message>
        <source>nicht gelöscht</source>
        <translation>not deleted</translation>
    </message>
    <message>
        <source>gelöscht am {when}</source>
        <translation>deleted on {when}</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>(Kennwort gesetzt)</source>
        <translation>(password set)</translation>
    </message>
    <message>
        <source>Binärdaten ({size} Bytes)</source>
        <translation>Binary data ({size} bytes)</translation>
    </message>
    <message>
        <source>Konflikt: {label} {hint}</source>
        <translation>Conflict: {label} {hint}</translation>
    </message>
    <message>
        <source>Dieser Datensatz wurde hier und an einer anderen Station geändert, seit beide zuletzt Daten getauscht haben. Es wurde nichts überschrieben. Gelb markiert sind die Felder, die sich unterscheiden. Entscheiden Sie, welche Fassung gilt – oder haken Sie einzelne Felder an, die aus der eingegangenen Fassung übernommen werden sollen.</source>
        <translation>This record was changed here and at another station since they last exchanged data. Nothing was overwritten. Fields that differ are marked yellow. Decide which version applies – or tick single fields to take from the incoming version.</translation>
    </message>
    <message>
        <source>Interne Angaben anzeigen (Kennung, Versionsstand …)</source>
        <translation>Show internal details (identifier, version vector …)</translation>
    </message>
    <message>
        <source>Feld</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Unsere Fassung</source>
        <translation>Our version</translation>
    </message>
    <message>
        <source>Eingegangene Fassung
({station})</source>
        <translation>Incoming version
({station})</translation>
    </message>
    <message>
        <source>Eingegangene Fassung</source>
        <translation>Incoming version</translation>
    </message>
    <message>
        <source>Übernehmen</source>
        <translation>Take</translation>
    </message>
    <message>
        <source>&amp;Unsere behalten</source>
        <translation>&amp;Keep ours</translation>
    </message>
    <message>
        <source>Alle Felder bleiben, wie sie hier sind.</source>
        <translation>All fields stay as they are here.</translation>
    </message>
    <message>
        <source>&amp;Eingegangene übernehmen</source>
        <translation>Take &amp;incoming</translation>
    </message>
    <message>
        <source>Alle abweichenden Felder werden aus der eingegangenen Fassung übernommen.</source>
        <translation>All differing fields are taken from the incoming version.</translation>
    </message>
    <message>
        <source>Die angehakten Felder kommen aus der eingegangenen Fassung, alle anderen bleiben wie hier.</source>
        <translation>The ticked fields come from the incoming version, all others stay as they are here.</translation>
    </message>
    <message>
        <source>Später entscheiden</source>
        <translation>Decide later</translation>
    </message>
    <message>
        <source>Die eingegangene Fassung löscht diesen Datensatz; hier gilt er noch.</source>
        <translation>The incoming version deletes this record; here it still exists.</translation>
    </message>
    <message>
        <source>Hier wurde dieser Datensatz gelöscht; die andere Station hat ihn geändert.</source>
        <translation>This record was deleted here; the other station changed it.</translation>
    </message>
    <message>
        <source>Dieses Feld aus der eingegangenen Fassung übernehmen</source>
        <translation>Take this field from the incoming version</translation>
    </message>
    <message>
        <source>&amp;Auswahl übernehmen ({count} von {total} Feldern)</source>
        <translation>Take &amp;selection ({count} of {total} fields)</translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Datensatz</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Seit</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Abweichende Felder</source>
        <translation>Differing fields</translation>
    </message>
</context>
<context>
    <name>ConflictsBox</name>
    <message>
        <source>Keine offenen Konflikte – alle Datensätze stimmen überein.</source>
        <translation>No open conflicts – all records agree.</translation>
    </message>
    <message>
        <source>Konflikt &amp;ansehen…</source>
        <translation>&amp;View conflict…</translation>
    </message>
    <message>
        <source>Hier und an einer anderen Station geändert: nichts wurde überschrieben. Doppelklick oder Eingabetaste zeigt beide Fassungen.</source>
        <translation>Changed here and at another station: nothing was overwritten. Double-click or Enter shows both versions.</translation>
    </message>
    <message>
        <source>Konflikte ({n})</source>
        <translation>Conflicts ({n})</translation>
    </message>
    <message>
        <source>Konflikte</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Entschieden: {label} {hint}.</source>
        <translation>Decided: {label} {hint}.</translation>
    </message>
</context>
<context>
    <name>CorrectNoteDialog</name>
    <message>
        <source>Vermerk korrigieren</source>
        <translation>Correct note</translation>
    </message>
    <message>
        <source>Bisher:</source>
        <translation>Previously:</translation>
    </message>
    <message>
        <source>&amp;Korrektur:</source>
        <translation>&amp;Correction:</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Angaben ändern</source>
        <translation>Change details</translation>
    </message>
    <message>
        <source>Die bisherigen Angaben bleiben im Verlauf des Vorkommnisses sichtbar.</source>
        <translation>The previous details stay visible in the incident&apos;s history.</translation>
    </message>
    <message>
        <source>&amp;Kategorie:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>&amp;Dienstkräfte:</source>
        <translation>&amp;Officers:</translation>
    </message>
    <message>
        <source>&amp;Maßnahmen:</source>
        <translation>&amp;Measures:</translation>
    </message>
</context>
<context>
    <name>DatabaseOpener</name>
    <message>
        <source>Sicherung wird zurückgeholt …</source>
        <translation>Restoring backup …</translation>
    </message>
    <message>
        <source>Die automatische Sicherung ist fehlgeschlagen (siehe Protokoll).</source>
        <translation>The automatic backup failed (see the log).</translation>
    </message>
</context>
<context>
    <name>FleetPage</name>
    <message>
        <source>Fahrräder</source>
        <translation>Bikes</translation>
    </message>
    <message>
        <source>Ausgemusterte anzeigen</source>
        <translation>Show retired</translation>
    </message>
    <message>
        <source>Name oder Dienstnummer</source>
        <translation>Name or service number</translation>
    </message>
    <message>
        <source>&amp;Von:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Bis:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Dienst&amp;kraft:</source>
        <translation>O&amp;fficer:</translation>
    </message>
    <message>
        <source>Fahrtenbuch</source>
        <translation>Logbook</translation>
    </message>
    <message>
        <source>Wartung</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Dienstkraft</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Ausgabe</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <source>Rückgabe</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>unterwegs</source>
        <translation>still out</translation>
    </message>
    <message>
        <source>gefahren</source>
        <translation>Ridden</translation>
    </message>
    <message>
        <source>Defekt</source>
        <translation>Defect</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>gemeldet</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Beschreibung</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Wartung eintragen…</source>
        <translation>Record maintenance…</translation>
    </message>
    <message>
        <source>Fällige Inspektion oder einen Defekt außerhalb der Rücknahme eintragen</source>
        <translation>Record a due inspection or a defect found outside a check-in</translation>
    </message>
    <message>
        <source>Wartung erledigt…</source>
        <translation>Maintenance done…</translation>
    </message>
    <message>
        <source>Werkstatt</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <source>Kosten</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <source>erledigt</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Akku</source>
        <translation>Battery</translation>
    </message>
    <message>
        <source>Neues Fahrrad…</source>
        <translation>New bike…</translation>
    </message>
    <message>
        <source>Fahrrad anlegen</source>
        <translation>Add a new bike</translation>
    </message>
    <message>
        <source>Bearbeiten…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Ausgewähltes Fahrrad bearbeiten (Eingabetaste)</source>
        <translation>Edit the selected bike (Enter)</translation>
    </message>
    <message>
        <source>Ausgeben…</source>
        <translation>Check out…</translation>
    </message>
    <message>
        <source>Fahrrad an eine Dienstkraft ausgeben</source>
        <translation>Check out the bike to an officer</translation>
    </message>
    <message>
        <source>Zurücknehmen…</source>
        <translation>Check in…</translation>
    </message>
    <message>
        <source>Ausgegebenes Fahrrad zurücknehmen, Defekte melden</source>
        <translation>Check in a checked-out bike, report defects</translation>
    </message>
    <message>
        <source>Offene Reparatur oder Inspektion abschließen</source>
        <translation>Complete an open repair or inspection</translation>
    </message>
    <message>
        <source>Ausmustern</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>Fahrrad dauerhaft außer Dienst stellen (Fahrtenbuch bleibt)</source>
        <translation>Take the bike out of service permanently (the logbook is kept)</translation>
    </message>
    <message>
        <source>⚠ {text} (überfällig)</source>
        <translation>⚠ {text} (overdue)</translation>
    </message>
    <message>
        <source>Pedelec</source>
        <translation>Pedelec</translation>
    </message>
    <message>
        <source>Fahrrad</source>
        <translation>Bike</translation>
    </message>
    <message>
        <source>Inventar-Nr.</source>
        <translation>Inventory no.</translation>
    </message>
    <message>
        <source>Typ</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Reichweite</source>
        <translation>Range</translation>
    </message>
    <message>
        <source>km-Stand</source>
        <translation>Odometer</translation>
    </message>
    <message>
        <source>Zustand</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Verfügbarkeit</source>
        <translation>Availability</translation>
    </message>
    <message>
        <source>nächste Inspektion</source>
        <translation>Next inspection</translation>
    </message>
    <message>
        <source>bei</source>
        <translation>With</translation>
    </message>
    <message>
        <source>Bemerkung</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>{total} Fahrten</source>
        <translation>{total} rides</translation>
    </message>
    <message>
        <source>{shown} von {total} Fahrten</source>
        <translation>{shown} of {total} rides</translation>
    </message>
    <message>
        <source>Dienstkräfte geben nur das Fahrrad aus, das jetzt für ihren eigenen Dienst gebucht ist.</source>
        <translation>Officers hand out only the bike booked for their own duty now.</translation>
    </message>
    <message>
        <source>Dienstkräfte nehmen nur Fahrräder ihres eigenen Dienstes zurück; alle anderen die Dienstgruppenleitung oder die Administration.</source>
        <translation>Officers take back only bikes of their own duty; all others are taken back by the shift supervisors or the administration.</translation>
    </message>
    <message>
        <source>Defekt melden…</source>
        <translation>Report defect…</translation>
    </message>
    <message>
        <source>Einen Defekt außerhalb der Rücknahme melden (sperrt das Fahrrad); Inspektionen trägt die Dienstgruppenleitung oder die Administration ein.</source>
        <translation>Report a defect outside a return (locks the bike); inspections are recorded by the shift supervisors or the administration.</translation>
    </message>
    <message>
        <source>{total} Fahrräder</source>
        <translation>{total} bikes</translation>
    </message>
    <message>
        <source>{shown} von {total} Fahrrädern angezeigt</source>
        <translation>Showing {shown} of {total} bikes</translation>
    </message>
    <message>
        <source>{name} ausmustern?

Das Fahrrad wird nicht mehr ausgegeben oder gebucht; sein Fahrtenbuch und die Wartungen bleiben erhalten.</source>
        <translation>Retire {name}?

The bike will no longer be checked out or booked; its logbook and service records are kept.</translation>
    </message>
    <message>
        <source>Nur Dienstgruppenleitung und Administration dürfen Fahrräder umbuchen.</source>
        <translation>Only shift supervisors and the administration may re-book bikes.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>&amp;Speichern</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Speichern (Strg+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Abbrechen (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Eingaben verwerfen?</source>
        <translation>Discard input?</translation>
    </message>
    <message>
        <source>Die Eingaben in diesem Formular sind noch nicht gespeichert.</source>
        <translation>The input in this form has not been saved yet.</translation>
    </message>
    <message>
        <source>&amp;Verwerfen</source>
        <translation>&amp;Discard</translation>
    </message>
    <message>
        <source>&amp;Weiter bearbeiten</source>
        <translation>&amp;Keep editing</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>An Ermittlungsdienst übergeben</source>
        <translation>Hand over to investigation service</translation>
    </message>
    <message>
        <source>Übergeben</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>– keine –</source>
        <translation>– none –</translation>
    </message>
    <message>
        <source>&amp;Anfordernde Stelle:</source>
        <translation>&amp;Requesting department:</translation>
    </message>
    <message>
        <source>&amp;Frist:</source>
        <translation>&amp;Due date:</translation>
    </message>
    <message>
        <source>&amp;Gegenstand:</source>
        <translation>&amp;Subject:</translation>
    </message>
</context>
<context>
    <name>HeatMap</name>
    <message>
        <source>Montag</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Dienstag</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Mittwoch</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Donnerstag</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Freitag</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Samstag</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Sonntag</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>Mo</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Di</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Mi</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Fr</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Sa</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>So</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>1 Vorkommnis</source>
        <translation>1 incident</translation>
    </message>
    <message>
        <source>{n} Vorkommnisse</source>
        <translation>{n} incidents</translation>
    </message>
    <message>
        <source>{day}, {start}–{end} Uhr: {what}</source>
        <translation>{day}, {start}–{end} h: {what}</translation>
    </message>
    <message>
        <source>Stunde (Ortszeit) · orange umrandet: Spitzenzeit · Klick wählt die Zelle</source>
        <translation>Hour (local time) · orange frame: peak time · a click selects the cell</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Paket einspielen – Vorschau</source>
        <translation>Import package – preview</translation>
    </message>
    <message>
        <source>Datei:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Von Station:</source>
        <translation>From station:</translation>
    </message>
    <message>
        <source>Fingerabdruck:</source>
        <translation>Fingerprint:</translation>
    </message>
    <message>
        <source>Erstellt am:</source>
        <translation>Created on:</translation>
    </message>
    <message>
        <source>Datensätze im Paket:</source>
        <translation>Records in the package:</translation>
    </message>
    <message>
        <source>&amp;Einspielen</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Neu</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Geändert</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Gelöscht</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Unverändert</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Konflikte</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Dieses Paket wurde bereits eingespielt – es ändert nichts.</source>
        <translation>This package was imported before – it changes nothing.</translation>
    </message>
    <message>
        <source>Einspielen übernimmt 1 Datensatz.</source>
        <translation>Importing takes over 1 record.</translation>
    </message>
    <message>
        <source>Einspielen übernimmt {n} Datensätze.</source>
        <translation>Importing takes over {n} records.</translation>
    </message>
    <message>
        <source>Dieses Paket enthält nichts Neues für diese Station.</source>
        <translation>This package holds nothing new for this station.</translation>
    </message>
    <message>
        <source>1 Datensatz wurde hier und dort geändert: er kommt in die Konfliktliste, nichts wird überschrieben.</source>
        <translation>1 record was changed both here and there: it goes to the conflict list, nothing is overwritten.</translation>
    </message>
    <message>
        <source>{n} Datensätze wurden hier und dort geändert: sie kommen in die Konfliktliste, nichts wird überschrieben.</source>
        <translation>{n} records were changed both here and there: they go to the conflict list, nothing is overwritten.</translation>
    </message>
    <message>
        <source>Vorher wird automatisch eine Sicherung angelegt.</source>
        <translation>A backup is made automatically first.</translation>
    </message>
</context>
<context>
    <name>IncidentDetailDialog</name>
    <message>
        <source>Neuer Vermerk …</source>
        <translation>New note …</translation>
    </message>
    <message>
        <source>Vermerk &amp;hinzufügen</source>
        <translation>&amp;Add note</translation>
    </message>
    <message>
        <source>&amp;Korrigieren…</source>
        <translation>&amp;Correct…</translation>
    </message>
    <message>
        <source>Den ausgewählten Vermerk durch einen neuen berichtigen (bleibt sichtbar)</source>
        <translation>Correct the selected note with a new one (it stays visible)</translation>
    </message>
    <message>
        <source>&amp;Status ändern…</source>
        <translation>Change &amp;status…</translation>
    </message>
    <message>
        <source>An &amp;Ermittlungsdienst übergeben…</source>
        <translation>Hand over to &amp;investigation service…</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&amp;Bericht (PDF)…</source>
        <translation>&amp;Report (PDF)…</translation>
    </message>
    <message>
        <source>Vorkommnisbericht auf der Seite Berichte ansehen, drucken oder speichern</source>
        <translation>View, print or save the incident report on the Reports page</translation>
    </message>
    <message>
        <source>&amp;Angaben ändern…</source>
        <translation>&amp;Change details…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Beschreibung&lt;/b&gt;</source>
        <translation>&lt;b&gt;Description&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vermerke&lt;/b&gt;</source>
        <translation>&lt;b&gt;Notes&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Vorkommnis {reference}</source>
        <translation>Incident {reference}</translation>
    </message>
    <message>
        <source>⚠ Videoüberwachung: Das Vorkommnis liegt in einem Überwachungszeitraum des Gebiets. Aufnahmen sichern, bevor sie überschrieben werden.</source>
        <translation>⚠ Video surveillance: the incident lies in a surveillance period of the area. Secure the footage before it is overwritten.</translation>
    </message>
    <message>
        <source> (seit {time}, {who})</source>
        <translation> (since {time}, {who})</translation>
    </message>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Kategorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Maßnahmen</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>Dienstkräfte</source>
        <translation>Officers</translation>
    </message>
    <message>
        <source>Quelle</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Koordinaten</source>
        <translation>Coordinates</translation>
    </message>
    <message>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Ermittlungsauftrag</source>
        <translation>Investigation order</translation>
    </message>
    <message>
        <source>&lt;b&gt;Geändert&lt;/b&gt;</source>
        <translation>&lt;b&gt;Changed&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{author}, {time}</source>
        <translation>{author}, {time}</translation>
    </message>
    <message>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Korrektur – {stamp}</source>
        <translation>Correction – {stamp}</translation>
    </message>
    <message>
        <source> (korrigiert)</source>
        <translation> (corrected)</translation>
    </message>
    <message>
        <source>Noch keine Vermerke.</source>
        <translation>No notes yet.</translation>
    </message>
    <message>
        <source>Kategorie, Dienstkräfte und Maßnahmen berichtigen (bleibt im Verlauf sichtbar)</source>
        <translation>Correct category, officers and measures (stays visible in the history)</translation>
    </message>
    <message>
        <source>Berichtigen dürfen die Dienstgruppenleitung und, solange das Vorkommnis nicht abgeschlossen ist, die beteiligten Dienstkräfte.</source>
        <translation>Corrections may be made by the shift supervisors and, while the incident is not closed, by the officers involved.</translation>
    </message>
</context>
<context>
    <name>IncidentExporter</name>
    <message>
        <source>Exportieren</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Die gefilterte Liste in ihrer Sortierung als Datei für andere Programme oder zum Drucken. Ohne beteiligte Personen und ohne Sachverhalt: Beschreibungen können Namen enthalten, und Listen zeigen keine personenbezogenen Daten.</source>
        <translation>The filtered list in its sort order as a file for other programs or for printing. Without persons involved and without descriptions: descriptions may contain names, and lists never show personal data.</translation>
    </message>
    <message>
        <source>Liste als CSV (Excel)…</source>
        <translation>List as CSV (Excel)…</translation>
    </message>
    <message>
        <source>Aktenzeichen, Zeit, Gebiet, Kategorie, Quelle, Status, Ort, Koordinaten und Maßnahmen; ohne Personen und ohne Sachverhalt</source>
        <translation>Reference, time, area, category, source, status, place, coordinates and measures; without persons and without descriptions</translation>
    </message>
    <message>
        <source>Orte als GeoJSON…</source>
        <translation>Places as GeoJSON…</translation>
    </message>
    <message>
        <source>Vorkommnisse mit Koordinaten als Punkte für ein GIS; Vorkommnisse ohne Koordinaten werden ausgelassen und gezählt</source>
        <translation>Incidents with coordinates as points for a GIS; incidents without coordinates are left out and counted</translation>
    </message>
    <message>
        <source>Liste drucken (PDF)…</source>
        <translation>Print list (PDF)…</translation>
    </message>
    <message>
        <source>Die Vorkommnisliste als PDF-Datei (A4 quer)</source>
        <translation>The incident list as a PDF file (A4 landscape)</translation>
    </message>
    <message>
        <source>Vorkommnisse als CSV exportieren</source>
        <translation>Export incidents as CSV</translation>
    </message>
    <message>
        <source>Orte der Vorkommnisse als GeoJSON exportieren</source>
        <translation>Export incident places as GeoJSON</translation>
    </message>
    <message>
        <source>Vorkommnisliste als PDF speichern</source>
        <translation>Save incident list as PDF</translation>
    </message>
    <message>
        <source>CSV-Dateien (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>GeoJSON-Dateien (*.geojson)</source>
        <translation>GeoJSON files (*.geojson)</translation>
    </message>
    <message>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Export läuft …</source>
        <translation>Exporting …</translation>
    </message>
    <message>
        <source>1 Vorkommnis</source>
        <translation>1 incident</translation>
    </message>
    <message>
        <source>{n} Vorkommnisse</source>
        <translation>{n} incidents</translation>
    </message>
    <message>
        <source>Vorkommnisliste ({count}) als PDF gespeichert: {path}</source>
        <translation>Incident list ({count}) saved as PDF: {path}</translation>
    </message>
    <message>
        <source>{count} exportiert, {m} ohne Koordinaten ausgelassen: {path}</source>
        <translation>{count} exported, {m} without coordinates left out: {path}</translation>
    </message>
    <message>
        <source>{count} als CSV exportiert: {path}</source>
        <translation>{count} exported as CSV: {path}</translation>
    </message>
</context>
<context>
    <name>IncidentModel</name>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Aktenzeichen</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Kategorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Quelle</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kurztext</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>IncidentsPage</name>
    <message>
        <source>Vorkommnisse</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Eingabetaste oder Doppelklick öffnet das Vorkommnis</source>
        <translation>Enter or double-click opens the incident</translation>
    </message>
    <message>
        <source>beliebig</source>
        <translation>any</translation>
    </message>
    <message>
        <source>Einsatzgebiet</source>
        <translation>Patrol area</translation>
    </message>
    <message>
        <source>Kategorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Getroffene Maßnahme</source>
        <translation>Measure taken</translation>
    </message>
    <message>
        <source>Beteiligte Dienstkraft</source>
        <translation>Officer involved</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Quelle</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Volltext: Beschreibung und Vermerke</source>
        <translation>Full text: description and notes</translation>
    </message>
    <message>
        <source>&amp;Von:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Bis:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>&amp;Gebiet:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>&amp;Kategorie:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>&amp;Maßnahme:</source>
        <translation>&amp;Measure:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>&amp;Quelle:</source>
        <translation>S&amp;ource:</translation>
    </message>
    <message>
        <source>&amp;Dienstkraft:</source>
        <translation>&amp;Officer:</translation>
    </message>
    <message>
        <source>S&amp;uche:</source>
        <translation>Sea&amp;rch:</translation>
    </message>
    <message>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Nach Ort lässt sich sortieren, wenn höchstens {limit} Vorkommnisse gefiltert sind. Die Liste bleibt nach Zeit sortiert.</source>
        <translation>Sorting by place is possible once at most {limit} incidents are filtered. The list stays sorted by time.</translation>
    </message>
    <message>
        <source>1 Vorkommnis</source>
        <translation>1 incident</translation>
    </message>
    <message>
        <source>{n} Vorkommnisse</source>
        <translation>{n} incidents</translation>
    </message>
</context>
<context>
    <name>KeyFigures</name>
    <message>
        <source>Vorkommnisse</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Streifenstunden</source>
        <translation>Patrol hours</translation>
    </message>
    <message>
        <source>davon gemeinsam mit der Polizei</source>
        <translation>of which joint with the police</translation>
    </message>
    <message>
        <source>Maßnahmen</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>Fahrrad-km</source>
        <translation>Bike km</translation>
    </message>
    <message>
        <source>Personenstunden: die Zeit jeder Dienstkraft in Streifen, Radstreifen, gemeinsamen Streifen und an der Ansprechstelle, abzüglich der Pausen</source>
        <translation>Person hours: the time of every officer on patrols, bike patrols, joint patrols and at the contact point, breaks deducted</translation>
    </message>
    <message>
        <source>{previous}: {n} ({percent})</source>
        <translation>{previous}: {n} ({percent})</translation>
    </message>
    <message>
        <source>{caption} {until}</source>
        <translation>{caption} {until}</translation>
    </message>
    <message>
        <source>Spitze {when}</source>
        <translation>Peak {when}</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} h</translation>
    </message>
    <message>
        <source>{n} Dienste · {h} h Dienstzeit</source>
        <translation>{n} duties · {h} h duty time</translation>
    </message>
    <message>
        <source>{n} gemeinsame Streifen</source>
        <translation>{n} joint patrols</translation>
    </message>
    <message>
        <source>in {n} Arten</source>
        <translation>of {n} kinds</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>{trips} Ausfahrten, {bikes} Räder</source>
        <translation>{trips} rides, {bikes} bikes</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>&amp;Dienstnummer:</source>
        <translation>&amp;Service number:</translation>
    </message>
    <message>
        <source>&amp;Nachname:</source>
        <translation>&amp;Last name:</translation>
    </message>
    <message>
        <source>&amp;Vorname:</source>
        <translation>&amp;First name:</translation>
    </message>
    <message>
        <source>&amp;Passwort:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Passwort &amp;wiederholen:</source>
        <translation>&amp;Repeat password:</translation>
    </message>
    <message>
        <source>Anlegen und &amp;anmelden</source>
        <translation>Create and &amp;log in</translation>
    </message>
    <message>
        <source>&amp;Anmelden</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>Beenden</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Ersten Administrator anlegen</source>
        <translation>Create the first administrator</translation>
    </message>
    <message>
        <source>Anmeldung</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>KOD Desk ist gesperrt</source>
        <translation>KOD Desk is locked</translation>
    </message>
    <message>
        <source>Noch hat niemand ein Passwort. Legen Sie die Administratorin oder den Administrator an; weitere Passwörter setzt die Administration in den Stammdaten.</source>
        <translation>Nobody has a password yet. Create the administrator; further passwords are set by the administration in the master data.</translation>
    </message>
    <message>
        <source>Bitte mit Dienstnummer und Passwort anmelden.</source>
        <translation>Please log in with your service number and password.</translation>
    </message>
    <message>
        <source>Gesperrt (manuell, Strg+L). Zum Entsperren das Passwort eingeben – oder mit einer anderen Dienstnummer anmelden (Benutzer wechseln).</source>
        <translation>Locked (manually, Ctrl+L). Enter the password to unlock – or log in with another service number (switch user).</translation>
    </message>
    <message>
        <source>Nach längerer Untätigkeit gesperrt. Zum Entsperren das Passwort eingeben – oder mit einer anderen Dienstnummer anmelden (Benutzer wechseln).</source>
        <translation>Locked after a period of inactivity. Enter the password to unlock – or log in with another service number (switch user).</translation>
    </message>
    <message>
        <source>Bitte {seconds} s warten …</source>
        <translation>Please wait {seconds} s …</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dienstplan</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>Fahrräder</source>
        <translation>Bikes</translation>
    </message>
    <message>
        <source>Vorkommnisse</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Ermittlungen</source>
        <translation>Investigations</translation>
    </message>
    <message>
        <source>Berichte</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Statistik</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>KOD Desk</source>
        <translation>KOD Desk</translation>
    </message>
    <message>
        <source>Stammdaten</source>
        <translation>Master data</translation>
    </message>
    <message>
        <source>Verwaltung</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>{title} (Strg+{n})</source>
        <translation>{title} (Ctrl+{n})</translation>
    </message>
    <message>
        <source>Datenbank wird geöffnet …</source>
        <translation>Opening database…</translation>
    </message>
    <message>
        <source>Vorkommnis erfassen</source>
        <translation>Record incident</translation>
    </message>
    <message>
        <source>Sicherungen …</source>
        <translation>Backups …</translation>
    </message>
    <message>
        <source>Datenbank</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Suchen</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Sperren / Abmelden</source>
        <translation>Lock / log out</translation>
    </message>
    <message>
        <source>Beenden</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Diese Seite hat kein Suchfeld.</source>
        <translation>This page has no search field.</translation>
    </message>
    <message>
        <source> · Demodaten</source>
        <translation> · demo data</translation>
    </message>
    <message>
        <source>Station: {station} · Datenbank: {location}{demo}</source>
        <translation>Station: {station} · Database: {location}{demo}</translation>
    </message>
    <message>
        <source>KOD Desk – {station}</source>
        <translation>KOD Desk – {station}</translation>
    </message>
    <message>
        <source>Angemeldet: {name} ({number}, {role}) · Strg+L sperrt</source>
        <translation>Logged in: {name} ({number}, {role}) · Ctrl+L locks</translation>
    </message>
    <message>
        <source>Die Datenbank wird noch geöffnet …</source>
        <translation>The database is still opening…</translation>
    </message>
    <message>
        <source>Keine Datenbank geöffnet.</source>
        <translation>No database open.</translation>
    </message>
    <message>
        <source>Datenbank lässt sich nicht öffnen</source>
        <translation>Cannot open database</translation>
    </message>
    <message>
        <source>Datenbank beschädigt</source>
        <translation>Database damaged</translation>
    </message>
    <message>
        <source>Neueste Sicherung wiederherstellen</source>
        <translation>Restore newest backup</translation>
    </message>
</context>
<context>
    <name>MasterDataPage</name>
    <message>
        <source>Stammdaten</source>
        <translation>Master data</translation>
    </message>
    <message>
        <source>Alle Einheiten</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>Nach Einheit filtern</source>
        <translation>Filter by unit</translation>
    </message>
    <message>
        <source>Passwort setzen…</source>
        <translation>Set password…</translation>
    </message>
    <message>
        <source>Passwort der ausgewählten Dienstkraft setzen (nur Administration)</source>
        <translation>Set the selected officer&apos;s password (administrators only)</translation>
    </message>
    <message>
        <source>Dienstkräfte</source>
        <translation>Officers</translation>
    </message>
    <message>
        <source>Einsatzgebiete</source>
        <translation>Areas</translation>
    </message>
    <message>
        <source>Kategorien</source>
        <translation>Categories</translation>
    </message>
    <message>
        <source>Maßnahmen</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>Anfordernde Stellen</source>
        <translation>Requesting departments</translation>
    </message>
    <message>
        <source>Dienstvorlagen</source>
        <translation>Shift templates</translation>
    </message>
    <message>
        <source>Dienstkraft „{name}“ (Dienstnummer {number}) deaktivieren?

Sie bleibt mit ihrer Historie erhalten, wird aber bei neuen Diensten nicht mehr angeboten. „Reaktivieren“ macht das rückgängig.</source>
        <translation>Deactivate officer “{name}” (service number {number})?

Their record and history are kept, but they will no longer be offered for new shifts. “Reactivate” undoes this.</translation>
    </message>
    <message>
        <source>Einsatzgebiet „{name}“ deaktivieren?

Es bleibt mit seiner Historie erhalten, wird aber für neue Dienste und Vorkommnisse nicht mehr angeboten. „Reaktivieren“ macht das rückgängig.</source>
        <translation>Deactivate area “{name}”?

The area and its history are kept, but it will no longer be offered for new shifts and incidents. “Reactivate” undoes this.</translation>
    </message>
    <message>
        <source>{kind} „{name}“ deaktivieren?

Bestehende Einträge behalten sie; in Auswahllisten wird sie nicht mehr angeboten. „Reaktivieren“ macht das rückgängig.</source>
        <translation>Deactivate {kind} “{name}”?

Existing records keep it; it will no longer be offered in selection lists. “Reactivate” undoes this.</translation>
    </message>
    <message>
        <source>Dienstvorlage „{name}“ deaktivieren?

Bestehende Dienste bleiben, wie sie sind; für neue Dienste wird die Vorlage nicht mehr angeboten. „Reaktivieren“ macht das rückgängig.</source>
        <translation>Deactivate shift template “{name}”?

Existing shifts stay as they are; the template will no longer be offered for new shifts. “Reactivate” undoes this.</translation>
    </message>
    <message>
        <source>Deaktivieren</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Dienstnummer</source>
        <translation>Service number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Vorname</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Einheit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Qualifikationen</source>
        <translation>Qualifications</translation>
    </message>
    <message>
        <source>Wochenstunden</source>
        <translation>Weekly hours</translation>
    </message>
    <message>
        <source>Aktiv</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Priorität</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Angstraum</source>
        <translation>Fear space</translation>
    </message>
    <message>
        <source>Videoüberwachung</source>
        <translation>Video surveillance</translation>
    </message>
    <message>
        <source>Speicherfrist</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>Beschreibung</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Bezeichnung</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Reihenfolge</source>
        <translation>Sort order</translation>
    </message>
    <message>
        <source>beliebig</source>
        <translation>any</translation>
    </message>
    <message>
        <source>Kürzel</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Zeiten</source>
        <translation>Times</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Mindestbesetzung</source>
        <translation>Minimum staffing</translation>
    </message>
</context>
<context>
    <name>MasterDataTab</name>
    <message>
        <source>Neu…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>Neuen Eintrag anlegen (Einfg)</source>
        <translation>Create a new entry (Ins)</translation>
    </message>
    <message>
        <source>Bearbeiten…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Ausgewählten Eintrag bearbeiten (Eingabetaste)</source>
        <translation>Edit the selected entry (Enter)</translation>
    </message>
    <message>
        <source>Deaktivieren</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Reaktivieren</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>Suchen …</source>
        <translation>Search…</translation>
    </message>
    <message>
        <source>Inaktive anzeigen</source>
        <translation>Show inactive</translation>
    </message>
    <message>
        <source>1 Eintrag</source>
        <translation>1 entry</translation>
    </message>
    <message>
        <source>{total} Einträge</source>
        <translation>{total} entries</translation>
    </message>
    <message>
        <source>{shown} von {total} Einträgen angezeigt</source>
        <translation>Showing {shown} of {total} entries</translation>
    </message>
</context>
<context>
    <name>OfficerDialog</name>
    <message>
        <source>Neue Dienstkraft</source>
        <translation>New officer</translation>
    </message>
    <message>
        <source>Dienstkraft bearbeiten – {name}</source>
        <translation>Edit officer – {name}</translation>
    </message>
    <message>
        <source>z. B. K-104</source>
        <translation>e.g. K-104</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>aktiv (wird bei neuen Diensten angeboten)</source>
        <translation>active (offered for new shifts)</translation>
    </message>
    <message>
        <source>&amp;Dienstnummer:</source>
        <translation>&amp;Service number:</translation>
    </message>
    <message>
        <source>&amp;Nachname:</source>
        <translation>&amp;Last name:</translation>
    </message>
    <message>
        <source>&amp;Vorname:</source>
        <translation>&amp;First name:</translation>
    </message>
    <message>
        <source>&amp;Einheit:</source>
        <translation>&amp;Unit:</translation>
    </message>
    <message>
        <source>&amp;Rolle:</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <source>&amp;Qualifikationen:</source>
        <translation>&amp;Qualifications:</translation>
    </message>
    <message>
        <source>&amp;Wochenstunden:</source>
        <translation>&amp;Weekly hours:</translation>
    </message>
    <message>
        <source>weitere, durch Komma getrennt</source>
        <translation>others, separated by commas</translation>
    </message>
</context>
<context>
    <name>OpenServiceDialog</name>
    <message>
        <source>Defekt melden – {name}</source>
        <translation>Report defect – {name}</translation>
    </message>
    <message>
        <source>Wartung eintragen – {name}</source>
        <translation>Record maintenance – {name}</translation>
    </message>
    <message>
        <source>z. B. Jahresinspektion, Bremse vorn schleift</source>
        <translation>e.g. annual inspection, front brake rubbing</translation>
    </message>
    <message>
        <source>&amp;Art:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Beschreibung:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>&amp;Werkstatt:</source>
        <translation>&amp;Workshop:</translation>
    </message>
</context>
<context>
    <name>OvertimeDialog</name>
    <message>
        <source>Nachweis nach §16 Abs. 2 ArbZG</source>
        <translation>Record under §16 (2) Working Hours Act</translation>
    </message>
    <message>
        <source>{first} – {last}: {n} Tage über 8 h, zusammen +{total} h.</source>
        <translation>{first} – {last}: {n} days over 8 h, +{total} h in total.</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Dienstnummer</source>
        <translation>Service number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Arbeitszeit</source>
        <translation>Working time</translation>
    </message>
    <message>
        <source>über 8 h</source>
        <translation>over 8 h</translation>
    </message>
    <message>
        <source>Grundlage</source>
        <translation>Based on</translation>
    </message>
    <message>
        <source>Ist-Zeiten</source>
        <translation>actual times</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>plan</translation>
    </message>
    <message>
        <source>&amp;Schließen</source>
        <translation>&amp;Close</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Montag</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Dienstag</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Mittwoch</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Donnerstag</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Freitag</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Samstag</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Sonntag</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>niemand eingeteilt</source>
        <translation>nobody assigned</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Ist/Soll</source>
        <translation>Staffed/Min.</translation>
    </message>
    <message>
        <source>Besatzung</source>
        <translation>Crew</translation>
    </message>
    <message>
        <source>Übersicht</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Aktualisieren</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Neu laden (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <source>Diese Datenbank enthält noch keine Dienstkräfte. Unter &lt;b&gt;Stammdaten&lt;/b&gt; lassen sie sich anlegen, oder die Personalliste wird mit &lt;code&gt;kod-desk officers import DATEI.csv&lt;/code&gt; eingelesen.</source>
        <translation>This database doesn’t contain any officers yet. Add them under &lt;b&gt;Master data&lt;/b&gt;, or import the staff list with &lt;code&gt;kod-desk officers import FILE.csv&lt;/code&gt;.</translation>
    </message>
    <message>
        <source>Dienstkräfte jetzt im Dienst</source>
        <translation>Officers on duty now</translation>
    </message>
    <message>
        <source>offene Vorkommnisse</source>
        <translation>open incidents</translation>
    </message>
    <message>
        <source>Fahrräder ausgegeben</source>
        <translation>bikes checked out</translation>
    </message>
    <message>
        <source>Fahrräder nicht einsatzbereit</source>
        <translation>bikes out of service</translation>
    </message>
    <message>
        <source>Ermittlungsaufträge überfällig</source>
        <translation>investigation requests overdue</translation>
    </message>
    <message>
        <source>Fahrrad</source>
        <translation>Bike</translation>
    </message>
    <message>
        <source>Dienstkraft</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>seit</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>zurück bis</source>
        <translation>Due back</translation>
    </message>
    <message>
        <source>fällig</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Aktenzeichen</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>Stelle</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Gegenstand</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Bearbeitung</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Doppelklick oder Eingabetaste öffnet den Auftrag</source>
        <translation>Double-click or Enter opens the order</translation>
    </message>
    <message>
        <source>&amp;Ausgeben…</source>
        <translation>Check &amp;out…</translation>
    </message>
    <message>
        <source>Freies Fahrrad an eine Dienstkraft ausgeben</source>
        <translation>Check out a free bike to an officer</translation>
    </message>
    <message>
        <source>&amp;Zurücknehmen…</source>
        <translation>Check &amp;in…</translation>
    </message>
    <message>
        <source>Ausgegebenes Fahrrad zurücknehmen, Defekte melden (Eingabetaste in der Liste)</source>
        <translation>Check in a checked-out bike, report defects (Enter in the list)</translation>
    </message>
    <message>
        <source>&amp;Schichtbericht</source>
        <translation>&amp;Shift summary</translation>
    </message>
    <message>
        <source>Schichtbericht des markierten Dienstes (Doppelklick oder Eingabetaste)</source>
        <translation>Shift summary of the selected duty (double-click or Enter)</translation>
    </message>
    <message>
        <source>Dienste heute</source>
        <translation>Today’s shifts</translation>
    </message>
    <message>
        <source>Fahrräder unterwegs</source>
        <translation>Bikes out</translation>
    </message>
    <message>
        <source>Überfällige Ermittlungsaufträge</source>
        <translation>Overdue investigation requests</translation>
    </message>
    <message>
        <source>⚠ {time} (überfällig)</source>
        <translation>⚠ {time} (overdue)</translation>
    </message>
    <message>
        <source>im Dienst</source>
        <translation>on duty</translation>
    </message>
    <message>
        <source>beendet</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>geplant</source>
        <translation>scheduled</translation>
    </message>
    <message>
        <source>Übersicht – {weekday}, {date}, Stand {time}</source>
        <translation>Overview – {weekday}, {date}, as of {time}</translation>
    </message>
    <message>
        <source>{n} in den letzten 24 Stunden gemeldet</source>
        <translation>{n} reported in the last 24 hours</translation>
    </message>
    <message>
        <source>Nicht einsatzbereit: {bikes}</source>
        <translation>Out of service: {bikes}</translation>
    </message>
    <message>
        <source>Alle Fahrräder einsatzbereit.</source>
        <translation>All bikes ready for service.</translation>
    </message>
    <message>
        <source>Keine Inspektion in den nächsten 14 Tagen.</source>
        <translation>No inspection due in the next 14 days.</translation>
    </message>
    <message>
        <source>{bike} überfällig</source>
        <translation>{bike} overdue</translation>
    </message>
    <message>
        <source>{bike} am {date}</source>
        <translation>{bike} on {date}</translation>
    </message>
    <message>
        <source>Inspektion fällig (14 Tage): </source>
        <translation>Inspection due (14 days): </translation>
    </message>
    <message>
        <source>Kein einsatzbereites Fahrrad ist frei.</source>
        <translation>No usable bike is free.</translation>
    </message>
    <message>
        <source>Für Ihren Dienst ist jetzt kein einsatzbereites Fahrrad gebucht. Andere Fahrräder gibt die Dienstgruppenleitung oder die Administration aus.</source>
        <translation>No usable bike is booked for your duty now. Other bikes are handed out by the shift supervisors or the administration.</translation>
    </message>
    <message>
        <source>Es ist kein Fahrrad ausgegeben.</source>
        <translation>No bike is checked out.</translation>
    </message>
    <message>
        <source>Kein Fahrrad Ihres Dienstes ist ausgegeben.</source>
        <translation>No bike of your duty is out.</translation>
    </message>
    <message>
        <source>Fahrräder</source>
        <translation>Bikes</translation>
    </message>
</context>
<context>
    <name>PackagesBox</name>
    <message>
        <source>Pakete austauschen</source>
        <translation>Exchange packages</translation>
    </message>
    <message>
        <source>Für welche Stationen das Paket bestimmt ist: nur sie können es lesen und einspielen.</source>
        <translation>Which stations the package is for: only they can read and apply it.</translation>
    </message>
    <message>
        <source>vollständig (alles, nicht nur Änderungen)</source>
        <translation>complete (everything, not only changes)</translation>
    </message>
    <message>
        <source>Sonst enthält das Paket nur, was sich seit dem letzten Austausch mit den gewählten Stationen geändert hat.</source>
        <translation>Otherwise the package holds only what changed since the last exchange with the chosen stations.</translation>
    </message>
    <message>
        <source>Paket &amp;exportieren…</source>
        <translation>&amp;Export package…</translation>
    </message>
    <message>
        <source>Paket e&amp;inspielen…</source>
        <translation>&amp;Import package…</translation>
    </message>
    <message>
        <source>… oder eine .kodsync-Datei mit der Maus auf diese Seite ziehen.</source>
        <translation>… or drag a .kodsync file onto this page.</translation>
    </message>
    <message>
        <source>Exportieren a&amp;n:</source>
        <translation>Export &amp;to:</translation>
    </message>
    <message>
        <source>Einspielen:</source>
        <translation>Import:</translation>
    </message>
    <message>
        <source>Fingerabdruck {f}</source>
        <translation>Fingerprint {f}</translation>
    </message>
    <message>
        <source>{name} (neue Schlüsseldatei nötig)</source>
        <translation>{name} (new key file needed)</translation>
    </message>
    <message>
        <source>Von dieser Station fehlt der Schlüssel zum Verschlüsseln: bitte ihre neue Schlüsseldatei eintragen.</source>
        <translation>The encryption key of this station is missing: please add its new key file.</translation>
    </message>
    <message>
        <source>(noch keine vertrauenswürdige Station)</source>
        <translation>(no trusted station yet)</translation>
    </message>
    <message>
        <source>Erst die Empfängerstation(en) ankreuzen.</source>
        <translation>Tick the recipient station(s) first.</translation>
    </message>
    <message>
        <source>Pakete spielt die Dienstgruppenleitung oder die Verwaltung ein.</source>
        <translation>Packages are applied by supervisors or administrators.</translation>
    </message>
    <message>
        <source>{done} von {total} Datensätzen</source>
        <translation>{done} of {total} records</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Passwort setzen</source>
        <translation>Set password</translation>
    </message>
    <message>
        <source>Neues Passwort für {name} (Dienstnummer {number}). Mindestens 10 Zeichen; eine Sperre nach Fehlversuchen endet damit.</source>
        <translation>New password for {name} (service number {number}). At least 10 characters; a lock after failed logins ends with it.</translation>
    </message>
    <message>
        <source>&amp;Neues Passwort:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>&amp;Wiederholen:</source>
        <translation>&amp;Repeat:</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Seitenbreite</source>
        <translation>Page width</translation>
    </message>
    <message>
        <source>Ganze Seite</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Ansicht:</source>
        <translation>View:</translation>
    </message>
    <message>
        <source>1 Seite</source>
        <translation>1 page</translation>
    </message>
    <message>
        <source>{n} Seiten</source>
        <translation>{n} pages</translation>
    </message>
</context>
<context>
    <name>PeerTableModel</name>
    <message>
        <source>Nr. {n}</source>
        <translation>No. {n}</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Fingerabdruck</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Vertraut</source>
        <translation>Trusted</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Büro</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Nur Pakete des Büros dürfen Rollen, Passwörter und Anmeldedaten ändern – und nur, wenn eine Administration sie einspielt.</source>
        <translation>Only packages of the office may change roles, passwords and login data – and only when an administrator applies them.</translation>
    </message>
    <message>
        <source>Letzter Austausch</source>
        <translation>Last exchange</translation>
    </message>
    <message>
        <source>noch nie</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Exportiert bis</source>
        <translation>Exported up to</translation>
    </message>
    <message>
        <source>Letzte eigene Änderung, die an diese Station ging</source>
        <translation>Last own change sent to this station</translation>
    </message>
    <message>
        <source>Eingespielt bis</source>
        <translation>Imported up to</translation>
    </message>
    <message>
        <source>Letzte Änderung dieser Station, die hier ankam</source>
        <translation>Last change of this station that arrived here</translation>
    </message>
</context>
<context>
    <name>PeersBox</name>
    <message>
        <source>Vertrauenswürdige Stationen</source>
        <translation>Trusted stations</translation>
    </message>
    <message>
        <source>Station &amp;hinzufügen…</source>
        <translation>&amp;Add station…</translation>
    </message>
    <message>
        <source>Schlüsseldatei einer anderen Station eintragen</source>
        <translation>Enter the key file of another station</translation>
    </message>
    <message>
        <source>Vertrauen en&amp;tziehen</source>
        <translation>&amp;Revoke trust</translation>
    </message>
    <message>
        <source>Als &amp;Büro festlegen</source>
        <translation>Mark as &amp;office</translation>
    </message>
    <message>
        <source>Die gewählte Station ist das Büro: nur ihre Pakete dürfen Rollen und Passwörter ändern (nochmals klicken: nicht mehr).</source>
        <translation>The chosen station is the office: only its packages may change roles and passwords (click again: no longer).</translation>
    </message>
    <message>
        <source>Nur für die Verwaltung (Administration)</source>
        <translation>Administrators only</translation>
    </message>
    <message>
        <source>Schlüsseldatei einer Station öffnen</source>
        <translation>Open a station&apos;s key file</translation>
    </message>
    <message>
        <source>Schlüsseldateien (*.kodkey *.pub);;Alle Dateien (*)</source>
        <translation>Key files (*.kodkey *.pub);;All files (*)</translation>
    </message>
    <message>
        <source>Die Datei {name} lässt sich nicht lesen.</source>
        <translation>The file {name} cannot be read.</translation>
    </message>
    <message>
        <source>Station hinzufügen</source>
        <translation>Add station</translation>
    </message>
    <message>
        <source>Schlüssel der Station „{name}“.

Fingerabdruck am Telefon vergleichen:
{fingerprint}

Stimmt er überein?</source>
        <translation>Key of the station “{name}”.

Compare the fingerprint on the phone:
{fingerprint}

Does it match?</translation>
    </message>
    <message>
        <source>Nicht eingetragen: der Fingerabdruck wurde nicht bestätigt.</source>
        <translation>Not entered: the fingerprint was not confirmed.</translation>
    </message>
    <message>
        <source>Die Station „{name}“ ist jetzt vertrauenswürdig.</source>
        <translation>The station “{name}” is now trusted.</translation>
    </message>
    <message>
        <source>Bitte zuerst eine Station auswählen.</source>
        <translation>Please select a station first.</translation>
    </message>
    <message>
        <source>„{name}“ ist nicht mehr das Büro.</source>
        <translation>“{name}” is no longer the office.</translation>
    </message>
    <message>
        <source>„{name}“ ist jetzt das Büro: ihre Pakete dürfen Rollen ändern.</source>
        <translation>“{name}” is now the office: its packages may change roles.</translation>
    </message>
    <message>
        <source>Vertrauen entziehen</source>
        <translation>Revoke trust</translation>
    </message>
    <message>
        <source>Der Station „{name}“ das Vertrauen entziehen?

Pakete von dort werden danach abgelehnt, bis ihr Schlüssel wieder eingetragen wird.</source>
        <translation>Revoke trust in the station “{name}”?

Packages from there are refused afterwards until its key is entered again.</translation>
    </message>
    <message>
        <source>Der Station „{name}“ wird nicht mehr vertraut.</source>
        <translation>The station “{name}” is no longer trusted.</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Person hinzufügen</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>TT.MM.JJJJ</source>
        <translation>DD.MM.YYYY</translation>
    </message>
    <message>
        <source>Straße Nr., PLZ Ort</source>
        <translation>Street no., postcode town</translation>
    </message>
    <message>
        <source>z. B. Mann, ca. 30 Jahre, rote Jacke</source>
        <translation>e.g. man, about 30, red jacket</translation>
    </message>
    <message>
        <source>Personenbezogene Daten – nur für den Dienstgebrauch.</source>
        <translation>Personal data – for official use only.</translation>
    </message>
    <message>
        <source>&amp;Rolle:</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <source>&amp;Nachname:</source>
        <translation>&amp;Last name:</translation>
    </message>
    <message>
        <source>&amp;Vorname:</source>
        <translation>&amp;First name:</translation>
    </message>
    <message>
        <source>&amp;Geburtsdatum:</source>
        <translation>&amp;Date of birth:</translation>
    </message>
    <message>
        <source>&amp;Anschrift:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>&amp;Beschreibung:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>Geburtsdatum: Bitte als TT.MM.JJJJ angeben, z. B. 01.05.1980.</source>
        <translation>Date of birth: please enter as DD.MM.YYYY, e.g. 01.05.1980.</translation>
    </message>
</context>
<context>
    <name>PersonsSection</name>
    <message>
        <source>Beteiligte Personen</source>
        <translation>Persons involved</translation>
    </message>
    <message>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Anschrift</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Beschreibung</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Personen &amp;anzeigen …</source>
        <translation>Sho&amp;w persons …</translation>
    </message>
    <message>
        <source>Ausblenden</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>&amp;Person hinzufügen …</source>
        <translation>Add &amp;person …</translation>
    </message>
    <message>
        <source>Keine beteiligten Personen erfasst.</source>
        <translation>No persons involved recorded.</translation>
    </message>
    <message>
        <source>{n} erfasst – &lt;b&gt;Nur für Berechtigte sichtbar&lt;/b&gt;</source>
        <translation>{n} recorded – &lt;b&gt;visible to authorised users only&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{n} erfasst</source>
        <translation>{n} recorded</translation>
    </message>
    <message>
        <source>{n} erfasst (personenbezogene Daten, ausgeblendet)</source>
        <translation>{n} recorded (personal data, hidden)</translation>
    </message>
    <message>
        <source>Personenbezogene Daten – Zugriff protokolliert (Grund: {reason})</source>
        <translation>Personal data – access logged (reason: {reason})</translation>
    </message>
    <message>
        <source>1 Person</source>
        <translation>1 person</translation>
    </message>
    <message>
        <source>{n} Personen</source>
        <translation>{n} persons</translation>
    </message>
</context>
<context>
    <name>QuickEntryDialog</name>
    <message>
        <source>Neues Vorkommnis</source>
        <translation>New incident</translation>
    </message>
    <message>
        <source>– bitte wählen –</source>
        <translation>– please choose –</translation>
    </message>
    <message>
        <source>Was geschah? Strg+Enter speichert.</source>
        <translation>What happened? Ctrl+Enter saves.</translation>
    </message>
    <message>
        <source>&amp;Zeit:</source>
        <translation>T&amp;ime:</translation>
    </message>
    <message>
        <source>&amp;Gebiet:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>&amp;Dienstkräfte:</source>
        <translation>O&amp;fficers:</translation>
    </message>
    <message>
        <source>&amp;Kategorie:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>Gebiet, Dienst und Besatzung: mit Gebiet und Dienstkräfte unten ändern</source>
        <translation>Area, duty and crew: change them with Area and Officers below</translation>
    </message>
    <message>
        <source>Leer lassen für jetzt, oder z. B. „18:46“, „gestern 22:10“, „7.12. 18:46“</source>
        <translation>Leave empty for now, or e.g. “18:46”, “gestern 22:10”, “7.12. 18:46”</translation>
    </message>
    <message>
        <source>optional, z. B. 54,0758; 9,9805</source>
        <translation>optional, e.g. 54.0758; 9.9805</translation>
    </message>
    <message>
        <source>Ö&amp;ffnen</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Das gespeicherte Vorkommnis öffnen</source>
        <translation>Open the saved incident</translation>
    </message>
    <message>
        <source>tippen, z. B. „ruhe“, dann Tab</source>
        <translation>type, e.g. “ruhe”, then Tab</translation>
    </message>
    <message>
        <source>&amp;Maßnahmen:</source>
        <translation>&amp;Measures:</translation>
    </message>
    <message>
        <source>&amp;Quelle:</source>
        <translation>S&amp;ource:</translation>
    </message>
    <message>
        <source>Speichern und &amp;neu</source>
        <translation>Save and &amp;new</translation>
    </message>
    <message>
        <source>Speichern, Gebiet und Besatzung behalten, nächstes Vorkommnis (Strg+Umschalt+Enter)</source>
        <translation>Save, keep area and crew, next incident (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Speichern und schließen (Strg+Enter)</source>
        <translation>Save and close (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>= jetzt ({moment})</source>
        <translation>= now ({moment})</translation>
    </message>
    <message>
        <source>&amp;Ort:</source>
        <translation>&amp;Place:</translation>
    </message>
    <message>
        <source>Koord&amp;inaten:</source>
        <translation>Coord&amp;inates:</translation>
    </message>
    <message>
        <source>&amp;Beschreibung:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>Verwerfen</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Kategorie: „{text}“ steht nicht im Katalog.</source>
        <translation>Category: “{text}” is not in the catalogue.</translation>
    </message>
    <message>
        <source>{reference} gespeichert</source>
        <translation>{reference} saved</translation>
    </message>
    <message>
        <source>Entwurf wiederhergestellt</source>
        <translation>Draft restored</translation>
    </message>
    <message>
        <source>Videoaufnahmen sichern bis {deadline}</source>
        <translation>Secure video footage by {deadline}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Berichte</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Schichtbericht</source>
        <translation>Shift summary</translation>
    </message>
    <message>
        <source>Ein Dienst: Besatzung, Fahrräder, Chronologie, Übergabe, Unterschriften</source>
        <translation>One duty: crew, bikes, chronology, handover, signatures</translation>
    </message>
    <message>
        <source>Tagesdienstbericht</source>
        <translation>Daily duty report</translation>
    </message>
    <message>
        <source>Alle Dienste eines Tages, verdichtet</source>
        <translation>All duties of a day, condensed</translation>
    </message>
    <message>
        <source>Wochendienstplan</source>
        <translation>Weekly roster</translation>
    </message>
    <message>
        <source>Dienstkräfte × Tage im Querformat, Änderungen nach Veröffentlichung und Regelhinweise</source>
        <translation>Officers × days in landscape, changes after publishing and rule findings</translation>
    </message>
    <message>
        <source>Vorkommnisbericht</source>
        <translation>Incident report</translation>
    </message>
    <message>
        <source>Ein Vorkommnis mit Vermerken und Maßnahmen; Personen nur mit Berechtigung</source>
        <translation>One incident with notes and measures; persons only with permission</translation>
    </message>
    <message>
        <source>Fahrtenbuch</source>
        <translation>Bike logbook</translation>
    </message>
    <message>
        <source>Ein Fahrrad, ein Zeitraum</source>
        <translation>One bike, one period</translation>
    </message>
    <message>
        <source>Monatsstatistik</source>
        <translation>Monthly statistics</translation>
    </message>
    <message>
        <source>Für das Controlling, ohne personenbezogene Daten</source>
        <translation>For controlling, without personal data</translation>
    </message>
    <message>
        <source>Noch keine Vorschau: links einen Bericht wählen und „Vorschau erstellen“.</source>
        <translation>No preview yet: choose a report on the left and “Create preview”.</translation>
    </message>
    <message>
        <source>z. B. VK-2025-000123</source>
        <translation>e.g. VK-2025-000123</translation>
    </message>
    <message>
        <source>wird mit protokolliert (optional)</source>
        <translation>is logged as well (optional)</translation>
    </message>
    <message>
        <source>Datum:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>Dienst:</source>
        <translation>Duty:</translation>
    </message>
    <message>
        <source>Aktenzeichen:</source>
        <translation>Reference:</translation>
    </message>
    <message>
        <source>Anlass:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Fahrrad:</source>
        <translation>Bike:</translation>
    </message>
    <message>
        <source>von:</source>
        <translation>from:</translation>
    </message>
    <message>
        <source>bis:</source>
        <translation>to:</translation>
    </message>
    <message>
        <source>Monat:</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>&amp;Vorschau erstellen</source>
        <translation>Create &amp;preview</translation>
    </message>
    <message>
        <source>Bericht mit diesen Angaben erstellen (Eingabetaste)</source>
        <translation>Create the report with these details (Enter)</translation>
    </message>
    <message>
        <source>&amp;Drucken…</source>
        <translation>P&amp;rint…</translation>
    </message>
    <message>
        <source>Die Vorschau drucken (Strg+P)</source>
        <translation>Print the preview (Ctrl+P)</translation>
    </message>
    <message>
        <source>Als PDF &amp;speichern…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <source>Die Vorschau als PDF-Datei speichern (Strg+S)</source>
        <translation>Save the preview as a PDF file (Ctrl+S)</translation>
    </message>
    <message>
        <source>Bericht</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>KW {week}: {first} bis {last}</source>
        <translation>Week {week}: {first} to {last}</translation>
    </message>
    <message>
        <source>kein Dienst an diesem Tag</source>
        <translation>no duty on this day</translation>
    </message>
    <message>
        <source>Die Datenbank ist noch nicht geöffnet.</source>
        <translation>The database is not open yet.</translation>
    </message>
    <message>
        <source>Am {day} ist kein Dienst geplant.</source>
        <translation>No duty is planned on {day}.</translation>
    </message>
    <message>
        <source>Bitte das Aktenzeichen des Vorkommnisses angeben.</source>
        <translation>Please enter the incident&apos;s reference.</translation>
    </message>
    <message>
        <source>Bitte ein Fahrrad wählen.</source>
        <translation>Please choose a bike.</translation>
    </message>
    <message>
        <source>„bis“ liegt vor „von“.</source>
        <translation>“to” is before “from”.</translation>
    </message>
    <message>
        <source>Vorschau: 1 Seite.</source>
        <translation>Preview: 1 page.</translation>
    </message>
    <message>
        <source>Vorschau: {n} Seiten.</source>
        <translation>Preview: {n} pages.</translation>
    </message>
    <message>
        <source>Bericht wird erstellt …</source>
        <translation>Creating the report …</translation>
    </message>
    <message>
        <source>Bericht drucken</source>
        <translation>Print report</translation>
    </message>
    <message>
        <source>Gedruckt: 1 Seite.</source>
        <translation>Printed: 1 page.</translation>
    </message>
    <message>
        <source>Gedruckt: {n} Seiten.</source>
        <translation>Printed: {n} pages.</translation>
    </message>
    <message>
        <source>Bericht als PDF speichern</source>
        <translation>Save report as PDF</translation>
    </message>
    <message>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Bericht speichern</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>RosterHeader</name>
    <message>
        <source>Dienstplan</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>Zur Woche dieses Tages springen</source>
        <translation>Go to the week of this day</translation>
    </message>
    <message>
        <source>Vorige Woche (Bild ↑; vier Wochen: Strg+Bild ↑)</source>
        <translation>Previous week (Page Up; four weeks: Ctrl+Page Up)</translation>
    </message>
    <message>
        <source>Heute</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Nächste Woche (Bild ↓; vier Wochen: Strg+Bild ↓)</source>
        <translation>Next week (Page Down; four weeks: Ctrl+Page Down)</translation>
    </message>
    <message>
        <source>Wiederholen (Strg+Y)</source>
        <translation>Redo (Ctrl+Y)</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <source>Dienstplan</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>Noch keine aktiven Dienstkräfte: unter &lt;b&gt;Stammdaten&lt;/b&gt; anlegen oder die Personalliste einlesen, dann hier Dienste anlegen oder einen Dienstplan importieren (Datei → Dienstplan importieren).</source>
        <translation>No active officers yet: add them under &lt;b&gt;Master data&lt;/b&gt; or import the staff list, then create shifts here or import a roster (File → Import roster).</translation>
    </message>
    <message>
        <source>Schichtbericht</source>
        <translation>Shift summary</translation>
    </message>
    <message>
        <source>Rückgängig: {0}</source>
        <translation>Undo: {0}</translation>
    </message>
    <message>
        <source>Den Dienstplan ändern nur Dienstgruppenleitung und Verwaltung.</source>
        <translation>Only shift supervisors and administration change the roster.</translation>
    </message>
    <message>
        <source>Bitte zuerst einen Dienst markieren.</source>
        <translation>Please select a duty first.</translation>
    </message>
    <message>
        <source>Fahrrad {bike} für {name} buchen</source>
        <translation>Book bike {bike} for {name}</translation>
    </message>
    <message>
        <source>{name} hat für diesen Dienst kein Fahrrad gebucht.</source>
        <translation>{name} has no bike booked for this duty.</translation>
    </message>
    <message>
        <source>Vorschlag wird berechnet …</source>
        <translation>Computing suggestion…</translation>
    </message>
    <message>
        <source>Vorschlag</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>Die Woche hat {n} Fehler nach Arbeitszeitgesetz/Dienstregeln. Veröffentlichen nur mit einem Grund.</source>
        <translation>The week has {n} errors against the Working Hours Act/duty rules. Publish only with a reason.</translation>
    </message>
    <message>
        <source>{week} veröffentlichen?</source>
        <translation>Publish {week}?</translation>
    </message>
    <message>
        <source>&amp;Veröffentlichen</source>
        <translation>&amp;Publish</translation>
    </message>
    <message>
        <source>Veröffentlichen</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>Diese Woche hat keine Dienste zum Kopieren.</source>
        <translation>This week has no duties to copy.</translation>
    </message>
    <message>
        <source>Woche kopieren</source>
        <translation>Copy week</translation>
    </message>
    <message>
        <source>Woche nach {week} kopieren?</source>
        <translation>Copy week to {week}?</translation>
    </message>
    <message>
        <source>&amp;Kopieren</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source> · kopiert aus KW {week} (Strg+Z nimmt es zurück)</source>
        <translation> · copied from week {week} (Ctrl+Z takes it back)</translation>
    </message>
    <message>
        <source>Diese Woche ist noch nicht veröffentlicht – gezeigt wird die Planung.</source>
        <translation>This week has not been published yet – showing the plan.</translation>
    </message>
    <message>
        <source>Entwurf – noch nicht veröffentlicht</source>
        <translation>Draft – not yet published</translation>
    </message>
    <message>
        <source>Veröffentlicht am {when} von {who}</source>
        <translation>Published on {when} by {who}</translation>
    </message>
    <message>
        <source> · {n} Dienste seitdem geändert (*)</source>
        <translation> · {n} shifts changed since (*)</translation>
    </message>
    <message>
        <source>Dienste am {weekday} {date}</source>
        <translation>Shifts on {weekday} {date}</translation>
    </message>
    <message>
        <source>{name} ist für diesen Dienst nicht eingeteilt.</source>
        <translation>{name} is not assigned to this shift.</translation>
    </message>
    <message>
        <source>Dienstplan – KW {week}, {first}–{last}</source>
        <translation>Roster – week {week}, {first}–{last}</translation>
    </message>
    <message>
        <source>Keine offenen Dienste in dieser Woche.</source>
        <translation>No open duties this week.</translation>
    </message>
    <message>
        <source>Die veröffentlichte Fassung ist schreibgeschützt. Zum Ändern „Veröffentlichte Fassung“ ausschalten.</source>
        <translation>The published version is read-only. Switch off “Published version” to make changes.</translation>
    </message>
    <message>
        <source>Dienstplan importieren</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Die fehlerhaften Zeilen stehen unter „Details“.</source>
        <translation>The faulty lines are listed under “Details”.</translation>
    </message>
    <message>
        <source>Nur fehlerfreie Dienste importieren</source>
        <translation>Import only the correct shifts</translation>
    </message>
    <message>
        <source>Nichts importieren</source>
        <translation>Import nothing</translation>
    </message>
    <message>
        <source>Dienstplan exportieren</source>
        <translation>Export roster</translation>
    </message>
    <message>
        <source>Excel-Arbeitsmappe (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV-Dateien (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Bitte zuerst eine Dienstkraft markieren.</source>
        <translation>Please select an officer first.</translation>
    </message>
    <message>
        <source>Dienstpläne (*.xlsx *.csv)</source>
        <translation>Rosters (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Alle (*)</source>
        <translation>All (*)</translation>
    </message>
    <message>
        <source>{0}: größer als {1} MB – das ist kein Dienstplan.</source>
        <translation>{0}: larger than {1} MB – that is not a roster.</translation>
    </message>
    <message>
        <source>Dienste als Kalender speichern</source>
        <translation>Save shifts as calendar</translation>
    </message>
    <message>
        <source>Kalender (*.ics)</source>
        <translation>Calendar (*.ics)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>RosterSidePanel</name>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Gebiet</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Ist/Soll</source>
        <translation>Staffed/Min.</translation>
    </message>
    <message>
        <source>Besatzung</source>
        <translation>Crew</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <source>Fahrräder</source>
        <translation>Bikes</translation>
    </message>
    <message>
        <source>Neuer Dienst…</source>
        <translation>New shift…</translation>
    </message>
    <message>
        <source>Einteilen</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Markierte Dienstkraft in den markierten Dienst einteilen (Eingabe)</source>
        <translation>Assign the selected officer to the selected shift (Enter)</translation>
    </message>
    <message>
        <source>Austragen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Streifenführung</source>
        <translation>Patrol lead</translation>
    </message>
    <message>
        <source>Dienst löschen</source>
        <translation>Delete shift</translation>
    </message>
    <message>
        <source>Dienst bearbeiten…</source>
        <translation>Edit shift…</translation>
    </message>
    <message>
        <source>Ist-Zeiten…</source>
        <translation>Actual times…</translation>
    </message>
    <message>
        <source>Tatsächlichen Beginn, Ende und Pause der markierten Dienstkraft erfassen</source>
        <translation>Record the selected officer’s actual start, end and break</translation>
    </message>
    <message>
        <source>Fahrrad buchen…</source>
        <translation>Book bike…</translation>
    </message>
    <message>
        <source>Der markierten Dienstkraft ein Dienstfahrrad für die markierte Radstreife buchen</source>
        <translation>Book a service bike for the selected officer on the selected bike patrol</translation>
    </message>
    <message>
        <source>Buchung stornieren</source>
        <translation>Cancel booking</translation>
    </message>
    <message>
        <source>Die Fahrradbuchung der markierten Dienstkraft für den markierten Dienst stornieren</source>
        <translation>Cancel the selected officer&apos;s bike booking for the selected duty</translation>
    </message>
    <message>
        <source>Schichtbericht</source>
        <translation>Shift summary</translation>
    </message>
    <message>
        <source>Schichtbericht des markierten Dienstes ansehen, drucken oder speichern</source>
        <translation>View, print or save the shift summary of the selected duty</translation>
    </message>
    <message>
        <source>Ist-Zeiten prüfen</source>
        <translation>Check actual times</translation>
    </message>
    <message>
        <source>Regeln auf die erfassten Ist-Zeiten anwenden (sonst auf die Plan-Zeiten)</source>
        <translation>Apply the rules to the recorded actual times (otherwise to the planned times)</translation>
    </message>
    <message>
        <source>Prüfung: {errors} Fehler, {warnings} Hinweise</source>
        <translation>Check: {errors} errors, {warnings} warnings</translation>
    </message>
</context>
<context>
    <name>RosterToolbar</name>
    <message>
        <source>Abwesenheit</source>
        <translation>Absence</translation>
    </message>
    <message>
        <source>Eintragen (Urlaub, krank, Fortbildung)…</source>
        <translation>Record (leave, sickness, training)…</translation>
    </message>
    <message>
        <source>Markierte Abwesenheit löschen</source>
        <translation>Delete the selected absence</translation>
    </message>
    <message>
        <source>Woche &amp;kopieren…</source>
        <translation>&amp;Copy week…</translation>
    </message>
    <message>
        <source>Alle Dienste dieser Woche in die Folgewoche kopieren (fragt vorher)</source>
        <translation>Copy all duties of this week into the next week (asks first)</translation>
    </message>
    <message>
        <source>&amp;Veröffentlichen…</source>
        <translation>&amp;Publish…</translation>
    </message>
    <message>
        <source>Die Woche für die Dienstkräfte veröffentlichen (zeigt vorher, was)</source>
        <translation>Publish the week for the officers (shows what first)</translation>
    </message>
    <message>
        <source>Datei</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Dienstplan importieren (CSV, Excel)…</source>
        <translation>Import roster (CSV, Excel)…</translation>
    </message>
    <message>
        <source>Woche exportieren (CSV, Excel)…</source>
        <translation>Export week (CSV, Excel)…</translation>
    </message>
    <message>
        <source>Nachweis über 8 h je Tag (§16 ArbZG)…</source>
        <translation>Record of days over 8 h (§16 Working Hours Act)…</translation>
    </message>
    <message>
        <source>Dienste der markierten Dienstkraft als Kalender (.ics)…</source>
        <translation>Selected officer’s shifts as calendar (.ics)…</translation>
    </message>
    <message>
        <source>Vorschla&amp;g…</source>
        <translation>Su&amp;ggest…</translation>
    </message>
    <message>
        <source>Offene Plätze der Woche ohne Regelverstoß besetzen lassen</source>
        <translation>Fill the week’s open slots without breaking a rule</translation>
    </message>
    <message>
        <source>Regeln…</source>
        <translation>Rules…</translation>
    </message>
    <message>
        <source>Schwellen der Arbeitszeitregeln (ArbZG-Standard)</source>
        <translation>Thresholds of the working-time rules (German Working Hours Act defaults)</translation>
    </message>
    <message>
        <source>Alle Einheiten</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>Alle Qualifikationen</source>
        <translation>All qualifications</translation>
    </message>
    <message>
        <source>Alle Gebiete</source>
        <translation>All areas</translation>
    </message>
    <message>
        <source>Ansicht</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Veröffentlichte Fassung</source>
        <translation>Published version</translation>
    </message>
    <message>
        <source>Die Woche so zeigen, wie sie veröffentlicht wurde (was die Dienstkräfte sehen)</source>
        <translation>Show the week as it was published (what officers see)</translation>
    </message>
    <message>
        <source>Kompakt: eine Zeile je Dienstkraft</source>
        <translation>Compact: one line per officer</translation>
    </message>
    <message>
        <source>Dienste des Tages und Prüfung</source>
        <translation>Duties of the day and check</translation>
    </message>
</context>
<context>
    <name>RosterViews</name>
    <message>
        <source>Woche</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>F9 zeigt die Dienste des Tages und die Prüfung</source>
        <translation>F9 shows the duties of the day and the check</translation>
    </message>
    <message>
        <source>Prüfung: {errors} Fehler, {warnings} Hinweise (F9) </source>
        <translation>Check: {errors} errors, {warnings} warnings (F9) </translation>
    </message>
</context>
<context>
    <name>RuleSettingsDialog</name>
    <message>
        <source>Regeln für den Dienstplan</source>
        <translation>Roster rules</translation>
    </message>
    <message>
        <source>Standard nach ArbZG</source>
        <translation>Working Hours Act defaults</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <source>Neuer Dienst</source>
        <translation>New shift</translation>
    </message>
    <message>
        <source>Dienst bearbeiten</source>
        <translation>Edit shift</translation>
    </message>
    <message>
        <source>— frei —</source>
        <translation>— custom —</translation>
    </message>
    <message>
        <source>— kein Gebiet —</source>
        <translation>— no area —</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Vorlage:</source>
        <translation>&amp;Template:</translation>
    </message>
    <message>
        <source>&amp;Datum:</source>
        <translation>&amp;Date:</translation>
    </message>
    <message>
        <source>&amp;Zeit:</source>
        <translation>T&amp;ime:</translation>
    </message>
    <message>
        <source>&amp;Art:</source>
        <translation>T&amp;ype:</translation>
    </message>
    <message>
        <source>&amp;Gebiet:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>&amp;Mindestbesetzung:</source>
        <translation>&amp;Minimum staffing:</translation>
    </message>
    <message>
        <source>&amp;Pause:</source>
        <translation>&amp;Break:</translation>
    </message>
    <message>
        <source>&amp;Bemerkung:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>endet am Folgetag</source>
        <translation>ends the next day</translation>
    </message>
</context>
<context>
    <name>StationBox</name>
    <message>
        <source>Diese Station</source>
        <translation>This station</translation>
    </message>
    <message>
        <source>Fingerabdruck dieser Station. Wer Ihre Schlüsseldatei einträgt, vergleicht ihn mit Ihnen am Telefon.</source>
        <translation>Fingerprint of this station. Whoever enters your key file compares it with you on the phone.</translation>
    </message>
    <message>
        <source>Schlüsseldatei &amp;speichern…</source>
        <translation>&amp;Save key file…</translation>
    </message>
    <message>
        <source>Für die Verwaltung der anderen Station: damit vertraut sie dieser Station.</source>
        <translation>For the administrator of the other station: with it, that station trusts this one.</translation>
    </message>
    <message>
        <source>(noch kein Schlüssel)</source>
        <translation>(no key yet)</translation>
    </message>
</context>
<context>
    <name>StatisticsCharts</name>
    <message>
        <source>Klick auf einen Balken öffnet die Liste dieser Vorkommnisse.</source>
        <translation>A click on a bar opens the list of these incidents.</translation>
    </message>
    <message>
        <source>Personenstunden je Gebiet und Dienstart</source>
        <translation>Person hours per area and duty kind</translation>
    </message>
    <message>
        <source>Vorkommnisse nach Kategorie und Gebiet</source>
        <translation>Incidents by category and area</translation>
    </message>
    <message>
        <source>Kategorien ohne Vorkommnisse sind ausgeblendet.</source>
        <translation>Categories without incidents are hidden.</translation>
    </message>
    <message>
        <source>Vorkommnisse nach Wochentag und Uhrzeit</source>
        <translation>Incidents by weekday and time of day</translation>
    </message>
    <message>
        <source>Je dunkler, desto mehr Vorkommnisse; rechts die Summe je Wochentag.</source>
        <translation>The darker, the more incidents; the total per weekday on the right.</translation>
    </message>
    <message>
        <source>Entwicklung der letzten sechs Monate</source>
        <translation>Trend of the last six months</translation>
    </message>
    <message>
        <source>Streifenstunden nach Gebiet und Dienstart</source>
        <translation>Patrol hours by area and duty kind</translation>
    </message>
    <message>
        <source>Personenstunden; ohne Dienste, die noch nicht begonnen haben.</source>
        <translation>Person hours; duties that have not started yet are not counted.</translation>
    </message>
    <message>
        <source>Getroffene Maßnahmen</source>
        <translation>Measures taken</translation>
    </message>
    <message>
        <source>Vorkommnisse nach Quelle</source>
        <translation>Incidents by source</translation>
    </message>
    <message>
        <source>1 Vorkommnis</source>
        <translation>1 incident</translation>
    </message>
    <message>
        <source>{n} Vorkommnisse</source>
        <translation>{n} incidents</translation>
    </message>
    <message>
        <source>{category} · {area}: {what} – Klick öffnet die Liste</source>
        <translation>{category} · {area}: {what} – a click opens the list</translation>
    </message>
    <message>
        <source>Vorkommnisse</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Keine Vorkommnisse in diesen sechs Monaten.</source>
        <translation>No incidents in these six months.</translation>
    </message>
    <message>
        <source>{month}: {what} – Klick öffnet die Liste</source>
        <translation>{month}: {what} – a click opens the list</translation>
    </message>
    <message>
        <source>Keine Streifenstunden im gewählten Zeitraum.</source>
        <translation>No patrol hours in the chosen period.</translation>
    </message>
    <message>
        <source>{area} · {kind}: {h} h in {n} Diensten</source>
        <translation>{area} · {kind}: {h} h in {n} duties</translation>
    </message>
    <message>
        <source>Personenstunden</source>
        <translation>Person hours</translation>
    </message>
    <message>
        <source>Keine Maßnahmen im gewählten Zeitraum.</source>
        <translation>No measures in the chosen period.</translation>
    </message>
    <message>
        <source>{measure}: {n}-mal – Klick öffnet die Liste</source>
        <translation>{measure}: {n} times – a click opens the list</translation>
    </message>
    <message>
        <source>Maßnahmen</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>Anzahl</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>{source}: {what} – Klick öffnet die Liste</source>
        <translation>{source}: {what} – a click opens the list</translation>
    </message>
    <message>
        <source>Quelle</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>StatisticsFilterBar</name>
    <message>
        <source>dieser Monat</source>
        <translation>this month</translation>
    </message>
    <message>
        <source>Vormonat</source>
        <translation>previous month</translation>
    </message>
    <message>
        <source>Monat wählen</source>
        <translation>choose a month</translation>
    </message>
    <message>
        <source>freier Zeitraum</source>
        <translation>free period</translation>
    </message>
    <message>
        <source>Monat</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>&amp;Zeitraum:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>&amp;von:</source>
        <translation>&amp;from:</translation>
    </message>
    <message>
        <source>&amp;bis:</source>
        <translation>&amp;to:</translation>
    </message>
    <message>
        <source>&amp;Gebiet:</source>
        <translation>&amp;Area:</translation>
    </message>
    <message>
        <source>&amp;Kategorie:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <source>{name} (inaktiv)</source>
        <translation>{name} (inactive)</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Statistik</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Keine Vorkommnisse im gewählten Zeitraum.</source>
        <translation>No incidents in the chosen period.</translation>
    </message>
    <message>
        <source>CSV exportieren (pseudonymisiert)…</source>
        <translation>Export CSV (pseudonymised)…</translation>
    </message>
    <message>
        <source>Eine Zeile je Vorkommnis des Filters (Excel-CSV mit „;“). Die Datei enthält keine Namen: Vorgänge und Dienstkräfte erscheinen nur als Pseudonym.</source>
        <translation>One row per incident of the filter (Excel CSV with “;”). The file holds no names: incidents and officers appear only as pseudonyms.</translation>
    </message>
    <message>
        <source>Nur für Dienstgruppenleitung und Verwaltung (die Zahlen hier sehen alle)</source>
        <translation>Only for shift supervisors and administration (everyone sees the figures here)</translation>
    </message>
    <message>
        <source>Erfasste Vorkommnisse ab {day}.</source>
        <translation>Incidents recorded from {day}.</translation>
    </message>
    <message>
        <source>Zahlen werden gelesen …</source>
        <translation>Reading the figures …</translation>
    </message>
    <message>
        <source>{month} {until}</source>
        <translation>{month} {until}</translation>
    </message>
    <message>
        <source>{period}: {n} Vorkommnisse.</source>
        <translation>{period}: {n} incidents.</translation>
    </message>
    <message>
        <source>Vorkommnisse ohne Gebiet oder ohne Kategorie lassen sich in der Liste nicht gesondert filtern.</source>
        <translation>Incidents without an area or without a category cannot be filtered separately in the list.</translation>
    </message>
    <message>
        <source>Statistikdaten exportieren</source>
        <translation>Export statistics data</translation>
    </message>
    <message>
        <source>CSV-Dateien (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Export läuft …</source>
        <translation>Exporting …</translation>
    </message>
    <message>
        <source>{n} Vorkommnisse exportiert nach {path} (ohne Namen, nur Pseudonyme).</source>
        <translation>{n} incidents exported to {path} (no names, pseudonyms only).</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Status ändern</source>
        <translation>Change status</translation>
    </message>
    <message>
        <source>Was ist das Ergebnis?</source>
        <translation>What is the outcome?</translation>
    </message>
    <message>
        <source>&amp;Neuer Status:</source>
        <translation>&amp;New status:</translation>
    </message>
    <message>
        <source>&amp;Ergebnis:</source>
        <translation>&amp;Outcome:</translation>
    </message>
</context>
<context>
    <name>SuggestDialog</name>
    <message>
        <source>nachweislich optimal</source>
        <translation>proven optimal</translation>
    </message>
    <message>
        <source>beste Lösung im Zeitlimit</source>
        <translation>best found within the time limit</translation>
    </message>
    <message>
        <source>Startplan</source>
        <translation>start plan</translation>
    </message>
    <message>
        <source>nichts zu besetzen</source>
        <translation>nothing to fill</translation>
    </message>
    <message>
        <source>Vorschlag für die Woche ab {date}</source>
        <translation>Suggestion for the week from {date}</translation>
    </message>
    <message>
        <source>{filled} von {needed} offenen Plätzen besetzt, ohne Regelverstoß. Größte Abweichung von der Soll-Arbeitszeit: {dev} h. Berechnet in {seconds} s ({status}).</source>
        <translation>{filled} of {needed} open places filled, without rule violations. Largest deviation from the target hours: {dev} h. Computed in {seconds} s ({status}).</translation>
    </message>
    <message>
        <source>Ausgewählte &amp;übernehmen</source>
        <translation>&amp;Accept selected</translation>
    </message>
    <message>
        <source> (Streifenführung)</source>
        <translation> (patrol lead)</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Keine</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Verwerfen</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Vorgeschlagene Einteilungen:</source>
        <translation>Proposed assignments:</translation>
    </message>
    <message>
        <source>Nicht besetzbar:</source>
        <translation>Cannot be filled:</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Daten zwischen Einsatzlaptops und Büro austauschen – als Datei auf USB-Stick oder Netzlaufwerk. Jedes Paket ist signiert und für seine Empfänger verschlüsselt; eingespielt wird nur, was von einer vertrauenswürdigen Station kommt.</source>
        <translation>Exchange data between field laptops and the office – as a file on a USB stick or a network drive. Every package is signed and encrypted for its recipients; only what comes from a trusted station is applied.</translation>
    </message>
    <message>
        <source>Pakete spielt die Dienstgruppenleitung oder die Verwaltung ein.</source>
        <translation>Packages are applied by supervisors or administrators.</translation>
    </message>
    <message>
        <source>Schlüsseldatei speichern</source>
        <translation>Save key file</translation>
    </message>
    <message>
        <source>Schlüsseldateien (*.kodkey *.pub)</source>
        <translation>Key files (*.kodkey *.pub)</translation>
    </message>
    <message>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>Es wurde nichts eingespielt.</source>
        <translation>Nothing was imported.</translation>
    </message>
    <message>
        <source>Synchronisationspaket speichern</source>
        <translation>Save sync package</translation>
    </message>
    <message>
        <source>Synchronisationspakete (*.kodsync)</source>
        <translation>Sync packages (*.kodsync)</translation>
    </message>
    <message>
        <source>Bitte mindestens eine Empfängerstation ankreuzen.</source>
        <translation>Please tick at least one recipient station.</translation>
    </message>
    <message>
        <source>Paket wird geschrieben …</source>
        <translation>Writing the package …</translation>
    </message>
    <message>
        <source>{n} Datensätze exportiert nach {path}</source>
        <translation>{n} records exported to {path}</translation>
    </message>
    <message>
        <source>1 Datensatz exportiert nach {path}</source>
        <translation>1 record exported to {path}</translation>
    </message>
    <message>
        <source>Synchronisationspaket einspielen</source>
        <translation>Import sync package</translation>
    </message>
    <message>
        <source>Synchronisationspakete (*.kodsync);;Alle Dateien (*)</source>
        <translation>Sync packages (*.kodsync);;All files (*)</translation>
    </message>
    <message>
        <source>Bitte warten, bis der laufende Vorgang fertig ist.</source>
        <translation>Please wait until the running task has finished.</translation>
    </message>
    <message>
        <source>Paket wird geprüft …</source>
        <translation>Checking the package …</translation>
    </message>
    <message>
        <source>Dieses Paket wurde bereits eingespielt – es ändert nichts.</source>
        <translation>This package was imported before – it changes nothing.</translation>
    </message>
    <message>
        <source>Paket wird eingespielt …</source>
        <translation>Importing the package …</translation>
    </message>
    <message>
        <source>Paket von „{station}“ eingespielt: {new} neu, {changed} geändert, {deleted} gelöscht.</source>
        <translation>Package from “{station}” imported: {new} new, {changed} changed, {deleted} deleted.</translation>
    </message>
    <message>
        <source>{n} Konflikte warten unten auf eine Entscheidung.</source>
        <translation>{n} conflicts below await a decision.</translation>
    </message>
    <message>
        <source>Ein früheres Paket dieser Station ist hier nie angekommen; seine Änderungen kommen mit ihrem nächsten Paket, sobald sie eines von hier eingespielt hat.</source>
        <translation>An earlier package of this station never arrived here; its changes come with its next package once it has applied one from here.</translation>
    </message>
    <message>
        <source>Warnung: {finding}</source>
        <translation>Warning: {finding}</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Neue Dienstvorlage</source>
        <translation>New shift template</translation>
    </message>
    <message>
        <source>Dienstvorlage bearbeiten – {name}</source>
        <translation>Edit shift template – {name}</translation>
    </message>
    <message>
        <source>Kurzzeichen im Dienstplan, höchstens 4 Zeichen.</source>
        <translation>Short code shown in the roster, at most 4 characters.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>— beliebig —</source>
        <translation>— any —</translation>
    </message>
    <message>
        <source>Art der Dienste nach dieser Vorlage; „beliebig“ lässt sie offen.</source>
        <translation>Type of shifts created from this template; “any” leaves it open.</translation>
    </message>
    <message>
        <source>aktiv (wird bei neuen Diensten angeboten)</source>
        <translation>active (offered for new shifts)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kürzel:</source>
        <translation>&amp;Code:</translation>
    </message>
    <message>
        <source>&amp;Beginn:</source>
        <translation>&amp;Start:</translation>
    </message>
    <message>
        <source>&amp;Ende:</source>
        <translation>&amp;End:</translation>
    </message>
    <message>
        <source>&amp;Pause:</source>
        <translation>&amp;Break:</translation>
    </message>
    <message>
        <source>&amp;Art:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Mindestbesetzung:</source>
        <translation>&amp;Minimum staffing:</translation>
    </message>
    <message>
        <source>Ende gleich Beginn – keine Dauer</source>
        <translation>End equals start – no duration</translation>
    </message>
    <message>
        <source>endet am Folgetag</source>
        <translation>ends the next day</translation>
    </message>
    <message>
        <source>Dauer {hours}:{minutes:02d} h</source>
        <translation>Duration {hours}:{minutes:02d} h</translation>
    </message>
</context>
</TS>
