"""adapt.py's arithmetic on made-up Gaussians and frames (no audio, no decoder)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hub.voice import adapt

RNG = np.random.default_rng(3)


def gaussians(codebooks: int = 4, densities: int = 6) -> tuple[adapt.Array, adapt.Array]:
    means = RNG.normal(0, 5, (codebooks, adapt.STREAMS, densities, adapt.VECLEN))
    return means, np.full_like(means, 0.25)


def frames_from(means: adapt.Array, per_density: int = 40) -> tuple[np.ndarray, list[adapt.Array]]:
    """Frames around each mean, labelled with its codebook."""
    cb, _, dens, _ = means.shape
    labels, feats = [], [[] for _ in range(adapt.STREAMS)]
    for c in range(cb):
        for k in range(dens):
            labels += [c] * per_density
            for s in range(adapt.STREAMS):
                feats[s].append(means[c, s, k] + RNG.normal(0, 0.05, (per_density, adapt.VECLEN)))
    return np.array(labels), [np.concatenate(f) for f in feats]


def test_gaussians_read_back_as_written(tmp_path: Path) -> None:
    means, _ = gaussians()
    adapt.write_gaussians(tmp_path / "means", means)
    assert np.allclose(adapt.read_gaussians(tmp_path / "means"), means, atol=1e-5)


def test_the_wheel_models_gaussians_are_read() -> None:
    pytest.importorskip("pocketsphinx")
    from hub.voice.enrol import base_model, ci_phones

    phones = ci_phones(base_model())
    assert len(phones) == 42 and phones[0] == "+NSN+" and phones[32] == "SIL"
    assert adapt.read_gaussians(base_model() / "means").shape == (42, 3, 128, 13)


def test_mllr_finds_the_shift_and_scale_the_voice_made() -> None:
    means, variances = gaussians()
    shift = adapt.Transform(
        [np.eye(13) * 1.2 + RNG.normal(0, 0.05, (13, 13)) for _ in range(3)],
        [RNG.normal(0, 2, 13) for _ in range(3)],
    )
    labels, feats = frames_from(shift.apply(means))
    stats = adapt.Stats.empty(means.shape)
    stats.add(labels, feats, shift.apply(means), variances)
    found = adapt.estimate_mllr(stats, means, variances)
    for s in range(3):
        assert np.allclose(found.a[s], shift.a[s], atol=0.02)
        assert np.allclose(found.b[s], shift.b[s], atol=0.1)
    assert stats.frames == len(labels)


def test_map_moves_heard_gaussians_and_keeps_unheard_ones() -> None:
    means, variances = gaussians(codebooks=2)
    moved = means.copy()
    moved[0] += 3.0  # only codebook 0 is heard, 3 away from where the model has it
    labels, feats = frames_from(moved[:1])
    stats = adapt.Stats.empty(means.shape)
    stats.add(labels, feats, moved, variances)
    out = adapt.map_means(means, stats, tau=5.0)
    assert np.allclose(out[1], means[1])  # no frames: the prior stays
    share = 40 / (40 + 5.0)  # 40 frames against tau 5
    assert np.allclose(out[0] - means[0], 3.0 * share, atol=0.05)


def test_silence_labels_are_not_counted() -> None:
    means, variances = gaussians()
    labels, feats = frames_from(means)
    labels[:10] = -1
    stats = adapt.Stats.empty(means.shape)
    stats.add(labels, feats, means, variances)
    assert stats.frames == len(labels) - 10
    assert stats.occupancy[:, 0].sum() == pytest.approx(len(labels) - 10)


def test_streams_are_normalised_cepstra_deltas_and_double_deltas() -> None:
    t = np.arange(20.0)[:, None] * np.ones((1, 13))  # a ramp: 1 per frame
    c, d, dd = adapt.streams(t * 2.0)
    assert np.allclose(c.mean(axis=0), 0)
    assert np.allclose(d[3:-3], 8.0)  # c[t+2] - c[t-2]
    assert np.allclose(dd[3:-3], 0.0)


def test_a_broken_adapted_model_is_refused_with_its_reason(tmp_path: Path) -> None:
    pytest.importorskip("pocketsphinx")
    from hub.voice.enrol import base_model, model_problem

    assert model_problem(base_model()) is None
    (tmp_path / "means").write_bytes(b"s3\nendhdr\n\x00\x01")  # cut short
    assert str(tmp_path) in (model_problem(tmp_path) or "")
    means, _ = gaussians()  # the wrong shape
    adapt.write_gaussians(tmp_path / "means", means)
    assert "shape" in (model_problem(tmp_path) or "")
    assert "means" in (model_problem(tmp_path / "nowhere") or "")


def test_the_daemon_takes_the_enrolled_model_unless_told_otherwise(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("pocketsphinx")
    import shutil

    from hub.voice import VoiceConfig
    from hub.voice.enrol import base_model, with_adapted_model

    config = VoiceConfig()
    assert with_adapted_model(config, tmp_path).acoustic_model is None  # nobody enrolled
    adapted = tmp_path / "voice" / "adapted"
    shutil.copytree(base_model(), adapted)
    assert with_adapted_model(config, tmp_path).acoustic_model == adapted
    (adapted / "enrolment.json").write_text('{"noise_suppression": 0}')
    assert with_adapted_model(config, tmp_path).acoustic_model == adapted  # used, and said:
    assert "enrolled at noise_suppression 0, hearing at 2" in caplog.text
    chosen = VoiceConfig(acoustic_model=tmp_path / "mine")
    assert with_adapted_model(chosen, tmp_path).acoustic_model == tmp_path / "mine"
    (adapted / "means").write_bytes(b"garbage")
    assert with_adapted_model(config, tmp_path).acoustic_model is None
    assert "not using the adapted model" in caplog.text
