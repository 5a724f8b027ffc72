"""English end to end on pocketsphinx: synthesised speech through the microphone's code path."""

from __future__ import annotations

import asyncio
from array import array
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hub.core import Area, Entity, EntitySpec, EntityState, HomeSnapshot
from hub.voice import (
    ASK_AGAIN,
    RecognizerPool,
    VoiceCommand,
    VoiceConfig,
    VoicePipeline,
    build_grammar,
    floor,
    transcribe_chunks,
    transcribe_file,
    wav_chunks,
)
from hub.voice.audio import chunked, read_wav, write_wav
from hub.voice.sphinx import LOOKAHEAD_BYTES, PocketsphinxRecognizer
from hub.voice.tts import Speaker
from tests.fixtures.voice import silence, synth, trimmed, words

pytestmark = pytest.mark.voice


@pytest.mark.parametrize(
    "text",
    ["turn on the kitchen light", "turn off the kitchen light", "unlock the front door",
     "set the kitchen light to seventy five percent"],
)  # fmt: skip
def test_festival_voice_is_heard_exactly(speak: Any, sphinx: Any, text: str) -> None:
    heard = transcribe_file(speak(text, "slt"), sphinx)
    assert heard.text == text
    assert heard.complete and heard.confidence >= 0.5
    assert heard.audio_s > 1.0 and heard.decode_s > 0


@pytest.mark.parametrize("gain_db", [0, -30])
def test_the_noise_floor_follows_the_speech_level(
    speak: Any, snapshot: HomeSnapshot, gain_db: int
) -> None:
    """Quiet speech (30 dB down, about -51 dBFS) is heard as well as loud: it is brought to
    the level the model expects, with the noise floor 35 dB under it. A fresh recogniser: its
    starting cepstral mean is for speech at that level, and quiet speech fed as it came was
    heard as "kitchen blind"."""
    sphinx = PocketsphinxRecognizer(build_grammar(None, snapshot))
    pcm = read_wav(speak("set the kitchen light to seventy five percent", "slt"))
    quiet = array("h", (round(x * 10 ** (gain_db / 20)) for x in array("h", pcm)))
    heard = transcribe_chunks(chunked(quiet.tobytes()), sphinx, floor.speech_rms(quiet.tobytes()))
    assert heard.text == "set the kitchen light to seventy five percent"
    assert heard.confidence >= 0.8
    assert abs(heard.speech_rms - floor.speech_rms(quiet.tobytes())) < 2  # measured as it came


@pytest.mark.parametrize("said", ["set the kitchen light to seventy five percent", "yes"])
def test_a_stream_of_unknown_level_is_levelled_by_its_own_start(
    speak: Any, snapshot: HomeSnapshot, said: str
) -> None:
    """No level given (a stream's first utterance): the audio waits until 0.8 s is in and is
    levelled by that; an utterance shorter than that is levelled by all of it at the end."""
    sphinx = PocketsphinxRecognizer(build_grammar(None, snapshot))
    pcm = read_wav(speak(said, "slt"))
    quiet = array("h", (round(x * 10 ** (-30 / 20)) for x in array("h", pcm))).tobytes()
    sphinx.start(None)
    partials = [(len(c), sphinx.accept_waveform(c)) for c in chunked(quiet)]
    heard = sphinx.final()
    assert heard.text == said and heard.confidence >= 0.8
    fed, first_word = 0, None
    for size, partial in partials:
        fed += size
        if partial and first_word is None:
            first_word = fed
    assert first_word is None or first_word >= LOOKAHEAD_BYTES


def test_words_missing_from_the_dictionary_are_reported() -> None:
    specs = [EntitySpec("light.k", "Kitchen light", area="kitchen", aliases=("qzxj lamp",))]
    snap = HomeSnapshot(
        {"kitchen": Area("kitchen", "Kitchen")},
        {s.entity_id: Entity(s, EntityState("off")) for s in specs},
    )
    rec = PocketsphinxRecognizer(build_grammar(None, snap))
    assert rec.missing == ["qzxj"] and not rec.vocabulary_has("qzxj")
    assert rec.grammar is not None and rec.grammar.accepts("turn on the kitchen light")
    assert not rec.grammar.accepts("turn on the qzxj lamp")  # dropped, not misheard


