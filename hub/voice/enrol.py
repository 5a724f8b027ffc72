"""Enrolment: the people of a home read sentences to it, and pocketsphinx's acoustic model is
adapted to their voices and microphones (adapt.py does the arithmetic; this, the decoding).

Each sentence is heard as a command would be (noise suppression, levelling, the recogniser's
noise floor), aligned to its text state by state by pocketsphinx, and its frames shared among
the Gaussians of the phones they were aligned with. Three rounds (each aligned with the model
the last one made) of one MLLR transform, then MAP: the model written is a copy of the wheel's
with adapted means, which the recogniser loads in its place (voice.acoustic_model).
"""

from __future__ import annotations

import json
import logging
import shutil
import struct
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hub.voice import adapt
from hub.voice.accent import AccentVote, accent_heard
from hub.voice.audio import CHUNK_BYTES
from hub.voice.clean import clean_file
from hub.voice.config import VoiceConfig
from hub.voice.floor import NoiseFloor, speech_rms
from hub.voice.recognizer import SAMPLE_RATE
from hub.voice.variants import Accent

log = logging.getLogger("hub.voice")

ROUNDS = 3
# Silence and noise fillers are left out: adaptation is for the voices, and the phone loop's
# and grammar's silence should keep matching the rooms' quiet.
NOT_SPEECH = {"SIL", "+NSN+", "+SPN+"}


def prompts(
    count: int,
    nlu_path: Path | None = None,
    *,
    seed: int = 0,
    knows: Callable[[str], bool] | None = None,
) -> list[str]:
    """`count` sentences to read aloud: the training data's examples, as said (numbers in
    words), shuffled the same way each time so a second person reads the same ones. `knows`:
    only sentences whose every word it knows (the dictionary's: others cannot be aligned)."""
    import random

    from hub.voice.grammar import ANNOTATION, default_nlu_path, nlu_items
    from hub.voice.numbers import normalise

    said: set[str] = set()
    for item, lines in nlu_items(nlu_path or default_nlu_path()):
        for line in lines if "intent" in item else ():
            text = normalise(ANNOTATION.sub(lambda m: m.group(1), line))
            if len(text.split()) >= 2 and (knows is None or all(map(knows, text.split()))):
                said.add(text)
    ordered = sorted(said)
    random.Random(seed).shuffle(ordered)
    return ordered[:count]


async def record(
    texts: list[str], chunks: AsyncIterator[bytes], show: Callable[[int, str], None]
) -> list[tuple[bytes, str]]:
    """Show each text in turn and pair it with the next utterance the end-pointer finds in
    `chunks` (a microphone's); stops early when the chunks do."""
    from hub.voice.vad import Endpointer, Mark

    said: list[tuple[bytes, str]] = []
    endpointer = Endpointer()
    audio = b""
    if texts:
        show(1, texts[0])
    async for chunk in chunks:
        for seg in endpointer.feed(chunk):
            audio += seg.audio
            if seg.mark is Mark.END and audio and len(said) < len(texts):
                said.append((audio, texts[len(said)]))
                audio = b""
                if len(said) < len(texts):
                    show(len(said) + 1, texts[len(said)])
        if len(said) == len(texts):
            break
    return said


def dictionary() -> Callable[[str], bool]:
    """Whether the wheel's dictionary has a word."""
    import pocketsphinx

    decoder = pocketsphinx.Decoder(lm=None, loglevel="FATAL")
    return lambda word: decoder.lookup_word(word) is not None


def model_problem(model: Path) -> str | None:
    """Why an acoustic model directory cannot be used in the wheel's model's place, or None."""
    try:
        means = adapt.read_gaussians(model / "means")
    except (OSError, ValueError, struct.error) as exc:
        return f"{model}: {exc}"
    if means.shape != adapt.read_gaussians(base_model() / "means").shape:
        return f"{model}: means of shape {means.shape}, not the wheel model's"
    if not np.isfinite(means).all():
        return f"{model}: means that are not numbers"
    return None


def with_adapted_model(config: VoiceConfig, data_dir: Path) -> VoiceConfig:
    """The voice config with the model `hub voice enrol` adapted in `data_dir`, when none is
    configured and that one is usable; a broken one is logged and the wheel's model used."""
    adapted = data_dir / "voice" / "adapted"
    if config.acoustic_model is not None or not adapted.is_dir():
        return config
    if (problem := model_problem(adapted)) is not None:  # must not cost the home its voice
        log.warning("voice: not using the adapted model (%s); the wheel's instead", problem)
        return config
    log.info("voice: the model adapted by `hub voice enrol` (%s)", adapted)
    try:
        level = json.loads((adapted / "enrolment.json").read_text()).get("noise_suppression")
    except (OSError, ValueError, AttributeError):
        level = None
    if level is not None and level != config.noise_suppression:
        # Still better than the wheel's model, but fitted to speech cleaned another way.
        log.warning(
            "voice: enrolled at noise_suppression %s, hearing at %s: run `hub voice enrol` again",
            level, config.noise_suppression,
        )  # fmt: skip
    return config.model_copy(update={"acoustic_model": adapted})


def base_model() -> Path:
    """The English model in the pocketsphinx wheel."""
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us"


def ci_phones(model: Path) -> list[str]:
    """The model's base phones in codebook order (the binary mdef's header)."""
    data = (model / "mdef").read_bytes()
    if data[:4] != b"BMDF":
        raise ValueError(f"{model}/mdef: not a binary model definition")
    (desc_len,) = struct.unpack_from("<i", data, 8)
    at = 12 + desc_len
    (n_ci,) = struct.unpack_from("<i", data, at)
    names = data[at + 40 :].split(b"\0")[:n_ci]
    return [n.decode("ascii") for n in names]


