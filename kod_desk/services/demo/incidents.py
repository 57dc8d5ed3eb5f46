"""The incident generator of the demo load: incidents with officers, measures, notes, persons.

Incidents over a span of days up to now, in time order, linked to the duty that was on the
street there when the roster covers the day; written in chunks by the builder
(demo/builder.py). The newest incidents of some categories become
investigation orders.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus, Role, ShiftKind
from kod_desk.domain.timeutil import BERLIN, local_to_utc
from kod_desk.services.demo.geo import Scatter
from kod_desk.services.demo.state import (
    ACTOR,
    CHUNK,
    INCIDENTS_PER_DAY,
    MAX_BODY_CHARS,
    MAX_SPAN_DAYS,
    MIN_SPAN_DAYS,
    NOTE_SHARE_OLD,
    NOTE_SHARE_RECENT,
    PERSON_SHARE_RECENT,
    RICH_WINDOW,
    VARIANTS_PER_PAIR,
    _Cover,
    _cumulative,
    _pick,
    _Planned,
    _Variant,
)
from kod_desk.services.demo.texts import (
    AREA_PHRASES,
    BIKE_PREFIX,
    CLOSINGS,
    CORRECTED_TEXT,
    CORRECTION_TEXT,
    NOTE_TEXTS,
    NUMBERS,
    PERSON_FIRST,
    PERSON_LAST,
    PERSON_NOTES,
    PERSON_ROLES,
    SITUATIONS,
    SOURCE_PREFIXES,
    STREETS,
)
from kod_desk.services.demo.unit import (
    AREA_WEIGHTS,
    CATEGORY_WEIGHTS,
    DEFAULT_SOURCE_WEIGHTS,
    HOUR_WEIGHTS,
    JUGEND,
    MUELL,
    PLACES,
    SOURCE_WEIGHTS,
    SOURCES,
    WEEKDAY_WEIGHTS,
)

if TYPE_CHECKING:
    from kod_desk.services.demo.builder import _DemoBuilder


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
        self.area_names = [name for name in AREA_WEIGHTS if name in builder.areas]
        self.area_ids = [builder.areas[name].id for name in self.area_names]
        self.area_cum = (
            _cumulative([AREA_WEIGHTS[name][0] for name in self.area_names]),
            _cumulative([AREA_WEIGHTS[name][1] for name in self.area_names]),
        )
        self.variants = self._build_variants()
        self.category_names = [list(CATEGORY_WEIGHTS[name]) for name in self.area_names]
        self.source_cum = {
            name: _cumulative(SOURCE_WEIGHTS.get(name, DEFAULT_SOURCE_WEIGHTS))
            for name in self.area_names
        }
        self.video_days = self._video_days()
        self.pool = [s.id for s in builder.patrol_pool()]
        self.authors = [s.id for s in builder.staff if s.role is not Role.ADMIN]
        self.cover = self._build_cover()
        self.links: dict[str, tuple[str, str, date]] = {}
        self.scatter = Scatter()  # coordinates in Neumünster (geo.py); no draws from self.rng

    # ------------------------------------------------------------ preparation

    def _build_variants(self) -> list[tuple[list[float], list[str | None], list[list[_Variant]]]]:
        """Per area: category weights, category ids, and description variants per category."""
        rng = self.rng
        catalog = self.builder.catalog
        result: list[tuple[list[float], list[str | None], list[list[_Variant]]]] = []
        for name in self.area_names:
            weights = CATEGORY_WEIGHTS[name]
            category_ids: list[str | None] = []
            variant_lists: list[list[_Variant]] = []
            for category in weights:
                category_ids.append(catalog.get((CatalogKind.INCIDENT_CATEGORY, category)))
                variants: list[_Variant] = []
                for _ in range(VARIANTS_PER_PAIR):
                    text, reactions = rng.choice(SITUATIONS[category])
                    sentence, measures, outcome = rng.choice(reactions)
                    number = rng.choice(NUMBERS)
                    situation = text.format(
                        ort=rng.choice(AREA_PHRASES[name]), n=number, N=number.capitalize()
                    )
                    body = f"{situation[0].upper()}{situation[1:]} {sentence}"
                    closing = rng.choice(CLOSINGS) or (CLOSINGS[-1] if len(body) < 200 else "")
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
            weight = WEEKDAY_WEIGHTS[day.weekday()]
            if 5 <= day.month <= 9:
                weight *= 1.2
            day_weights.append(weight)
        day_picks = rng.choices(
            range(len(self.days)), cum_weights=_cumulative(day_weights), k=self.total
        )
        hour_picks = rng.choices(range(24), cum_weights=_cumulative(HOUR_WEIGHTS), k=self.total)
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
        place = rng.choice(PLACES[name])
        # A citizen's call names the place in words; patrols and the police give coordinates.
        point = None if source is IncidentSource.CITIZEN else self.scatter.point(name, place)
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
                "place": place,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
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
                    return source, crew, shift.id, rng.choice(SOURCE_PREFIXES[source])
                if shift.kind is ShiftKind.BIKE_PATROL:
                    return IncidentSource.PATROL, crew, shift.id, BIKE_PREFIX
                source = IncidentSource.PATROL
                return source, crew, shift.id, rng.choice(SOURCE_PREFIXES[source])
            nearby = _covering(self.cover.patrols.get(day, []), occurred)
            if nearby is not None:
                # Sent over from another area after a call: a citizen or the police reported it.
                source = IncidentSource.CITIZEN if rng.random() < 0.7 else IncidentSource.POLICE
                return source, nearby.crew[:2], nearby.id, rng.choice(SOURCE_PREFIXES[source])
        source = SOURCES[_pick(self.source_cum[area], rng)]
        if source is IncidentSource.VIDEO and not video:
            source = IncidentSource.PATROL
        first = rng.randrange(len(self.pool))
        crew = [self.pool[first]]
        if rng.random() < 0.7:
            second = (first + 1 + rng.randrange(len(self.pool) - 1)) % len(self.pool)
            crew.append(self.pool[second])
        return source, crew, None, rng.choice(SOURCE_PREFIXES[source])

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
            text = rng.choice(NOTE_TEXTS)
            if correct and first_note is None:
                text = CORRECTED_TEXT
            if written >= self.builder.now:
                break  # a follow-up that has not happened yet
            row = self._note_row(incident_id, written, text, None)
            chunk.notes.append(row)
            first_note = first_note or row
        written += timedelta(hours=2)
        if correct and first_note is not None and written < self.builder.now:
            chunk.notes.append(self._note_row(incident_id, written, CORRECTION_TEXT, first_note))
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
            role = rng.choice(PERSON_ROLES)
            homeless = rng.random() < 0.1
            chunk.persons.append(
                {
                    "created_at": occurred,
                    "incident_id": incident_id,
                    "role": role.value,
                    "last_name": rng.choice(PERSON_LAST),
                    "first_name": rng.choice(PERSON_FIRST),
                    "birth_date": date(
                        rng.randrange(1950, 2007), rng.randrange(1, 13), rng.randrange(1, 29)
                    ),
                    "address": "ohne festen Wohnsitz"
                    if homeless
                    else f"{rng.choice(STREETS)} {rng.randrange(1, 80)}",
                    "note": rng.choice(PERSON_NOTES),
                }
            )


def _covering(shifts: list[_Planned], moment: datetime) -> _Planned | None:
    for shift in shifts:
        if shift.starts_at <= moment < shift.ends_at:
            return shift
    return None
