"""Trigger routines and chains: a state change (sensor or manual) reliably followed by an action."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from automations.learning.collect import ActionKey, History, Occ, TriggerKey
from automations.learning.stats import best_window, poisson_log_sf
from hub.core.model import SENSOR_DOMAINS

DELAYS = (30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0)  # candidate "within" limits, seconds
WINDOW_BIN = 30  # minutes per bin when looking for a time-of-day window


@dataclass(frozen=True, slots=True)
class TriggerRoutine:
    """`trigger` changes, then the person does `action` within `within_s` seconds."""

    trigger: TriggerKey
    action: ActionKey
    sequence: bool  # the trigger is mostly a manual action (a chain), not a device report
    within_s: int
    window: tuple[int, int] | None  # local minutes [from, to) the trigger must fall in
    support: int
    confidence: float
    lift: float
    pairs: tuple[tuple[float, float], ...]  # (trigger epoch, action epoch) of each support
    first_day: int  # date ordinals of the first and last support
    last_day: int


class _Baseline:
    """How often an action lands in a time-of-day slot by chance, from all other days."""

    def __init__(self, occs: list[Occ], days: int) -> None:
        self.minutes = sorted(m for _, m, _ in occs)
        self.epochs = sorted(e for e, _, _ in occs)
        self.other_days = max(1, days - 1)

    def expected(self, trig: Occ, delay: float) -> float:
        """Chance the action follows within `delay` s of `trig`, its own day left out."""
        epoch, minute, _ = trig
        lo, hi = minute, minute + delay / 60
        pooled = bisect_right(self.minutes, hi) - bisect_right(self.minutes, lo)
        if hi >= 1440:  # the slot runs past midnight
            pooled += bisect_right(self.minutes, hi - 1440)
        own = bisect_right(self.epochs, epoch + delay) - bisect_right(self.epochs, epoch)
        return 1 - math.exp(-max(0, pooled - own) / self.other_days)


def _judge(
    hist: History, tkey: TriggerKey, akey: ActionKey, min_support: int
) -> TriggerRoutine | None:
    occs = hist.triggers[tkey]
    follows = hist.follows[(tkey, akey)]
    delay_of = dict(follows)
    delays = sorted(delay_of.values())
    base = _Baseline(hist.actions[akey], hist.days)
    per_second = len(hist.actions[akey]) / max(1, hist.days * 86400)
    best: tuple[float, float, list[bool], list[float]] | None = None
    for limit in DELAYS:
        if limit > hist.max_delay_s:
            break
        k = bisect_right(delays, limit)
        # Cheap gate before the exact baseline: well above what a uniform day would give.
        if k < min_support or k < 3 * len(occs) * per_second * limit:
            continue
        flags = [delay_of.get(i, math.inf) <= limit for i in range(len(occs))]
        chance = [base.expected(o, limit) for o in occs]
        score = poisson_log_sf(k, sum(chance))
        if best is None or score < best[0]:
            best = (score, limit, flags, chance)
    if best is None:
        return None
    _, limit, flags, chance = best
    inside = [True] * len(occs)
    window = best_window([int(m // WINDOW_BIN) for _, m, _ in occs], flags, 1440 // WINDOW_BIN)
    span: tuple[int, int] | None = None
    if window and window.gain >= 8 and window.p_out <= 0.4 * window.p_in:
        bins = {(window.start_bin + j) % (1440 // WINDOW_BIN) for j in range(window.length)}
        inside = [int(m // WINDOW_BIN) in bins for _, m, _ in occs]
        start = window.start_bin * WINDOW_BIN
        span = (start, (start + window.length * WINDOW_BIN) % 1440)
    k = sum(1 for f, i in zip(flags, inside, strict=True) if f and i)
    n = sum(inside)
    expected = sum(c for c, i in zip(chance, inside, strict=True) if i)
    if k < min_support or poisson_log_sf(k, expected) > -12:
        return None
    used = [i for i, (f, j) in enumerate(zip(flags, inside, strict=True)) if f and j]
    delays = sorted(delay_of[i] for i in used)
    manual = hist.manual_triggers.get(tkey, 0)
    return TriggerRoutine(
        trigger=tkey,
        action=akey,
        sequence=tkey[0].split(".", 1)[0] not in SENSOR_DOMAINS and manual * 2 >= len(occs),
        within_s=int(math.ceil(delays[-1] / 10) * 10),
        window=span,
        support=k,
        confidence=k / max(1, n),
        lift=k / max(expected, 1e-6),
        pairs=tuple((occs[i][0], occs[i][0] + delay_of[i]) for i in used),
        first_day=occs[used[0]][2],
        last_day=occs[used[-1]][2],
    )


def _screened(routine: TriggerRoutine, others: list[TriggerRoutine], hist: History) -> bool:
    """True when another trigger of the same action sits between most of its pairs.

    door → light → blinds makes door → blinds look real; the nearer cause explains it away.
    """
    for other in others:
        if other is routine or other.action != routine.action:
            continue
        times = [e for e, _, _ in hist.triggers[other.trigger]]
        between = sum(
            1 for t, a in routine.pairs if bisect_left(times, a) - bisect_right(times, t) > 0
        )
        if between >= 0.8 * len(routine.pairs) and other.support >= 0.8 * routine.support:
            return True
    return False


def mine_triggers(
    hist: History, min_support: int, min_confidence: float, min_lift: float = 3.0
) -> list[TriggerRoutine]:
    """Trigger → action links that beat their chance baseline clearly and hold reliably."""
    found = []
    for (tkey, akey), follows in hist.follows.items():
        if len(follows) < min_support:
            continue
        routine = _judge(hist, tkey, akey, min_support)
        if routine and routine.confidence >= min_confidence and routine.lift >= min_lift:
            found.append(routine)
    kept = [r for r in found if not _screened(r, found, hist)]
    kept = [r for r in kept if not _undoes_cause(r, kept)]
    # Door opens → lock and door closes → lock are one habit: keep the more reliable cue.
    best: dict[tuple[str, ActionKey], TriggerRoutine] = {}
    for r in sorted(kept, key=lambda r: (-r.confidence, -r.support)):
        best.setdefault((r.trigger[0], r.action), r)
    return [r for r in kept if best[(r.trigger[0], r.action)] is r]


def _undoes_cause(routine: TriggerRoutine, others: list[TriggerRoutine]) -> bool:
    """True when the action undoes what caused the trigger: garage open → light → close door.

    The light does not make anyone close the garage; opening it led to both.
    """
    for cause in others:
        if cause.action[1] != routine.trigger[0] or cause.trigger[0] != routine.action[1]:
            continue
        caused = {a for _, a in cause.pairs}
        if sum(t in caused for t, _ in routine.pairs) >= 0.5 * len(routine.pairs):
            return True
    return False
