"""Adapting the acoustic model's Gaussians to a household's voices: MLLR, then MAP (pure numpy).

pocketsphinx's English model is phonetically tied: each of its 42 base phones has a codebook of
128 Gaussians per feature stream (cepstra, deltas, double deltas; 13 dimensions each) that all
that phone's states share. Adaptation moves those means towards the speech of the people who
enrolled (enrol.py): first one affine transform per stream for all of them (MLLR: the voices'
and microphone's overall shift, which even rarely heard Gaussians then follow), then each
Gaussian towards what it was actually aligned with, as far as it has the frames to say so (MAP).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# The phone loop and grammar decoders' model: three streams of 13 (feat.params' svspec).
STREAMS = 3
VECLEN = 13
BYTE_ORDER_MAGIC = 0x11223344
VAR_FLOOR = 1e-4  # as pocketsphinx floors the variances it reads
# How many frames a Gaussian needs before its own evidence weighs as much as the transformed
# model's: low, so a household's speech moves the Gaussians it is heard in. Enrolled espeak
# en-gb+f3, festival and en-us (150 sentences each), exact actions of 98: 5 gave 97/96/96,
# 20 gave 93 for en-gb+f3; MLLR alone 78 (bench/voice_bench.py --enrol).
MAP_TAU = 5.0

Array = np.ndarray[Any, np.dtype[np.float64]]


def read_gaussians(path: Path) -> Array:
    """A means or variances file (Sphinx-3 binary) as (codebooks, streams, densities, 13)."""
    data = path.read_bytes()
    at = data.index(b"endhdr\n") + len(b"endhdr\n")
    (magic,) = struct.unpack_from("<I", data, at)
    order = "<" if magic == BYTE_ORDER_MAGIC else ">"
    n_cb, n_feat, n_dens = struct.unpack_from(order + "3I", data, at + 4)
    veclen = struct.unpack_from(f"{order}{n_feat}I", data, at + 16)
    if n_feat != STREAMS or any(v != VECLEN for v in veclen):
        raise ValueError(f"{path}: streams {veclen}, expected {STREAMS} of {VECLEN}")
    start = at + 16 + 4 * n_feat + 4  # after the total count
    count = n_cb * n_feat * n_dens * VECLEN
    values = np.frombuffer(data, dtype=order + "f4", count=count, offset=start)
    return values.reshape(n_cb, n_feat, n_dens, VECLEN).astype(np.float64)


def write_gaussians(path: Path, values: Array) -> None:
    """Write (codebooks, streams, densities, 13) in the format read_gaussians reads."""
    n_cb, n_feat, n_dens, veclen = values.shape
    head = b"s3\nversion 1.0\nendhdr\n"  # no chksum0: pocketsphinx then checks none
    body = struct.pack("<I3I", BYTE_ORDER_MAGIC, n_cb, n_feat, n_dens)
    body += struct.pack(f"<{n_feat}I", *([veclen] * n_feat)) + struct.pack("<I", values.size)
    path.write_bytes(head + body + values.astype("<f4").tobytes())


def streams(cepstra: Array) -> list[Array]:
    """An utterance's 13 cepstra per frame as the model's three streams (1s_c_d_dd): cepstra
    less their mean over the utterance, deltas over ±2 frames, double deltas, the edges held."""
    c = cepstra - cepstra.mean(axis=0)
    n = len(c)
    padded = np.concatenate([c[:1].repeat(3, axis=0), c, c[-1:].repeat(3, axis=0)])

    def at(k: int) -> Array:
        return padded[3 + k : 3 + k + n]

    return [c, at(2) - at(-2), (at(3) - at(-1)) - (at(1) - at(-3))]


@dataclass
class Stats:
    """Each Gaussian's share of the aligned frames (occupancy) and their weighted sum."""

    occupancy: Array
    first: Array
    frames: int = 0

    @classmethod
    def empty(cls, shape: tuple[int, ...]) -> Stats:
        return cls(np.zeros(shape[:3]), np.zeros(shape))

    def add(
        self, labels: np.ndarray[Any, Any], feats: list[Array], means: Array, variances: Array
    ) -> None:
        """Frames labelled with their codebook (-1: silence and noise, not counted): each
        frame is shared among its codebook's Gaussians by their likelihood of it."""
        for cb in np.unique(labels[labels >= 0]):
            rows = labels == cb
            for s in range(STREAMS):
                x = feats[s][rows]
                mu, var = means[cb, s], variances[cb, s]
                ll = -0.5 * ((((x[:, None, :] - mu[None]) ** 2) / var[None]).sum(-1))
                ll -= 0.5 * np.log(var).sum(-1)[None]
                post = np.exp(ll - ll.max(axis=1, keepdims=True))
                post /= post.sum(axis=1, keepdims=True)
                self.occupancy[cb, s] += post.sum(axis=0)
                self.first[cb, s] += post.T @ x
        self.frames += int((labels >= 0).sum())


@dataclass
class Transform:
    """One affine transform of the means per stream: mean' = A mean + b."""

    a: list[Array] = field(default_factory=list)
    b: list[Array] = field(default_factory=list)

    @classmethod
    def identity(cls) -> Transform:
        return cls([np.eye(VECLEN) for _ in range(STREAMS)], [np.zeros(VECLEN)] * STREAMS)

    def apply(self, means: Array) -> Array:
        out = means.copy()
        for s in range(STREAMS):
            out[:, s] = means[:, s] @ self.a[s].T + self.b[s]
        return out


def estimate_mllr(stats: Stats, means: Array, variances: Array) -> Transform:
    """The transform of the original means that makes the aligned frames most likely (one
    class, diagonal covariances: each row of [b A] solves its own 14x14 system)."""
    t = Transform()
    n_cb, _, n_dens, _ = means.shape
    for s in range(STREAMS):
        xi = np.concatenate([np.ones((n_cb, n_dens, 1)), means[:, s]], axis=-1)
        w = np.zeros((VECLEN, VECLEN + 1))
        for i in range(VECLEN):
            inv = 1.0 / variances[:, s, :, i]
            g = np.einsum("ck,ckp,ckq->pq", stats.occupancy[:, s] * inv, xi, xi)
            k = np.einsum("ck,ckp->p", stats.first[:, s, :, i] * inv, xi)
            w[i] = np.linalg.solve(g + 1e-6 * np.eye(VECLEN + 1), k)
        t.a.append(w[:, 1:])
        t.b.append(w[:, 0])
    return t


def map_means(prior: Array, stats: Stats, tau: float = MAP_TAU) -> Array:
    """Each mean moved from the prior towards its frames' mean by their occupancy."""
    occ = stats.occupancy[..., None]
    return np.asarray((tau * prior + stats.first) / (tau + occ), dtype=np.float64)
