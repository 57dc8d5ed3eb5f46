"""Demo data that looks like the real merged unit (DESIGN.md §1, §2, §14).

Officers of both former units, the action plan's areas plus a few fear spaces, six service bikes,
eight weeks of roster around today, absences, bike check-outs, incidents with measures, notes and
involved persons, and a dozen investigation orders. Everything comes from one
``random.Random(seed)`` so the same seed gives the same content (ids stay random UUIDs, so two
demo stations never share records). Rows go in through Core executemany (storage.repos.bulk):
a million incidents take minutes, not hours.

Where things live in this package: the unit, its areas and weights in unit.py (and their
coordinates in geo.py), the texts in texts.py, the tunables, the summary and the working state
in state.py, the load in builder.py with the bikes in fleet.py and the incidents in
incidents.py. This module is the use case (:class:`DemoService`) and re-exports the public
names callers need (DemoService, DemoSummary, Progress).
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, time

from kod_desk.domain.errors import UserError
from kod_desk.domain.timeutil import BERLIN, local_to_utc, utcnow
from kod_desk.services.base import Service
from kod_desk.services.demo.builder import _DemoBuilder
from kod_desk.services.demo.state import ACTOR, DemoSummary, Progress
from kod_desk.storage.repos import bulk
from kod_desk.storage.repos import incidents as incidents_repo
from kod_desk.storage.repos import masterdata as repo

__all__ = ["DemoService", "DemoSummary", "Progress"]


class DemoService(Service):
    """Loads the demo unit into an empty database (the command line, ``--demo``, the tests).

    Returns the plain summary, not a Result: it runs before any page shows data.
    """

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
        with self._op("demo.populate") as op:
            session = op.session
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
            with (
                incidents_repo.fulltext_deferred(session),
                bulk.BulkInserter(session, station_id=station.id, actor=ACTOR) as writer,
            ):
                builder = _DemoBuilder(random.Random(seed), today, now, writer, progress)
                builder.load_masterdata(
                    repo.list_areas(session),
                    repo.list_catalog(session),
                    repo.list_templates(session),
                )
                summary = builder.run(incidents)
            op.audit(
                "demo",
                "station",
                station.id,
                after={"seed": seed, "today": today.isoformat(), **asdict(summary)},
                reason=f"Demodaten geladen (Seed {seed}, {incidents} Vorkommnisse).",
            )
        return summary
