"""Statistics for controlling (issue 7): the figures of the monthly report and the Statistik
page, the jump from a figure to the incident list, and the pseudonymised CSV export.

No personal data leaves this service: figures are counts and hours, the export names
incidents and officers only by pseudonyms (HMAC-SHA256 with a secret of this database, made
on first use and kept in app_setting; the audit entry of its creation does not contain it).

Who may do what: every role sees the figures (they hold no personal data); the CSV export,
row by row, is for the Dienstgruppenleitung and the Administration, and each export is
written to the audit log with its filter.
"""

from __future__ import annotations

import io
import secrets
from datetime import date
from typing import Any

from kod_desk.domain import statistics as ds
from kod_desk.domain.enums import IncidentSource, IncidentStatus
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.spreadsheet import ExcelCsv
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.base import LEADERS, Service, require
from kod_desk.storage.repos import settings as settings_repo
from kod_desk.storage.repos import statistics as repo

EXPORT_ACTION = "Statistikdaten exportieren"
CSV_COLUMNS = (
    "Vorgang-Pseudonym",
    "Datum",
    "Uhrzeit",
    "Wochentag",
    "Gebiet",
    "Kategorie",
    "Quelle",
    "Status",
    "Maßnahmen",
    "Streife",
)


class StatisticsService(Service):
    # ------------------------------------------------------------ reading

    def choices(self) -> ds.StatisticsChoices:
        """Areas and incident categories for the filter combos (inactive ones included, marked
        ``active=False``: past months may have incidents in them)."""
        with self._read() as session:
            return repo.choices(session)

    def figures(self, flt: ds.StatisticsFilter) -> ds.Figures:
        """Every figure of the filter; raises ValidationError for an end before the start."""
        checked = flt.check()
        with self._read() as session:
            return repo.figures(session, checked, utcnow())

    def first_day(self) -> date | None:
        """The local day of the oldest incident (the earliest date a period can start)."""
        with self._read() as session:
            return repo.first_day_with_incidents(session)

    def drill_down(
        self,
        flt: ds.StatisticsFilter,
        *,
        area_id: str | None = None,
        category_id: str | None = None,
        source: IncidentSource | None = None,
        measure_id: str | None = None,
        month: date | None = None,
    ) -> IncidentFilter:
        """The incident list's filter for one bar or cell: the period (or ``month``, a trend
        bar) with the statistics filter's areas and categories, narrowed to the given area,
        category, source or measure."""
        checked = flt.check()
        first, last = checked.first, checked.last
        if month is not None:
            first, last = ds.month_start(month), ds.month_end(month)
        since, until = ds.local_bounds(first, last)
        return IncidentFilter(
            since=since,
            until=until,
            area_ids=frozenset({area_id} if area_id else checked.area_ids),
            category_ids=frozenset({category_id} if category_id else checked.category_ids),
            sources=frozenset({source}) if source else frozenset(),
            measure_id=measure_id or None,
        )

    # ------------------------------------------------------------ export

    def export_csv(self, flt: ds.StatisticsFilter) -> bytes:
        """One row per incident (Excel CSV: ``;``, UTF-8 with BOM, DD.MM.YYYY, HH:MM), with
        pseudonyms for the incident and its officers; audited as "export"."""
        # Refused before anything is read or a secret is made; the rows are read outside the
        # write, which then only records the export.
        require(self._context, *LEADERS, action=EXPORT_ACTION)
        checked = flt.check()
        secret = self._secret()
        out = io.StringIO()
        writer = ExcelCsv(out)  # every text cell guarded against formulas (area names …)
        writer.writerow(CSV_COLUMNS)
        count = 0
        with self._read() as session:
            known = repo.choices(session)
            area_names = {a.id: a.name for a in known.areas}
            category_names = {c.id: c.name for c in known.categories}
            for row in repo.export_rows(session, checked):
                incident_id, occurred_at, area_id, category_id, source, status, measures, crew = row
                local = to_local(occurred_at)
                writer.writerow(
                    (
                        ds.incident_pseudonym(secret, incident_id),
                        f"{local:%d.%m.%Y}",
                        f"{local:%H:%M}",
                        ds.WEEKDAYS[local.weekday()],
                        area_names.get(area_id, "") if area_id else "",
                        category_names.get(category_id, "") if category_id else "",
                        _label(IncidentSource, source),
                        _label(IncidentStatus, status),
                        ", ".join(measures),
                        ", ".join(sorted(ds.officer_pseudonym(secret, o) for o in crew)),
                    )
                )
                count += 1
        with self._op("statistics.export") as op:
            op.audit(
                "export",
                "incident",
                None,
                after={"format": "csv", "filter": checked.as_json(), "rows": count},
                reason="Statistik-Export (pseudonymisiert)",
            )
        return out.getvalue().encode("utf-8-sig")

    def _secret(self) -> bytes:
        """This database's pseudonym secret, made (and audited, without its value) on first use."""
        with self._read() as session:
            stored = settings_repo.get(session, repo.SECRET_KEY)
        if stored and stored.get("secret"):
            return bytes.fromhex(str(stored["secret"]))
        with self._op("statistics.make_secret") as op:
            stored = settings_repo.get(op.session, repo.SECRET_KEY)  # another writer was faster
            if stored and stored.get("secret"):
                return bytes.fromhex(str(stored["secret"]))
            value = secrets.token_hex(32)
            settings_repo.put(op.session, repo.SECRET_KEY, {"secret": value})
            op.audit(
                "create", "app_setting", repo.SECRET_KEY, None, {"secret": "(geheim, 256 Bit)"}
            )
            return bytes.fromhex(value)


def _label(enum: Any, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value
