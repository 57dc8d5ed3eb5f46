"""The optimisation behind a roster suggestion: costs, the greedy start plan and CP-SAT.

The weights of the objective, the cost of an officer's week (shared by the greedy plan and the
model), the greedy start plan, and the CP-SAT model with its two solves (fill, then balance);
kod_desk/domain/roster_suggest.py describes the model. ``ortools`` is imported inside
:func:`_solve` and :func:`_hint_all` only, so importing this module stays cheap.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kod_desk.domain.rule_settings import RuleSettings
from kod_desk.domain.suggest_facts import _Duty, _Officer, _Week

FILL_SHARE = 0.4  # of the time limit, at most, for the first solve (filling)

# Objective weights, in "minutes below the contract hours". W_UNFILLED only scores
# SuggestStats.objective: filling is its own, first solve.
W_UNFILLED = 1_000_000
# Deviation from the week's contract hours, per minute, by segment (up to this share of the
# contract hours, weight): steeper further out, like a squared deviation but with a tight LP
# bound. The first segment is the rules' own tolerance (no warning inside it).
UNDER_SEGMENTS: tuple[tuple[float | None, int], ...] = ((0.10, 1), (0.25, 3), (0.50, 6), (None, 10))
OVER_SEGMENTS: tuple[tuple[float | None, int], ...] = ((0.10, 2), (0.25, 6), (None, 12))
W_ABOVE_48 = 10  # per minute above the weekly maximum (a warning of the rules)
W_NIGHT = 120  # × the officer's nights so far (4 weeks + this one): convex spreading
W_WEEKEND = 120  # the same for Saturday, Sunday and holiday duties
W_NEW_KIND = 240  # a kind of duty the officer has not done in the history
W_CONSECUTIVE = 600  # a run of duty days longer than the rules allow (a warning)


# ---------------------------------------------------------------- costs (shared with greedy)


def _segment_cost(amount: int, target: int, segments: Sequence[tuple[float | None, int]]) -> int:
    """The cost :func:`_segments` gives a deviation of ``amount`` minutes."""
    cost, lower = 0, 0
    for share, weight in segments:
        upper = amount if share is None else min(amount, int(target * share))
        if upper > lower:
            cost += weight * (upper - lower)
            lower = upper
    return cost


def _hours_cost(officer: _Officer, new_minutes: int, settings: RuleSettings) -> int:
    planned = officer.week_minutes + new_minutes
    cost = _segment_cost(max(officer.target - planned, 0), officer.target, UNDER_SEGMENTS)
    cost += _segment_cost(max(planned - officer.target, 0), officer.target, OVER_SEGMENTS)
    return cost + W_ABOVE_48 * max(planned - int(settings.weekly_max_hours * 60), 0)


@dataclass(slots=True)
class _Greedy:
    """One officer's state while the greedy start plan is built."""

    officer: _Officer
    caps: list[tuple[int, bool]]
    windows: list[list[date]]
    duties: list[_Duty] = field(default_factory=list)
    minutes: int = 0
    nights: int = 0
    weekends: int = 0
    days: set[date] = field(default_factory=set)

    def _runs(self, days: set[date]) -> int:
        worked = self.officer.days | days
        return sum(1 for window in self.windows if all(day in worked for day in window))

    def cost(self, duty: _Duty, week: _Week) -> int | None:
        """The added cost of taking ``duty``, or None when a hard rule forbids it."""
        day = duty.fact.duty_date
        if day in self.days or any(week.conflicts(duty.fact, d.fact) for d in self.duties):
            return None
        minutes = self.minutes + duty.minutes
        night = duty.night or self.nights > 0
        if any(minutes > cap for cap, always in self.caps if always or night):
            return None
        officer, settings = self.officer, week.settings
        cost = _hours_cost(officer, minutes, settings) - _hours_cost(
            officer, self.minutes, settings
        )
        if duty.night:
            cost += W_NIGHT * (officer.nights_before + self.nights)
        if duty.weekend:
            cost += W_WEEKEND * (officer.weekends_before + self.weekends)
        if officer.knows_kinds and duty.fact.kind not in officer.kinds:
            cost += W_NEW_KIND
        if self.windows:
            cost += W_CONSECUTIVE * (self._runs(self.days | {day}) - self._runs(self.days))
        return cost

    def take(self, duty: _Duty) -> None:
        self.duties.append(duty)
        self.minutes += duty.minutes
        self.nights += duty.night
        self.weekends += duty.weekend
        self.days.add(duty.fact.duty_date)