def test_a_brand_the_dictionary_lacks_is_heard(speak: Any, sphinx: Any) -> None:
    """cmudict has no "roomba", nor any split of it ("ba" only as B-A): spelling.BRANDS."""
    assert "roomba" not in sphinx.missing and sphinx.spelled["roomba"] == "R UW M B AH"
    heard = transcribe_file(speak("send the roomba back to its dock", "slt"), sphinx)
    assert words(heard.text) == "send the roomba back to its dock" and heard.confidence >= 0.75


@pytest.mark.parametrize(
    ("text", "spelled"),
    [("turn off the wallbox", "W AO L B AA K S"), ("unmute the kitchen speaker", "AH N M Y UW T")],
)
def test_compound_words_are_spelled_from_their_parts_and_heard(
    speak: Any, sphinx: Any, text: str, spelled: str
) -> None:
    """cmudict lacks "wallbox" and "unmute"; "wall" + "box" and "un" + "mute" it has."""
    word = text.split()[0] if text.startswith("unmute") else text.split()[-1]
    assert sphinx.spelled[word] == spelled and word not in sphinx.missing
    for voice in ("slt", "us170"):
        heard = transcribe_file(speak(text, voice), sphinx)
        assert words(heard.text) == text and heard.confidence >= 0.8, voice


def test_names_with_accents_are_heard_and_acted_on(speak: Any, tmp_path: Path) -> None:
    """cmudict spells "cafe" and "zoe" but not "café" and "zoë": the accented names are said
    as their plain spellings are. Their letters used to be dropped ("caf", "zo"), every phrase
    with them fell out of the grammar, and "turn on the cafe light" was heard as "turn on plug
    every ..." and acted on."""
    from hub.commands.plan import Hearing
    from intents import Planner, train_embedded

    specs = [
        EntitySpec("light.cafe", "Café light", area="salon", features=frozenset({"brightness"})),
        EntitySpec("switch.zoe", "Zoë's fan", area="kitchen"),
        EntitySpec("light.kitchen", "Kitchen light", area="kitchen"),
    ]
    snap = HomeSnapshot(
        {"salon": Area("salon", "Salon"), "kitchen": Area("kitchen", "Kitchen")},
        {s.entity_id: Entity(s, EntityState("off")) for s in specs},
    )
    hearing = Hearing(snap)
    planner = Planner(train_embedded(cache_dir=tmp_path))
    cases = [
        ("turn on the cafe light", "turn on the café light", "light.cafe"),
        ("turn off zoe's fan", "turn off zoë's fan", "switch.zoe"),
    ]
    for said, heard_as, entity in cases:
        heard = hearing.hear(str(speak(said, "us170")))
        assert heard.text == heard_as and heard.confidence >= 0.8
        plan = hearing.plan(planner, heard, snap, None, None, datetime.now())
        assert [c.entity_ids for c in plan.calls] == [(entity,)]
    assert hearing._recognizer is not None
    assert {"café", "zoë's"} <= set(hearing._recognizer.spelled)  # type: ignore[attr-defined]


def test_a_feeling_said_alone_is_heard_and_only_offered(
    speak: Any, snapshot: HomeSnapshot, tmp_path: Path
) -> None:
    """The grammar had no feelings: "it's dark in here" was forced onto "it's dinner" (0.95)
    and set the dinner scene. Now it is heard as said, and what the hub would do about it waits
    for a yes (intents/comfort.py)."""
    from hub.commands.plan import Hearing
    from intents import Planner, train_embedded

    hearing = Hearing(snapshot)
    planner = Planner(train_embedded(cache_dir=tmp_path))
    cases = [
        ("it's dark in here", "living_room", "light.floor_lamp", "light.turn_on"),
        ("I'm freezing", "office", "switch.space_heater", "switch.turn_on"),
    ]
    for said, area, entity, service in cases:
        heard = hearing.hear(str(speak(said, "slt")))
        assert heard.text.lower() == said.lower() and heard.confidence >= 0.8, heard
        plan = hearing.plan(planner, heard, snapshot, area, area, datetime.now())
        assert {c.service for c in plan.calls} == {service}
        assert all(c.confirm for c in plan.calls) and entity in plan.calls[0].entity_ids


