"""Small statistics the miner needs: circular time, Bernoulli likelihoods, change points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DAY_MIN = 1440


def circ_offset(minute: float, centre: float) -> float:
    """Signed distance from `centre` to `minute` on the 24 h circle, in [-720, 720)."""
    return (minute - centre + 720.0) % DAY_MIN - 720.0


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def robust_sd(values: Sequence[float]) -> float:
    """1.4826 × median absolute deviation: a standard deviation that ignores stray points."""
    if len(values) < 2:
        return 0.0
    centre = median(values)
    return 1.4826 * median([abs(v - centre) for v in values])


def bern_ll(k: float, n: float) -> float:
    """Log-likelihood of k successes in n trials at the best rate k/n."""
    if n <= 0 or k <= 0 or k >= n:
        return 0.0
    p = k / n
    return k * math.log(p) + (n - k) * math.log(1 - p)


def poisson_log_sf(k: int, lam: float) -> float:
    """log P(X >= k) for X ~ Poisson(lam): how surprising k events are when lam were chance."""
    if k <= 0:
        return 0.0
    lam = max(lam, 1e-9)
    if k <= lam:
        return 0.0  # not surprising; the exact value does not matter to the caller
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    total, term, j = 1.0, 1.0, k
    while term > 1e-12 and j < k + 10_000:  # terms fall geometrically once j > lam
        j += 1
        term *= lam / j
        total += term
    return log_term + math.log(total)


@dataclass(frozen=True, slots=True)
class Split:
    """Which weekdays a routine keeps, with the rates in and out of that set."""

    days: tuple[int, ...]  # 0 = Monday
    p_in: float
    p_out: float
    hits: int
    eligible: int


def weekday_split(hits: Sequence[int], days: Sequence[int], min_gain: float = 4.0) -> Split:
    """Split weekdays into habit days and the rest when the data say so, else keep them all.

    Weekdays are ranked by rate and the best top-k cut (two Bernoulli groups) is kept when it
    beats one common rate clearly and the rest is near-silent compared with the habit days.
    """
    order = sorted(
        (w for w in range(7) if days[w] > 0), key=lambda w: hits[w] / days[w], reverse=True
    )
    total_h, total_n = sum(hits[w] for w in order), sum(days[w] for w in order)
    best = Split(tuple(sorted(order)), total_h / max(1, total_n), 0.0, total_h, total_n)
    base, best_ll = bern_ll(total_h, total_n), -math.inf
    h_in = n_in = 0
    for k, w in enumerate(order[:-1], start=1):
        h_in, n_in = h_in + hits[w], n_in + days[w]
        h_out, n_out = total_h - h_in, total_n - n_in
        ll = bern_ll(h_in, n_in) + bern_ll(h_out, n_out)
        p_in, p_out = h_in / n_in, h_out / n_out
        if ll > best_ll and ll - base >= min_gain and p_out <= 0.4 * p_in:
            best_ll = ll
            best = Split(tuple(sorted(order[:k])), p_in, p_out, h_in, n_in)
    return best


def _segment_ll(pref_h: list[list[int]], pref_n: list[list[int]], a: int, b: int) -> float:
    return sum(bern_ll(pref_h[w][b] - pref_h[w][a], pref_n[w][b] - pref_n[w][a]) for w in range(7))


def latest_regime(
    weekday: Sequence[int], hit: Sequence[bool], min_len: int = 14, rounds: int = 3
) -> int:
    """Index where the latest habit starts in a daily hit series (0 when it never changed).

    Binary segmentation with per-weekday Bernoulli rates on each side: the best split is kept
    when its likelihood gain beats a BIC-like penalty counting only the weekdays in use, and the
    search goes on in the later part, since only the latest habit is true.
    """
    n = len(hit)
    pref_h = [[0] * (n + 1) for _ in range(7)]
    pref_n = [[0] * (n + 1) for _ in range(7)]
    for i in range(n):
        for w in range(7):
            pref_h[w][i + 1], pref_n[w][i + 1] = pref_h[w][i], pref_n[w][i]
        pref_h[weekday[i]][i + 1] += int(hit[i])
        pref_n[weekday[i]][i + 1] += 1
    start = 0
    for _ in range(rounds):
        if n - start < 2 * min_len:
            break
        whole = _segment_ll(pref_h, pref_n, start, n)
        used = sum(1 for w in range(7) if pref_h[w][n] - pref_h[w][start] >= 2)
        penalty = max(2, used) * math.log(n - start) / 2 + 2.0
        best_gain, best_at = 0.0, -1
        for c in range(start + min_len, n - min_len + 1):
            gain = _segment_ll(pref_h, pref_n, start, c) + _segment_ll(pref_h, pref_n, c, n)
            if gain - whole > best_gain:
                best_gain, best_at = gain - whole, c
        if best_at < 0 or best_gain < penalty:
            break
        start = best_at
    return start


def level_shift(values: Sequence[float], min_side: int = 5) -> int:
    """Index where a series' mean shifted clearly (t > 5, ≥ 8 units), else 0."""
    n = len(values)
    if n < 2 * min_side:
        return 0
    pref = [0.0]
    pref2 = [0.0]
    for v in values:
        pref.append(pref[-1] + v)
        pref2.append(pref2[-1] + v * v)
    best_t, best_at = 0.0, 0
    for c in range(min_side, n - min_side + 1):
        m1, m2 = pref[c] / c, (pref[n] - pref[c]) / (n - c)
        ss = (pref2[c] - c * m1 * m1) + (pref2[n] - pref2[c] - (n - c) * m2 * m2)
        sd = math.sqrt(max(ss, 1e-9) / (n - 2))
        t = abs(m1 - m2) / (sd * math.sqrt(1 / c + 1 / (n - c)))
        if t > best_t and abs(m1 - m2) >= 8:
            best_t, best_at = t, c
    return best_at if best_t > 5 else 0


@dataclass(frozen=True, slots=True)
class Window:
    """A time-of-day window (in bins) where an outcome is much likelier than outside it."""

    start_bin: int
    length: int
    p_in: float
    p_out: float
    gain: float


def best_window(bins: Sequence[int], flags: Sequence[bool], n_bins: int = 48) -> Window | None:
    """The circular interval of bins that best separates frequent from rare outcomes."""
    n, k = [0] * n_bins, [0] * n_bins
    for b, f in zip(bins, flags, strict=True):
        n[b] += 1
        k[b] += int(f)
    pn, pk = [0], [0]
    for i in range(2 * n_bins):  # doubled prefix sums: intervals may wrap past midnight
        pn.append(pn[-1] + n[i % n_bins])
        pk.append(pk[-1] + k[i % n_bins])
    tn, tk = pn[n_bins], pk[n_bins]
    base = bern_ll(tk, tn)
    best: Window | None = None
    for s in range(n_bins):
        if n[s] == 0 or k[s] == 0:
            continue  # a window starts where the outcome actually happens
        for length in range(1, n_bins):
            cn, ck = pn[s + length] - pn[s], pk[s + length] - pk[s]
            if cn == 0 or cn == tn:
                continue
            gain = bern_ll(ck, cn) + bern_ll(tk - ck, tn - cn) - base
            if best is None or gain > best.gain:
                best = Window(s, length, ck / cn, (tk - ck) / (tn - cn), gain)
    return best