def _greedy(week: _Week, candidate_duties: dict[str, list[_Duty]]) -> set[tuple[str, str]]:
    """A quick start plan: day by day, scarcest duty first, each slot to the cheapest officer."""
    states = {
        officer_id: _Greedy(
            week.officers[officer_id],
            week.night_caps(week.officers[officer_id], duties),
            week.run_windows(week.officers[officer_id], {d.fact.duty_date for d in duties}),
        )
        for officer_id, duties in candidate_duties.items()
    }
    order = sorted(
        (d for d in week.duties.values() if week.candidates.get(d.fact.id)),
        key=lambda d: (
            d.fact.duty_date,
            len(week.candidates[d.fact.id]) - d.open,
            d.fact.starts_at,
            d.fact.id,
        ),
    )
    chosen: set[tuple[str, str]] = set()
    for duty in order:
        for _ in range(duty.open):
            best: tuple[int, str] | None = None
            for officer_id in week.candidates[duty.fact.id]:
                cost = states[officer_id].cost(duty, week)  # None for one already on it
                if cost is not None and (best is None or cost < best[0]):
                    best = (cost, officer_id)
            if best is None:
                break
            states[best[1]].take(duty)
            chosen.add((duty.fact.id, best[1]))
    return chosen


# ---------------------------------------------------------------- the CP-SAT model


@dataclass(slots=True)
class _Solved:
    chosen: list[tuple[str, str]]  # (duty id, officer id)
    status: str
    seconds: float
    objective: float
    bound: float


def _solve(week: _Week, time_limit: float, workers: int, seed: int) -> _Solved:
    """Fill as many slots as possible, then balance with that many filled."""
    from ortools.sat.python import cp_model

    started = clock.perf_counter()
    candidate_duties = week.candidate_duties()
    if not candidate_duties:
        return _Solved([], "NO_SLOTS", 0.0, 0.0, 0.0)
    model = cp_model.CpModel()
    x: dict[tuple[str, str], Any] = {}
    for officer_id, duties in candidate_duties.items():
        for duty in duties:
            x[duty.fact.id, officer_id] = model.new_bool_var(f"x_{duty.fact.id}_{officer_id}")
    for duty_id, officer_ids in week.candidates.items():
        if officer_ids:
            model.add(sum(x[duty_id, o] for o in officer_ids) <= week.duties[duty_id].open)
    costs: list[Any] = []
    for officer_id, duties in candidate_duties.items():
        var = {d.fact.id: x[d.fact.id, officer_id] for d in duties}
        _officer_model(model, week, week.officers[officer_id], duties, var, costs)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    open_slots = sum(d.open for d in week.duties.values())
    filled = sum(x.values())
    plan = _greedy(week, candidate_duties)
    _hint_all(model, x, plan)

    # First solve: the most slots the hard rules allow (unless the greedy plan fills all).
    best, fill_proven = len(plan), len(plan) == open_slots
    if not fill_proven:
        model.maximize(filled)
        solver.parameters.max_time_in_seconds = time_limit * FILL_SHARE
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value > best:
            best = round(solver.objective_value)
            plan = {key for key, var in x.items() if solver.boolean_value(var)}
            _hint_all(model, x, plan)
        fill_proven = status == cp_model.OPTIMAL

    # Second solve: the balance, with at least that many slots filled.
    model.add(filled >= best)
    model.minimize(sum(costs))
    solver.parameters.max_time_in_seconds = max(time_limit - (clock.perf_counter() - started), 0.5)
    status = solver.solve(model)
    seconds = clock.perf_counter() - started
    unfilled = W_UNFILLED * (open_slots - best)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # nothing better in time
        return _Solved(sorted(plan), "START_PLAN", seconds, float(unfilled), 0.0)
    return _Solved(
        [key for key, var in x.items() if solver.boolean_value(var)],
        "OPTIMAL" if fill_proven and status == cp_model.OPTIMAL else "FEASIBLE",
        seconds,
        unfilled + solver.objective_value,
        unfilled + solver.best_objective_bound,
    )


def _hint_all(model: Any, x: dict[tuple[str, str], Any], plan: set[tuple[str, str]]) -> None:
    """Hint every variable with the values the plan implies.

    CP-SAT takes a complete hint as its first solution but an incomplete one only as a
    preference, so the auxiliary variables (hours, tiers, runs) are filled in by solving the
    model with the plan fixed – pure propagation, a few milliseconds.
    """
    from ortools.sat.python import cp_model

    fixed = model.clone()
    fixed.clear_hints()
    fixed.clear_objective()
    for key, var in x.items():
        fixed.add(fixed.get_bool_var_from_proto_index(var.index) == int(key in plan))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 2.0
    model.clear_hints()
    if solver.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for index in range(len(model.proto.variables)):
            var = model.get_int_var_from_proto_index(index)
            model.add_hint(var, solver.value(var))
    else:  # cannot happen for a greedy plan; a partial hint still guides the search
        for key, var in x.items():
            model.add_hint(var, key in plan)


def _officer_model(
    model: Any,
    week: _Week,
    officer: _Officer,
    duties: list[_Duty],
    var: dict[str, Any],
    costs: list[Any],
) -> None:
    """One officer's hard rules and soft costs over their candidate duties."""
    by_day: dict[date, list[_Duty]] = defaultdict(list)
    for duty in duties:
        by_day[duty.fact.duty_date].append(duty)
    _one_a_day_and_rest(model, week, by_day, var)
    _hours(model, week, officer, by_day, var, costs)
    _fairness(model, week, officer, by_day, var, costs)