def test_what_households_also_call_things_is_heard_and_acted_on(
    speak: Any, snapshot: HomeSnapshot, tmp_path: Path
) -> None:
    """The reference home names a "Living room" and an "Alarm"; the planner reads "lounge" and
    "burglar alarm" too (intents.lexicon.ALSO_CALLED), and now the grammar hears them: before,
    "close the lounge blinds" was heard as "close the garage blinds"."""
    from hub.commands.plan import Hearing
    from intents import Planner, train_embedded

    hearing = Hearing(snapshot)
    planner = Planner(train_embedded(cache_dir=tmp_path))
    for said, entity in [
        ("close the lounge blinds", "cover.living_room_blinds"),
        ("arm the burglar alarm", "alarm_control_panel.home_alarm"),
    ]:
        for voice in ("slt", "us170"):
            heard = hearing.hear(str(speak(said, voice)))
            assert words(heard.text) == said and heard.confidence >= 0.8, voice
            plan = hearing.plan(planner, heard, snapshot, None, None, datetime.now())
            assert [c.entity_ids for c in plan.calls] == [(entity,)], voice


def test_words_ending_in_r_may_be_heard_without_it(speak: Any, sphinx: Any) -> None:
    """ "door" is also D AO (variants.py), and a hearing names its words without the "(2)"."""
    phones = {sphinx._decoder.lookup_word(w) for w in ("door", "door(2)")}
    assert phones == {"D AO R", "D AO"}
    heard = transcribe_file(speak("lock the back door", "slt"), sphinx)
    assert heard.text == "lock the back door"
    assert [w.text for w in heard.words] == ["lock", "the", "back", "door"]


async def test_chunks_through_the_end_pointer_reach_the_command_path(
    speak: Any, sphinx: Any
) -> None:
    """Two utterances in one stream, as from a microphone: each becomes a command with its room."""
    got: list[VoiceCommand] = []

    async def on_command(cmd: VoiceCommand) -> str:
        got.append(cmd)
        return "ok"

    pool = RecognizerPool(lambda: sphinx, 1)
    speaker = Speaker("none")
    pipeline = VoicePipeline(pool, on_command, VoiceConfig(), speaker=speaker)

    async def two_commands() -> Any:
        for text in ("turn on the kitchen light", "unlock the front door"):
            async for chunk in wav_chunks(speak(text, "slt"), tail_silence_s=0.8):
                yield chunk

    await pipeline.listen(two_commands(), "kitchen", "s1")
    pool.close()
    assert [c.text for c in got] == ["turn on the kitchen light", "unlock the front door"]
    assert all(c.area == "kitchen" and c.session == "s1" for c in got)
    assert speaker.said == [("kitchen", "ok"), ("kitchen", "ok")]
    # Intent words arrive intact: the verb decides the action.
    assert got[0].text.split()[:2] == ["turn", "on"] and got[1].text.startswith("unlock")


@pytest.fixture
def noise_wav(tmp_path: Path) -> Path:
    import subprocess

    wav = tmp_path / "noise.wav"
    subprocess.run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            str(wav),
            "synth",
            "1.5",
            "pinknoise",
            "vol",
            "0.3",
        ],
        check=True,
    )  # fmt: skip  (-R: the same noise every run)
    return wav


async def test_noise_is_not_acted_on(noise_wav: Path, sphinx: Any) -> None:
    """Pink noise alone: nothing complete is heard, so the hub asks again instead of acting."""
    wav = noise_wav
    acted: list[VoiceCommand] = []

    async def on_command(cmd: VoiceCommand) -> str:
        acted.append(cmd)
        return "done"

    pool = RecognizerPool(lambda: sphinx, 1)
    pipeline = VoicePipeline(pool, on_command, speaker=Speaker("none"))
    heard = await pipeline.hear(wav_chunks(wav), "office")
    reply = await pipeline.handle(heard, "s2")
    pool.close()
    if not acted:
        assert reply == ASK_AGAIN
    else:  # the grammar found a sentence in the noise: it must at least be marked doubtful
        assert acted[0].doubtful