@dataclass
class Enrolled:
    """What an adaptation used and made."""

    sentences: int
    aligned: int
    frames: int
    moved: float  # mean absolute change of the means, in cepstral units
    noise_suppression: int  # the level the sentences were cleaned at, as commands will be
    accent: AccentVote | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sentences": self.sentences,
            "aligned": self.aligned,
            "speech_s": round(self.frames / 100, 1),
            "moved": round(self.moved, 3),
            "noise_suppression": self.noise_suppression,
        }
        if self.accent is not None:
            out["accent"] = self.accent.as_json()
        return out


def as_heard(pcm: bytes, noise_suppression: int) -> bytes:
    """The audio as the recogniser decodes it: cleaned, levelled, over its noise floor."""
    pcm = clean_file(pcm, noise_suppression)
    floor = NoiseFloor()
    floor.set_level(speech_rms(pcm))
    return b"".join(floor.mix(pcm[i : i + CHUNK_BYTES]) for i in range(0, len(pcm), CHUNK_BYTES))


class Aligner:
    """A pocketsphinx decoder that aligns audio to known text and hands over its cepstra."""

    def __init__(self, model: Path, workdir: Path, accent: Accent = "en-us") -> None:
        import pocketsphinx

        from hub.voice.sphinx import CMN_INIT, add_variants

        self._mfc = workdir / f"mfc-{model.name}"
        self._mfc.mkdir()
        self._decoder: Any = pocketsphinx.Decoder(
            hmm=str(model), samprate=SAMPLE_RATE, lm=None, loglevel="FATAL",
            cmninit=CMN_INIT, mfclogdir=str(self._mfc),
        )  # fmt: skip
        self._variants = add_variants
        self._accent: Accent = accent

    def knows(self, text: str) -> bool:
        return all(self._decoder.lookup_word(w) is not None for w in text.split())

    def align(self, pcm: bytes, text: str) -> tuple[adapt.Array, list[tuple[str, int, int]]] | None:
        """The utterance's cepstra and (phone, first frame, frames) for each of its phones;
        None when the text cannot be aligned to it (pocketsphinx's beams lose every path)."""
        d = self._decoder
        self._variants(d, set(text.split()), self._accent)
        for f in self._mfc.iterdir():
            f.unlink()
        try:
            # Words first, then states within them: pocketsphinx aligns in two passes.
            d.set_align_text(text)
            for words_done in (False, True):
                d.start_utt()
                d.process_raw(pcm, False, True)
                d.end_utt()
                if not words_done:
                    d.set_alignment()
            alignment = d.get_alignment()
        except RuntimeError:
            return None
        logged = sorted(self._mfc.iterdir())
        if alignment is None or not logged:
            return None
        raw = logged[-1].read_bytes()
        # pocketsphinx logs big-endian floats after a count of them
        cep = np.frombuffer(raw, dtype=">f4", offset=4).reshape(-1, adapt.VECLEN)
        phones = [(p.name, p.start, p.duration) for p in alignment.phones()]
        return cep.astype(np.float64), phones


def enrol(
    sentences: list[tuple[bytes, str]],
    out: Path,
    *,
    noise_suppression: int = 2,
    rounds: int = ROUNDS,
    tau: float = adapt.MAP_TAU,
    accent: Accent | None = "en-us",
) -> Enrolled:
    """Adapt the wheel's model to (16 kHz mono s16 PCM, the words said) and write it to `out`
    (a model directory; replaced). Sentences with words the dictionary lacks are skipped."""
    base = base_model()
    phones = ci_phones(base)
    means = adapt.read_gaussians(base / "means")
    variances = np.maximum(adapt.read_gaussians(base / "variances"), adapt.VAR_FLOOR)
    if means.shape[0] != len(phones):
        raise ValueError(f"{base}: not a phonetically tied model ({means.shape[0]} codebooks)")
    heard = [
        (as_heard(pcm, noise_suppression), " ".join(text.lower().split()))
        for pcm, text in sentences
    ]
    vote = accent_heard(heard)
    accent = accent or vote.accent or "en-us"  # None: as the sentences sound (voice.accent auto)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model, current = base, means
        stats = adapt.Stats.empty(means.shape)
        aligned = 0
        for n in range(rounds):
            aligner = Aligner(model, work, accent)  # aligned the way the household speaks
            stats, aligned = adapt.Stats.empty(means.shape), 0
            for pcm, text in heard:
                if not text or not aligner.knows(text):
                    continue
                got = aligner.align(pcm, text)
                if got is None:
                    continue
                cep, segments = got
                labels = np.full(len(cep), -1)
                for name, start, length in segments:
                    if name in phones and name not in NOT_SPEECH:
                        labels[start : start + length] = phones.index(name)
                stats.add(labels, adapt.streams(cep), current, variances)
                aligned += 1
            if not aligned:
                raise ValueError("no sentence could be aligned to its words")
            transform = adapt.estimate_mllr(stats, means, variances)
            current = transform.apply(means)
            if n == rounds - 1:
                current = adapt.map_means(current, stats, tau)
            model = work / f"round{n}"
            _write_model(base, model, current)
        _write_model(base, out, current)
    moved = float(np.abs(current - means).mean())
    done = Enrolled(len(sentences), aligned, stats.frames, moved, noise_suppression, vote)
    (out / "enrolment.json").write_text(json.dumps(done.as_json()) + "\n")
    return done


def _write_model(base: Path, out: Path, means: adapt.Array) -> None:
    """A copy of the base model with these means."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out)
    adapt.write_gaussians(out / "means", means)