def _one_a_day_and_rest(
    model: Any, week: _Week, by_day: dict[date, list[_Duty]], var: dict[str, Any]
) -> None:
    for day_duties in by_day.values():
        if len(day_duties) > 1:
            model.add_at_most_one(var[d.fact.id] for d in day_duties)
    # Rest and overlap across days: for an end time e of a day, every duty of that day that
    # ends at e or later and every later-day duty that starts before e + rest conflict
    # pairwise (same day, or too little rest, or overlap), so they form one clique.
    days = sorted(by_day)
    for i, first_day in enumerate(days):
        ends = sorted({d.fact.ends_at for d in by_day[first_day]})
        for later_day in days[i + 1 :]:
            for end in ends:
                later = [d for d in by_day[later_day] if d.fact.starts_at < end + week.rest]
                if later:
                    earlier = [d for d in by_day[first_day] if d.fact.ends_at >= end]
                    model.add_at_most_one(var[d.fact.id] for d in earlier + later)


def _hours(
    model: Any,
    week: _Week,
    officer: _Officer,
    by_day: dict[date, list[_Duty]],
    var: dict[str, Any],
    costs: list[Any],
) -> None:
    """The week's new work: §6 night average (hard), contract hours and 48 h (soft)."""
    name = officer.fact.id
    duties = [d for day_duties in by_day.values() for d in day_duties]
    most = sum(max(d.minutes for d in day_duties) for day_duties in by_day.values())
    new = model.new_int_var(0, most, f"work_{name}")
    model.add(new == sum(var[d.fact.id] * d.minutes for d in duties))
    any_night: Any = None
    for cap, always in week.night_caps(officer, duties):
        if always:  # below 0: already over the limit, so nothing more at all
            model.add(new <= max(cap, 0))
            continue
        if any_night is None:
            any_night = model.new_bool_var(f"night_{name}")
            for duty in duties:
                if duty.night:
                    model.add_implication(var[duty.fact.id], any_night)
        model.add(new <= cap).only_enforce_if(any_night)

    target, existing = officer.target, officer.week_minutes
    under = _segments(model, f"under_{name}", target, target, UNDER_SEGMENTS, costs)
    over_most = max(existing + most - target, 0)
    over = _segments(model, f"over_{name}", target, over_most, OVER_SEGMENTS, costs)
    model.add(existing + new - target == over - under)
    weekly_max = int(week.settings.weekly_max_hours * 60)
    if existing + most > weekly_max:
        above = model.new_int_var(0, existing + most - weekly_max, f"above_{name}")
        model.add(above >= existing + new - weekly_max)
        costs.append(W_ABOVE_48 * above)


def _fairness(
    model: Any,
    week: _Week,
    officer: _Officer,
    by_day: dict[date, list[_Duty]],
    var: dict[str, Any],
    costs: list[Any],
) -> None:
    """Nights, weekends, unfamiliar kinds and long runs of duty days (all soft)."""
    name = officer.fact.id
    duties = [d for day_duties in by_day.values() for d in day_duties]
    # The j-th new night (weekend) duty costs (earlier ones + j) × weight: convex.
    for flag, before, weight in (
        ("night", officer.nights_before, W_NIGHT),
        ("weekend", officer.weekends_before, W_WEEKEND),
    ):
        marked = [d for d in duties if getattr(d, flag)]
        if not marked:
            continue
        steps = len({d.fact.duty_date for d in marked})
        tiers = [model.new_bool_var(f"{flag}_{name}_{j}") for j in range(steps)]
        model.add(sum(tiers) == sum(var[d.fact.id] for d in marked))
        for j in range(steps - 1):
            model.add_implication(tiers[j + 1], tiers[j])
        costs.extend(weight * (before + j) * tier for j, tier in enumerate(tiers) if before + j)

    if officer.knows_kinds:
        costs.extend(
            W_NEW_KIND * var[d.fact.id] for d in duties if d.fact.kind not in officer.kinds
        )

    limit = week.settings.max_consecutive_days
    for window in week.run_windows(officer, by_day):
        worked = [
            1 if day in officer.days else sum(var[d.fact.id] for d in by_day[day]) for day in window
        ]
        excess = model.new_bool_var(f"run_{name}_{window[0]}")
        model.add(sum(worked) <= limit + excess)
        costs.append(W_CONSECUTIVE * excess)


def _segments(
    model: Any,
    name: str,
    target: int,
    most: int,
    segments: Sequence[tuple[float | None, int]],
    costs: list[Any],
) -> Any:
    """A deviation in [0, most] whose cost is convex piecewise-linear (see _segment_cost)."""
    total = model.new_int_var(0, most, name)
    parts = []
    lower = 0
    for index, (share, weight) in enumerate(segments):
        upper = most if share is None else min(most, int(target * share))
        if upper <= lower:
            continue
        part = model.new_int_var(0, upper - lower, f"{name}_{index}")
        parts.append(part)
        costs.append(weight * part)
        lower = upper
    model.add(total == sum(parts))
    return total