@pytest.mark.parametrize("voice", ["us170", "gb140"])
def test_espeak_voices_give_a_hearing(speak: Any, sphinx: Any, voice: str) -> None:
    """espeak's formant voices are far from real speech (see the bench): only sanity here."""
    heard = transcribe_file(speak("turn on the kitchen light", voice), sphinx)
    assert heard.engine == "pocketsphinx"
    assert 0.0 <= heard.confidence <= 1.0
    assert not heard.text or heard.complete or heard.confidence <= 0.2


def test_partials_stream_while_speaking(speak: Any, sphinx: Any) -> None:
    from hub.voice.audio import chunked, read_wav

    sphinx.start()
    partials = [
        sphinx.accept_waveform(c) for c in chunked(read_wav(speak("unlock the front door", "slt")))
    ]
    heard = sphinx.final()
    assert any(p and p != heard.text for p in partials) or partials[-1] == heard.text
    assert heard.text == "unlock the front door"


def test_run_blocks_only_a_worker_thread(speak: Any, sphinx: Any) -> None:
    """Decoding happens in the pool's threads: the loop keeps ticking meanwhile."""

    async def main() -> int:
        pool = RecognizerPool(lambda: sphinx, 1)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        task = asyncio.create_task(ticker())
        pipeline = VoicePipeline(pool, _ignore, speaker=Speaker("none"))
        await pipeline.hear(wav_chunks(speak("turn on the kitchen light", "slt")))
        task.cancel()
        pool.close()
        return ticks

    assert asyncio.run(main()) > 5


async def _ignore(cmd: VoiceCommand) -> None:
    return None


def test_noise_explained_by_silence_is_doubtful(tmp_path: Path, speak: Any, sphinx: Any) -> None:
    """Pink noise can fit a short answer ("no") padded with "silence": most of its loud frames
    are left unexplained, so the hearing is doubtful; a spoken command leaves none over."""
    import subprocess

    # Speech first: after it (as in a running hub) noise came back as a confident "no".
    for said in ("turn on the kitchen light", "turn on the lights in the garden",
                 "toggle the desk lamp", "bathroom lights off", "dim the floor lamp to 30 percent"):  # fmt: skip
        wav = tmp_path / "said.wav"
        write_wav(wav, trimmed(read_wav(speak(said, "slt"))))  # no silence around the words
        heard = transcribe_file(wav, sphinx)
        assert heard.complete and heard.confidence >= 0.8 and sphinx.last_unexplained < 0.2
    # sox -R: the same noise every run; these lengths came back as "no" at 0.90-0.96. (2.2 s,
    # after this speech, is heard as "fan off" at 0.96 with every frame in a word: a known gap,
    # in issue 7's note.)
    for seconds in ("2.0", "2.1"):
        wav = tmp_path / f"noise{seconds}.wav"
        subprocess.run(
            ["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(wav), "synth", seconds,
             "pinknoise", "vol", "0.3"], check=True,
        )  # fmt: skip
        heard = transcribe_file(wav, sphinx)
        assert heard.confidence < 0.5 or not heard.complete, (heard, sphinx.last_unexplained)


async def test_speech_outside_the_grammar_is_heard_free_form_and_held(
    speak: Any, snapshot: HomeSnapshot
) -> None:
    """The grammar cannot say "what time is it": its hearing is doubtful, so the utterance is
    heard again with the trigram LM and handed on held (answered, nothing done without a yes)."""
    grammar = build_grammar(None, snapshot)
    got: list[VoiceCommand] = []

    async def on_command(cmd: VoiceCommand) -> str:
        got.append(cmd)
        return "Sorry, I can't help with that."

    for free_below, handed_on in ((0.75, 1), (None, 0)):
        got.clear()
        pool = RecognizerPool(lambda b=free_below: PocketsphinxRecognizer(grammar, free_below=b), 1)
        speaker = Speaker("none")
        pipeline = VoicePipeline(pool, on_command, VoiceConfig(), speaker=speaker)
        await pipeline.listen(
            wav_chunks(speak("what time is it", "slt"), tail_silence_s=0.8), "hall", "s"
        )
        pool.close()
        assert len(got) == handed_on
        if handed_on:
            assert got[0].hold and got[0].text.endswith("time is it")  # free-form is rougher
            assert not got[0].heard.complete or got[0].heard.confidence < 0.75
        else:
            assert speaker.said == [("hall", ASK_AGAIN)]


