"""Time routines: a manual action at a habitual local time on some weekdays."""

from __future__ import annotations

import math
from dataclasses import dataclass

from automations.learning.collect import ActionKey, History, Occ, weekday_of
from automations.learning.stats import (
    circ_offset,
    latest_regime,
    level_shift,
    median,
    poisson_log_sf,
    robust_sd,
    weekday_split,
)

BIN = 5  # minutes per histogram bin when looking for peaks
MAX_SPREAD = 22.0  # minutes (robust sd): wider than this is "some time in the evening"
KERNEL = [math.exp(-0.5 * (j / 2) ** 2) for j in range(-6, 7)]  # Gaussian, σ = 10 min


@dataclass(frozen=True, slots=True)
class TimeRoutine:
    """A habitual time for one action, measured on its current habit only."""

    key: ActionKey
    at: int  # local minute of day
    weekdays: tuple[int, ...]  # 0 = Monday
    support: int
    confidence: float
    lift: float
    hits: tuple[float, ...]  # epoch seconds of the supporting actions
    since: int  # date ordinal where the current habit's evidence starts
    last: int  # date ordinal of the last supporting action


def _peaks(minutes: list[float], min_support: int) -> list[float]:
    """Centres (minutes) of dense spots in the 24 h histogram, densest first."""
    n = 1440 // BIN
    counts = [0] * n
    for m in minutes:
        counts[int(m // BIN) % n] += 1
    smooth = [sum(w * counts[(i + j - 6) % n] for j, w in enumerate(KERNEL)) for i in range(n)]
    found = []
    for i in range(n):
        left, right = smooth[i - 1], smooth[(i + 1) % n]
        near = sum(counts[(i + j) % n] for j in range(-6, 7))
        if smooth[i] >= left and smooth[i] > right and near >= min_support:
            found.append((smooth[i], i * BIN + BIN / 2))
    return [c for _, c in sorted(found, reverse=True)[:8]]


def _refine(minutes: list[float], centre: float) -> tuple[float, float]:
    """Re-centre on the median of nearby actions; half-width from their robust spread."""
    width = 60.0
    for _ in range(3):
        offs = [o for m in minutes if abs(o := circ_offset(m, centre)) <= width]
        if not offs:
            break
        centre = (centre + median(offs)) % 1440
        width = min(60.0, max(25.0, 3.5 * robust_sd(offs) + 5))
    return centre, width


def _hit_days(occs: list[Occ], centre: float, width: float) -> dict[int, tuple[float, float]]:
    """Routine day -> (offset from centre, epoch) of its closest action in the window."""
    days: dict[int, tuple[float, float]] = {}
    for epoch, minute, ordinal in occs:
        off = circ_offset(minute, centre)
        if abs(off) > width:
            continue
        # The day whose `centre` is nearest: an action at 00:10 for a 23:50 habit is the eve's.
        day = ordinal + math.floor((minute - off) / 1440)
        if day not in days or abs(off) < abs(days[day][0]):
            days[day] = (off, epoch)
    return days


def _evaluate(
    hist: History, key: ActionKey, centre: float, width: float, min_support: int
) -> TimeRoutine | None:
    assert hist.first is not None and hist.last is not None
    occs = hist.actions[key]
    hits = _hit_days(occs, centre, width)
    lo, hi = centre - width, centre + width
    first_day = hist.first[2] + (0 if hist.first[1] <= lo else 1)
    last_day = hist.last[2] - (0 if hist.last[1] >= hi else 1)
    span = list(range(first_day, last_day + 1))
    if len(span) < 7 or len(hits) < min_support:
        return None
    weekday = [weekday_of(d) for d in span]
    hit = [d in hits for d in span]
    if not _ever_regular(weekday, hit):
        return None
    start = latest_regime(weekday, hit)
    # A time that drifted (6:45 → 7:10) keeps the rate but moves the centre: keep the new one.
    regime_hits = [d for d in span[start:] if d in hits]
    shift = level_shift([hits[d][0] for d in regime_hits])
    if shift:
        start = span.index(regime_hits[shift])
    counts_h, counts_n = [0] * 7, [0] * 7
    for w, h in zip(weekday[start:], hit[start:], strict=True):
        counts_n[w] += 1
        counts_h[w] += int(h)
    split = weekday_split(counts_h, counts_n)
    chosen = [d for d in span[start:] if d in hits and weekday_of(d) in split.days]
    if not chosen:
        return None
    offsets = [hits[d][0] for d in chosen]
    # A habit is once a day at a steady time: a spread like a uniform slot, or several actions
    # per day in the window, is a busy device, not a time routine.
    in_window = sum(
        1 for _, m, o in occs if abs(circ_offset(m, centre)) <= width and o >= span[start]
    )
    if robust_sd(offsets) > MAX_SPREAD or in_window > 1.5 * len(
        [d for d in hits if d >= span[start]]
    ):
        return None
    # Chance: how often this action falls in a window this wide, judged from just around it.
    ring = sum(
        1
        for _, m, o in occs
        if width < abs(circ_offset(m, centre)) <= width + 120 and o >= span[start]
    )
    per_min = ring / (max(1, len(span) - start) * 240)
    chance = 1 - math.exp(-per_min * 2 * width)
    expected = max(chance * split.eligible, 1e-3)
    if poisson_log_sf(split.hits, expected) > -10:
        return None
    return TimeRoutine(
        key=key,
        at=round(centre + median(offsets)) % 1440,
        weekdays=split.days,
        support=split.hits,
        confidence=split.p_in,
        lift=split.p_in / max(chance, 1e-6),
        hits=tuple(hits[d][1] for d in chosen),
        since=span[start],
        last=chosen[-1],
    )


def _ever_regular(weekday: list[int], hit: list[bool]) -> bool:
    """Cheap gate: on some weekday, at least 3 of 6 consecutive weeks had the action."""
    seen: list[list[bool]] = [[] for _ in range(7)]
    for w, h in zip(weekday, hit, strict=True):
        seen[w].append(h)
    for series in seen:
        run = 0
        for i, h in enumerate(series):
            run += int(h) - (int(series[i - 6]) if i >= 6 else 0)
            if run >= 3:
                return True
    return False


def mine_time(hist: History, min_support: int, min_confidence: float) -> list[TimeRoutine]:
    """Every action's habitual times that are regular, frequent enough and unlikely by chance."""
    found: list[TimeRoutine] = []
    if hist.first is None:
        return found
    for key, occs in hist.actions.items():
        if len(occs) < min_support:
            continue
        minutes = [m for _, m, _ in occs]
        centres: list[float] = []
        for peak in _peaks(minutes, min_support):
            centre, width = _refine(minutes, peak)
            if any(abs(circ_offset(centre, c)) < 10 for c in centres):
                continue  # two peaks that settle on one habit
            centres.append(centre)
            routine = _evaluate(hist, key, centre, width, min_support)
            if routine and routine.confidence >= min_confidence and routine.lift >= 3:
                found.append(routine)
    return found