def test_a_room_starts_from_the_mean_its_own_last_utterance_left(
    speak: Any, noise_wav: Path, sphinx: Any
) -> None:
    """Rooms share pooled recognisers: what one room's utterance adapted the cepstral means to
    comes back with its hearing, and starts that room's next utterance, whatever was heard in
    between (pink noise from another room moves the means)."""
    quiet = transcribe_file(speak("turn on the kitchen light", "slt"), sphinx)
    assert quiet.text == "turn on the kitchen light" and quiet.adapted.count("|") == 1
    noisy = transcribe_file(noise_wav, sphinx)
    assert noisy.adapted != quiet.adapted
    sphinx.start(None, quiet.adapted)
    means = f"{sphinx._decoder.get_cmn()}|{sphinx._phones.get_cmn()}"
    sphinx.final()
    assert means == quiet.adapted


def test_a_peek_hears_the_whole_command_said_so_far(speak: Any, sphinx: Any) -> None:
    """At a pause, the command said so far is heard as if the utterance ended there."""
    transcribe_file(speak("turn off the kitchen light", "slt"), sphinx)  # not a fresh one
    pcm = read_wav(speak("switch off the space heater", "slt"))
    sphinx.start(floor.speech_rms(pcm))
    for chunk in chunked(pcm):
        sphinx.accept_waveform(chunk)
    heard = sphinx.peek(0.8)
    assert heard is not None and heard.text == "switch off the space heater"
    assert heard.complete and heard.confidence >= 0.8


def test_after_a_peek_that_comes_to_nothing_the_utterance_is_heard_on(
    speak: Any, sphinx: Any
) -> None:
    """A peek that is not sure enough (here: nothing is) leaves no trace: the person was only
    looking for a word, and what they say next is heard with what came before."""
    first = trimmed(read_wav(speak("set the kitchen light to", "slt")))
    second = trimmed(read_wav(speak("seventy five percent", "slt")))
    pause = bytes(2 * 16000 * 3 // 10)
    transcribe_file(speak("turn off the kitchen light", "slt"), sphinx)
    sphinx.start(floor.speech_rms(first))
    for chunk in chunked(first + pause):
        sphinx.accept_waveform(chunk)
    assert sphinx.peek(1.01) is None
    for chunk in chunked(second + pause):
        sphinx.accept_waveform(chunk)
    heard = sphinx.final()
    assert heard.text == "set the kitchen light to seventy five percent"
    assert heard.audio_s == pytest.approx(len(first + second + 2 * pause) / 32000)


@pytest.mark.parametrize(
    ("text", "sure"),
    [("turn on the kitchen light", True), ("how tall is mount everest", False)],
)
def test_silence_around_a_hearing_does_not_make_it_surer(
    speak: Any, sphinx: Any, text: str, sure: bool
) -> None:
    """A microphone's utterance ends with the end-pointer's wait, a file's with little: the
    confidence is taken over the words, so the silence does not lift speech the home has no
    words for over the bar (with it counted, a second of silence took "how tall is mount
    everest", heard as a command, from 0.45 to 0.95)."""
    clip = trimmed(read_wav(speak(text)))
    transcribe_file(speak("turn off the kitchen light"), sphinx)  # not a fresh one
    for lead, tail in ((0.05, 0.05), (1.0, 0.7)):
        pcm = bytes(int(32000 * lead) // 2 * 2) + clip + bytes(int(32000 * tail) // 2 * 2)
        heard = transcribe_chunks(chunked(pcm), sphinx, floor.speech_rms(clip))
        assert heard.doubtful(VoiceConfig().min_confidence) is not sure, (lead, heard)


@pytest.mark.parametrize(
    ("voice", "head", "tail"),
    [("slt", "dim the floor", "lamp to thirty percent"), ("us170", "turn off the space", "heater"),
     ("us170", "turn on the night", "light")],
)  # fmt: skip
def test_a_pause_inside_a_name_is_heard_as_one(
    speak: Any, sphinx: Any, tmp_path: Path, voice: str, head: str, tail: str
) -> None:
    """A name is one word of the search ("floor_lamp"); it may still be said with a pause between
    its words, as by a person looking for the rest of it. Without a pronunciation with a silence
    in it, these were heard as "dim the floor lamp and turn fan to eight percent", "turn off the
    study speaker" and "turn on the light and light"."""
    said = [trimmed(read_wav(speak(part, voice))) for part in (head, tail)]
    wav = tmp_path / "paused.wav"
    write_wav(wav, silence(0.3) + said[0] + silence(0.4) + said[1] + silence(0.3))
    heard = transcribe_file(wav, sphinx)
    assert words(heard.text) == f"{head} {tail}" and heard.confidence >= 0.75


BRITISH_SAID = ["activate movie night", "lock the back door", "turn on the fan",
                "is the back door locked", "is the garage door open",
                "turn off the bathroom lights"]  # fmt: skip


def test_a_british_household_is_heard_the_british_way(speak: Any, snapshot: HomeSnapshot) -> None:
    """voice.accent en-gb: espeak's British voice, heard with every word's southern British
    rendering (variants.british), is heard right where the American dictionary alone heard
    "is the hot water locked" for "is the back door locked", and nothing for "lock the back
    door"."""
    grammar = build_grammar(None, snapshot)
    right = {}
    for accent in ("en-gb", "en-us"):
        sphinx = PocketsphinxRecognizer(grammar, accent=accent)
        heard = [transcribe_file(speak(said, "gb140"), sphinx) for said in BRITISH_SAID]
        right[accent] = [h.text for h in heard if h.confidence >= 0.75]
    assert right["en-gb"] == BRITISH_SAID
    assert len(set(right["en-us"]) & set(BRITISH_SAID)) <= len(BRITISH_SAID) // 2


def test_a_long_sentence_forced_onto_a_chain_of_commands_is_doubtful(
    speak: Any, sphinx: Any
) -> None:
    """Four commands in one breath are heard, but not trusted: such hearings were long polite
    sentences forced onto short commands (grammar.MOST_COMMANDS), so none is acted on unasked."""
    said = (
        "turn off the kitchen light and turn on the tv and close the blinds and lock the front door"
    )
    heard = transcribe_file(speak(said, "slt"), sphinx)
    assert heard.complete and heard.text.count(",") == 2  # heard as the chain it is
    assert heard.confidence <= 0.2
    three = "lock the front door, arm the alarm and turn off the hallway light"
    heard = transcribe_file(speak(three, "slt"), sphinx)
    assert heard.text == three and heard.confidence >= 0.75


@pytest.mark.parametrize(
    ("said", "voice", "kept"),
    [("Put the kettle on, love.", "slt", "put the kettle on"),
     ("Disarm the alarm, I'm home with the shopping.", "us170", "disarm the alarm")],
)  # fmt: skip
def test_a_remark_forced_onto_a_command_is_left_out(
    speak: Any, sphinx: Any, said: str, voice: str, kept: str
) -> None:
    """The grammar has no "love": the search forces the remark onto a second command ("... and
    lower lamp") that the audio fits far worse than the first. The hearing keeps the command it
    is sure of."""
    heard = transcribe_file(speak(said, voice), sphinx)
    assert heard.text == kept and heard.complete and heard.confidence >= 0.75
    assert " ".join(w.text for w in heard.words) == kept
    # What was left out, if the search forced the remark onto a command (as it does after some
    # utterances, not others: the cepstral mean carries over), is there for the reply.
    assert all(part not in heard.text for part in heard.unsure)


@pytest.mark.parametrize(
    ("said", "voice", "kept"),
    [("Turn the hallway light on, I'm scared.", "slt", "turn the hallway light on"),
     ("Turn the music up, this is my song.", "us170", "turn the music up"),
     ("Turn off the TV and close the blinds.", "us170", "turn off the tv and close the blinds"),
     ("Set the thermostat to 20 and turn off the space heater.", "slt",
      "set the thermostat to twenty and turn off the space heater")],
)  # fmt: skip
def test_a_remark_forced_onto_a_command_after_a_joiner_is_left_out(
    speak: Any, snapshot: HomeSnapshot, said: str, voice: str, kept: str
) -> None:
    """A remark said after a command is forced onto a joined one the audio fits only fairly
    ("... and start heat", "... and the tree lights on"): a command after a joiner must be
    heard more surely than a first one (LATER_COMMAND_GAP). Commands joined as
    said are kept. Fresh recognisers: the mean carries over."""
    heard = transcribe_file(
        speak(said, voice), PocketsphinxRecognizer(build_grammar(None, snapshot))
    )
    assert heard.text == kept and heard.confidence >= 0.75
    assert bool(heard.unsure) == (" and " not in kept)


@pytest.mark.parametrize(
    ("said", "voice", "command"),
    [("Switch off the floor lamp, I'm going to bed now.", "us170", "switch off the floor lamp"),
     ("Close the curtains, the sun's right in my eyes.", "slt", "close the curtains")],
)  # fmt: skip
def test_a_remark_after_a_pause_is_left_out_and_the_command_heard(
    speak: Any, snapshot: HomeSnapshot, said: str, voice: str, command: str
) -> None:
    """The grammar cannot say the remark, so the whole hearing is doubtful; heard again with a
    remark allowed after the pause, the command is heard surely on its own and the remark is
    kept apart (free-form), never acted on. Fresh recognisers: the mean carries over."""
    wav = speak(said, voice)
    plain = transcribe_file(wav, PocketsphinxRecognizer(build_grammar(None, snapshot)))
    assert plain.doubtful(0.75)
    heard = transcribe_file(
        wav, PocketsphinxRecognizer(build_grammar(None, snapshot), remark_below=0.75)
    )
    assert heard.text == command and heard.confidence >= 0.95 and heard.remark
    assert heard.left_out and " ".join(w.text for w in heard.words) == command


def test_a_remark_before_a_pause_is_left_out_and_the_command_heard(
    speak: Any, snapshot: HomeSnapshot
) -> None:
    """As after the command, so before it: heard with a remark allowed before a pause, the
    command is heard surely on its own frames and the remark kept apart, never acted on. The
    grammar says a feeling alone, and its own search hears only "it's freezing in here" (sure,
    the command taken for its noise); the remark searches hear without the feelings."""
    wav = speak("It's freezing in here, put the heater on.", "slt")
    plain = transcribe_file(wav, PocketsphinxRecognizer(build_grammar(None, snapshot)))
    assert plain.text == "it's freezing in here"
    heard = transcribe_file(
        wav, PocketsphinxRecognizer(build_grammar(None, snapshot), remark_below=0.75)
    )
    assert heard.text == "put the heater on" and heard.confidence >= 0.95
    assert heard.remark and "heater" not in heard.remark and heard.left_out


def test_a_remark_forced_onto_a_command_before_a_pause_is_heard_again(
    speak: Any, snapshot: HomeSnapshot
) -> None:
    """A remark before the command may be forced onto the grammar's words, surely: "guests are
    coming" became "desk lamp on and ..." (0.97), and the desk lamp would have gone on. Heard
    far less surely than the command after the pause (WEAK_START), the hearing is heard again
    with a remark allowed there. A start really said stays: a first command (its free-form
    hearing shares its words) and a time (a number is never dropped)."""
    grammar = build_grammar(None, snapshot)
    wav = speak("Guests are coming, turn on the christmas tree.", "slt")
    first = transcribe_file(wav, PocketsphinxRecognizer(grammar))
    assert first.text.endswith("christmas tree") and first.text != "turn on the christmas tree"
    heard = transcribe_file(wav, PocketsphinxRecognizer(grammar, remark_below=0.75))
    assert heard.text == "turn on the christmas tree" and heard.confidence >= 0.95
    assert heard.remark and heard.left_out
    for said in (
        "Lock the back door, and turn off the counter lights.",
        "In two hours, turn off the electric blanket.",
    ):
        wav = speak(said, "slt")
        heard = transcribe_file(wav, PocketsphinxRecognizer(grammar, remark_below=0.75))
        assert heard.text == said.lower().replace(",", "").rstrip(".") and not heard.remark


def test_in_noise_a_weak_first_command_is_left_out(tmp_path: Path, snapshot: HomeSnapshot) -> None:
    """Under noise the remark searches do not run (their free-form hearing tells nothing), and
    "guests are coming" was forced onto "desk lamp on and ..." (0.99): the desk lamp went on.
    There, when a later command is sure, a first one must be as sure as a later one must be
    (LATER_COMMAND_GAP) or it is left out, and the reply says the rest was not caught. Two
    commands said in the same noise stay. Fresh recognisers: the mean carries over."""
    grammar = build_grammar(None, snapshot)
    wav = synth("Guests are coming, turn on the christmas tree.", tmp_path / "g.wav", "slt", 16)
    heard = transcribe_file(wav, PocketsphinxRecognizer(grammar, remark_below=0.75))
    assert heard.text == "turn on the christmas tree" and heard.confidence >= 0.95
    assert heard.unsure and heard.left_out
    for i, (said, voice) in enumerate(
        [("Lock the back door and turn off the counter lights.", "slt"),
         ("Turn off the AC and open the bedroom curtains.", "us170")]
    ):  # fmt: skip
        wav = synth(said, tmp_path / f"{i}.wav", voice, 16)
        heard = transcribe_file(wav, PocketsphinxRecognizer(grammar, remark_below=0.75))
        assert heard.text == said.lower().rstrip(".") and not heard.unsure


@pytest.mark.parametrize(
    "said",
    ["it's really stuffy, turn on the ceiling fan",
     "it's boiling, switch the air conditioning to cooling mode"],
)  # fmt: skip
def test_a_feeling_before_a_command_is_a_remark(
    speak: Any, snapshot: HomeSnapshot, tmp_path: Path, said: str
) -> None:
    """With feelings in the grammar, one said before a command took the whole utterance: its
    "in here" forced onto the command ("it's really stuffy in here", 1.0), or the command taken
    for a remark after it ("it's boiling", 1.0). Heard as the daemon hears (hub plan's Hearing:
    the remark searches on), the command is heard and the feeling set apart. espeak-ng en-us at
    its own speed, as bench/voice_bench.py says it (the fixture's voices are slowed down)."""
    import subprocess

    from hub.commands.plan import Hearing

    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), said], check=True)
    heard = Hearing(snapshot).hear(str(wav))
    feeling, command = said.split(", ")
    assert heard.text == command and heard.confidence >= 0.9, heard
    assert heard.remark.startswith(feeling), heard.remark


def test_a_command_the_remark_search_pushed_after_a_forced_one_is_no_remark(
    speak: Any, snapshot: HomeSnapshot
) -> None:
    """ "Just got home, turn on the car charger": the search for a remark after the command
    heard "desk fan on" (0.97) with "turn on the car charger" as its remark. A remark that is a
    whole command is no remark: the desk fan is not switched on."""
    wav = speak("Just got home, turn on the car charger.", "slt")
    heard = transcribe_file(
        wav, PocketsphinxRecognizer(build_grammar(None, snapshot), remark_below=0.75)
    )
    assert heard.text in ("", "turn on the car charger") or heard.doubtful(0.75)


async def test_a_warmed_up_pool_hears_a_remark_with_the_decoders_it_made_at_start(
    speak: Any, snapshot: HomeSnapshot
) -> None:
    """The daemon's warm-up makes the remark search's and the free-form decoders with the
    recogniser (prepare), so the first doubtful hearing waits for neither; they are the ones
    that hear it."""
    rec = PocketsphinxRecognizer(build_grammar(None, snapshot), remark_below=0.75, free_below=0.75)
    pool = RecognizerPool(lambda: rec, 1)
    try:
        assert await pool.warm_up() is rec
        remarker, free = rec._remarker, rec._free
        assert remarker is not None and free is not None
        wav = speak("Close the curtains, the sun's right in my eyes.", "slt")
        heard = await pool.run(transcribe_file, wav, rec)
        assert heard.text == "close the curtains" and heard.remark
        assert (rec._remarker, rec._free) == (remarker, free)
    finally:
        pool.close()


@pytest.mark.parametrize(
    "said", ["Switch off the floor lamp, no wait, don't.", "Turn off the ceiling fan, no, hang on."]
)
def test_what_follows_a_command_may_take_it_back(
    speak: Any, snapshot: HomeSnapshot, said: str
) -> None:
    """espeak's "no wait, don't" is heard as a joined command too unsure to keep, and the rest
    as a sure "switch off the floor lamp": heard free-form, the rest takes it back, and the
    hearing is doubtful (asked again), not acted on."""
    sphinx = PocketsphinxRecognizer(build_grammar(None, snapshot), remark_below=0.75)
    heard = transcribe_file(speak(said, "us170"), sphinx)
    assert heard.doubtful(0.75)
