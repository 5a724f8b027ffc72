"""pocketsphinx: the English model in its wheel, grammar (FSG) mode, full-LM free mode."""

from __future__ import annotations

import itertools
import logging
import math
import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hub.voice.audio import Frames
from hub.voice.floor import NoiseFloor, level_of, snr_db
from hub.voice.fsg import compile_fsg, with_remark, with_remark_before
from hub.voice.grammar import Grammar
from hub.voice.numbers import number_words
from hub.voice.patterns import FELT
from hub.voice.recognizer import SAMPLE_RATE, Heard, Word, free_text
from hub.voice.spelling import phones_for
from hub.voice.vad import frame_rms
from hub.voice.variants import Accent, pronunciations

log = logging.getLogger(__name__)

FRAME_S = 0.01  # pocketsphinx segment times are in 10 ms frames
FRAME_BYTES = int(SAMPLE_RATE * FRAME_S) * 2
# A hearing that leaves more than this share of the loud frames to silence and fillers explains
# the sound with a few words and a lot of "silence": pink noise came back as a confident "no"
# (0.95 of its loud frames left over, 10 of 40 noise clips), while right hearings of the dev
# cases leave at most 0.3 (festival 0.0). Such a hearing is doubtful whatever its score.
UNEXPLAINED_MAX = 0.5
# Confidence is a logistic over the per-frame gap (grammar path minus phone loop, in the
# decoder's log units) over the hearing's words, not the silence around them: the phone loop
# (every other frame, 1 Gaussian) models silence worse than the grammar's path, so each frame
# of it added to the gap, and a microphone's utterance carries up to 600 ms of it (the
# end-pointer's wait) where a file has little. With it counted, a second of silence took "how
# tall is mount everest" from 0.45 to 0.95 ("put all the lights amber please"), and speech not
# for the home (bench/not_for_the_home.yaml, 4 voices, one stream) was acted on 20 times in
# 120; over the words, 10 to 12.
# Fitted on bench/voice_bench.py's hearings of the dev cases (espeak en-us and en-gb+f3,
# festival slt, en-us and festival under pink noise at 10 dB; files and one stream) and of
# not_for_the_home.yaml: at a gap of -5 (0.5) the 0.75 bar (a gap of +1.3) keeps 398 of 399
# right hearings from files and 371 of 374 in one stream, and half the out-of-home ones
# (28 of 59, 31 of 66: those reach +17, so the bar is not all that keeps them out: the grammar
# pairs sensitive verbs only with the devices that take them). At -4: 397 and 368, 28 and 29.
# The sensitive bar, 0.8, is a gap of +3; every right unlock/open hearing had +4.6 or more.
# The grammar's path score carries its transition weights, split evenly at each state: a
# broader language lowers every sentence's a little. When the language grew by a third (more
# ways to say each thing), the right hearings' gaps fell by 0.31 (median over 807 heard right
# both ways; five voices, clean and at 10 dB, four sets of cases), so the midpoint moved with
# them (-5 to -5.3): right hearings below 0.75, 5 of 1072.
CONFIDENCE_MID = -5.3
CONFIDENCE_SCALE = 5.77
# A model adapted to the household (enrol.py) fits its speech better whatever the words, and
# the gap grows for speech the grammar cannot say too. Enrolled festival, en-us and en-gb+f3
# (150 sentences each), 5 voices from files: right hearings of the dev cases below 0.75, 0.85
# and 0.9: 5, 5, 6 (the wheel's model: 5, 13, 22); hearings of not_for_the_home.yaml that
# were whole commands at or above them: 32, 25, 17 (the wheel's: 45, 27, 17). So an adapted
# model's gap is read as if its midpoint were where 0.9 was: the bars mean what they meant.
ADAPTED_CONFIDENCE_MID = CONFIDENCE_MID + CONFIDENCE_SCALE * math.log(0.9 / 0.1 / (0.75 / 0.25))
# Beams a little tighter than the defaults (1e-48); the tightest tried (1e-30) pruned the right
# path of one utterance in six. Beams hardly move the cost (1e-30 to 1e-40, wbeam, topn 2-4 and
# fsgusealtpron all within 3%, interleaved in one process): the size of the word graph does.
# No lattice best-path pass: it was slower (RTF 0.21 vs 0.16) and picked worse paths.
# At most 2000 active HMMs a frame: only heavy noise spreads the search that far. Decoded
# interleaved with the uncapped search on the same clips (dev cases, cases_extra, held-out set
# 1): festival at 10 dB SNR 6-7% less decoding, 3 of 300 hearings changed (2 to the right
# action, 1 wrong either way); en-us at 10 dB, festival at 15 dB and en-gb+f3 clean as before.
# Held-out sets 2 and 5 at 10 dB: 5 of 434 changed, 1 right one lost ("start the roomba"), the
# others wrong either way.
# At 1500 about as fast; at 800 a tenth of festival's hearings at 10 dB were lost.
BEAMS: dict[str, float | int | bool] = {
    "beam": 1e-40,
    "pbeam": 1e-40,
    "bestpath": False,
    "maxhmmpf": 2000,
}
# The cepstral mean each decoder starts from, for the speech floor.py levels (c0 is log energy):
# the model's own (40,3,-1) is for quieter audio, and a fresh recogniser heard 35 of 64 clips
# (8 commands, 4 voices, loud and 30 dB down) right with it, 48 with c0 at 54, the mean over
# 90 levelled dev clips. It adapts within an utterance and carries to the next, so only the
# first utterances after start differ.
CMN_INIT = "54,3,-1"
# The phone loop decodes alongside the stream in a decoder of its own, so end of speech costs
# only the last frames of both searches. It only scales the confidence, so it runs on every
# other frame with 1 Gaussian, which separated right from wrong hearings as well as the
# full-rate loop (en-us: 86 vs 85 right ones kept at one wrong) and as 2 Gaussians (the same
# hearings kept in all five bench voices, 7% less decoding time in all). pocketsphinx holds the
# GIL while it decodes, so the two decoders in two threads took longer, not less.
# The loop has no phone bigram LM, only a phone insertion penalty in its place. With the LM the
# loop cost 0.032 of real time, a third of all decoding: its search, not its Gaussians (beams
# and maxhmmpf hardly moved it; beams narrow enough to matter lost right hearings under the
# bars). Without, 0.012. The penalty keeps the gaps the LM loop gave (CONFIDENCE_MID, the bars
# and SURE_COMMAND_GAP were fitted with it): with none, each frame's gap was 26 lower, and
# noisier per command; at 0.015 the dev and out-of-home hearings (five voices from files) moved
# by -0.2 on average (|d| median 1.6), and the bars kept 403 and 398 of 408 right hearings
# (LM loop: 405, 402) and 131 and 125 of 160 wrong ones (133, 128).
PHONE_BEAMS: dict[str, float | bool] = {"bestpath": False, "ds": 2, "topn": 1, "pip": 0.015}
# A stream's first utterance comes with no level (the pipeline passes the last utterance's):
# the audio is held until this much is in, and levelled by what it holds. Decoding catches up
# at a tenth of real time, so only the first partials come later, never the end of speech.
LOOKAHEAD_BYTES = int(SAMPLE_RATE * 0.8) * 2
# A fresh recogniser's cepstral mean is CMN_INIT, which fits levelled clean speech but not a
# noisy room: its first utterance is decoded a second time from the mean that utterance left.
# Fresh recognisers, festival slt after a second of pink noise, 5 commands: at 10 and 12 dB
# 9 of 10 heard right, against 4 of 10 in one pass ("turn off the porch light" had been heard
# as "turn office lights white" and acted on). It costs one more decoding of that utterance
# (a tenth of its length), once per recogniser.
REDECODE_FIRST = True
# ... and not only at its end: once this much of it is in, it is decoded again from the mean
# so far, and heard on from that. Its partials are then whole in time for the quick end, and
# its end costs no second pass. bench/voice_bench.py --room --cold (each turn a fresh
# recogniser, as after a start), 98 dev cases, end of speech to action p50/p95 ms, exact:
# festival 472/532 -> 334/384, 96 -> 96; espeak en-us 498/880 -> 335/384, 93 -> 94; en-gb+f3
# 515/882 -> 342/384, 78 -> 78 (2 more wrong); en-us at 10 dB 462/761 -> 293/377, 91 -> 89;
# festival at 10 dB 576/945 -> 317/401, 63 -> 65. After 0.8 or 1.0 s en-us lost 3 to 4 (the
# mean of too little speech); after 1.5 s as 1.2, but more utterances ended first.
ADAPT_AFTER_BYTES = int(SAMPLE_RATE * 1.2) * 2
# Each stream (a room) starts its utterances from the cepstral means its own last utterance
# left, not from whichever room the pooled recogniser heard last. bench/voice_rooms.py, two
# rooms taking turns on one recogniser, exact actions of 92: a quiet room in espeak en-us and
# festival slt in pink noise at 10 dB, 88 and 48 with one shared mean, 89 and 56 each with
# its own; festival quiet and en-us at 10 dB, 91 and 74, then 91 and 86.
ROOM_MEANS = True
# The free-form fallback decodes with the model's trigram LM in a decoder of its own, made on
# first need (about 90 MB), so a recogniser that never hears a doubtful utterance never pays.
# Not in the grammar decoder: a second pass there moved its live cepstral mean, and the next
# hearings with it (under noise: 2 more wrong actions and 2 fewer right of 98).
# Every other frame: on the 30 sentences of bench/not_for_the_home.yaml (festival) it heard the
# same words as every frame did, nearly all of them right, at RTF 0.098 instead of 0.134;
# beams narrowed to 1e-30 were faster (0.057) but heard word salad. No second, flat-lexicon
# pass (fwdflat): on those 30 and 30 dev commands in espeak en-us and festival, 10 to 28% less
# decoding over four runs (22% in most) at the same word error rate (0.33-0.36 with the pass,
# 0.33-0.34 without); a narrower word beam saved more but lost words. At most 3000 active HMMs
# a frame: under noise the search spread over the whole LM (festival at 10 dB SNR: 0.36 of real
# time, 0.67 s for a doubtful command's fallback; capped, 0.14), and clean speech was heard as
# well (out-of-home sentences in espeak en-us, en-gb+f3 and festival: WER 0.54 either way, RTF
# 0.18 to 0.11); under that noise it heard word salad either way (WER 0.85 +- 0.02).
FREE_BEAMS: dict[str, float | int | bool] = {"ds": 2, "fwdflat": False, "maxhmmpf": 3000}
# It hears the utterance from 200 ms before its first loud frame to 200 ms after its last, not
# the end-pointer's 600 ms wait and the pre-roll: on the 30 out-of-home sentences in one
# stream (espeak en-us, festival) 13% less decoding, and as many of them answered right.
FREE_MARGIN_FRAMES = 20
# Nor does it hear speech less than this far (dB, floor.snr_db after the noise suppressor) above
# the room's noise: there it hears word salad ("fucking god why"), which the reply would then
# quote back, and asking again is the better answer. Out-of-home sentences from files, heard
# free-form, word error rate (exact) by the utterances' median estimate: festival clean 70 dB
# 0.09 (15 of 22), pink noise at 20 dB SNR 39 dB 0.22 (9 of 19), at 15 dB 34 dB 0.37 (4 of 16),
# at 10 dB 29 dB 0.77 (2 of 17); espeak en-us at 15 dB 34 dB 0.57 (3 of 19, as clean). Under
# 10 dB SNR each such fallback cost 0.28 s of decoding, a fourteenth of all decoding in one
# stream (festival slt), and that much more wait for the reply. Five voices from files over the
# dev cases, cases_extra, held-out sets 1, 3 and 4 and the out-of-home sentences: as before but
# 2 more of those answered right at 10 dB in each of two voices, and 1 fewer of set 3 (en-us at
# 10 dB: "open the garage" had been heard right free-form and offered back).
FREE_MIN_SNR_DB = 30.0


# A hearing that joins several commands keeps only those whose own gap (over their words'
# frames) reaches this: a remark the grammar cannot say is forced onto a command the audio fits
# far worse than the one said ("put the kettle on, love": "put the kettle on" at +20, "and
# lower lamp" at -5). Right commands of the dev and held-out sets had -2 and more, forced ones
# -12 to +30. The rest is no surer than the whole hearing was: kept commands given their own
# confidence turned doubtful hearings into sure wrong ones ("turn on both bedside lamps" heard
# as "turn on hoover and lighten lamps", 0.64, then "turn on hoover", 0.87). bench/voice_bench.py
# from files, 5 voices (festival, en-us, en-gb+f3, en-us and festival at 10 dB SNR) over the dev
# cases, cases_extra, held-out sets 1, 3 and 4 and not_for_the_home: 6 more exact, 6 fewer wrong
# actions, the dev cases as before (at -3: 2 and 3); the unseen sets 2 and 5: 3 more exact, 2
# fewer wrong. That was -1 against the phone loop with its phone LM (PHONE_BEAMS); against the
# penalised flat loop a command's own gap moves by up to +-3.5 (p10, p90; 0 at the median) and a
# short remark's rather up ("and lower lamp" +1.1): at +2 the same runs gave 2 more exact and 5
# fewer wrong actions than -1 did, the dev cases as with -1.
SURE_COMMAND_GAP = 2.0
# A command after the first (after "and", or a comma) must reach this: a remark said after a
# command is forced onto a joined one the audio fits only fairly ("turn the hallway light on,
# I'm scared": "... and start heat" at +3; "open the garage door, I need to get the bikes out":
# "... and heat to ten" at +5), while the first command of a right hearing may score +3 to +5
# (the stream's mean still settling). Over the dev cases, cases_extra, sets 1, 2, 5, 6 and the
# out-of-home sentences, five voices from files (bench/voice_bench.py, 3500 hearings): 12 fewer
# wrong actions (147 -> 135), 1 more exact, none sensitive; the dev cases as before in every
# voice. Commands said and heard after "and" scored +7 and more but for 4 of 122, all of them
# en-gb+f3 or en-us@10. Also requiring the joiner's own gap (its "and" heard) left out 2 more
# wrong ones and added 2 others: the search puts "and" on a remark's "I'm" as readily, and on
# the pause of a list said with commas ("lock the front door, arm the alarm and ...": -94).
LATER_COMMAND_GAP = 7.0
# Under noise (floor.snr_db under FREE_MIN_SNR_DB) the remark searches are not run (their
# free-form hearing tells nothing), so a remark said before a command was forced onto a joined
# first command that was then done: "guests are coming, turn on the christmas tree" heard as
# "desk lamp on and turn on christmas tree" (+6.5, +16.0). There, when a later command is sure,
# the first must be as sure as a later one (LATER_COMMAND_GAP), or it is left out (the reply
# says the rest was not caught). Both kinds overlap (festival and espeak en-us at 10 dB SNR:
# forced first commands +0 to +7 but for 5 of 25, up to +15; first commands said +3.8 to
# +25.6, most above +7.6), so a command said first is sometimes left out: that is a miss the
# person hears about, not an action nobody asked for. bench/voice_bench.py from files, the same
# two voices over nine sets (dev, cases_extra, held-out 1, 2, 4, 5, out-of-home, remarks before
# a command, feelings; 1588 hearings), exact (wrong) 911 (92) -> 915 (87): remarks before a
# command 42 (19) -> 46 (13); "lock the back door and ..." (+3.8) lost; long polite sentences
# (held-out 4) +2 exact, +1 wrong (junk either way). From a microphone (dev cases, each turn a
# new stream, five voices) every hearing as before; at +8 "turn off the TV and ..." (+7.6) went.

# A remark after the command ("porch light on, I'm expecting a delivery", "close the curtains,
# the sun's right in my eyes") is nothing the grammar can say, so the whole hearing came back
# doubtful and the person was asked again. A doubtful hearing is heard once more (REMARK_SEARCH)
# with a remark allowed after a whole command: a pause (REMARK_PAUSE, at least
# REMARK_PAUSE_FRAMES of SIL) and then any run of phones, each weighed down (REMARK_WEIGHT) so
# words the grammar has win wherever they fit. The command is then judged on its own frames.
# Only after a pause: allowed straight after a command, "tell me a joke" was "telly on" and a
# remark, and "dim the floor lamp to 30 percent" "dim the floor lamp" (espeak en-us).
# A second pass, not one search with remarks: one search heard remarks in place of commands
# joined after a comma ("lock the front door, arm the alarm and ..."). In a decoder of its own:
# in the grammar decoder the second pass moved the live mean, and later hearings with it (en-us
# at 10 dB: 2 dev cases lost). bench/voice_bench.py from files, five voices, exact (wrong): the
# dev cases as before; unseen sets 2, 5, 6, 7 278 -> 295 (32 -> 33), 280 -> 313 (37 -> 38),
# 260 -> 275 (38 -> 41), 137 -> 159 (48 -> 49); set 4 173 -> 207 (40 -> 44). README: Remarks.
REMARK_SEARCH = "remark"
# A remark before the command ("it's freezing in here, put the heater on") is tried when none
# after it was heard: a search of its own in the same decoder (REMARK_BEFORE_SEARCH), a run of
# phones and a pause before the grammar's sentences. The command must then stand alone: one
# that points back (REMARK_BEFORE_REFERS: "the floor lamp is way too bright, turn it down") may
# mean what the remark named, and one after a denial (REMARK_BEFORE_DENIES: "please don't ...,
# turn on the fan") is not what was asked; both stay doubtful (stands_alone). Not one search
# for both: its phone loop, alive at the start, took part in the acoustic scores' per-frame
# normalisation, and commands heard beside a remark after them lost confidence (0.98 -> 0.96,
# under REMARK_CONFIDENCE: held-out set 4 in espeak en-us lost 3 of 100). bench/voice_bench.py
# from files, five voices: the dev cases and the out-of-home sentences as before; held-out sets
# 4, 5 and 9 199 -> 200, 325 -> 330, 135 -> 139 exact of 500 (wrong 47 -> 46, 31, 47), none
# sensitive. A microphone's en-gb+f3 (the most doubtful turns): RTF +0.009. The search holds
# its own copy of the grammar's word graph: 41 MB more (the remark decoder 64 -> 105 MB);
# added on first need instead, it would keep a doubtful hearing's reply waiting 0.37 s.
REMARK_BEFORE_SEARCH = "remark-before"
REMARK_BEFORE_SPEECH_FRAMES = 20  # 200 ms of loud frames at least: a word or two
REMARK_BEFORE_REFERS = frozenset(("it", "them", "that", "this", "those", "these", "one", "ones",
                                  "there", "its"))  # fmt: skip
REMARK_BEFORE_DENIES = frozenset(("no", "not", "don't", "dont", "never", "stop", "cancel"))
# Nor may it be a fragment (REMARK_BEFORE_FRAGMENT, its first word): the grammar's follow-ups
# ("the fan", "and the living room blinds as well") were heard in the tail of sentences the
# grammar cannot say ("speaker volume to 40 percent" as a remark and "the fan"), and a
# follow-up acts on what the last command did.
REMARK_BEFORE_FRAGMENT = frozenset(("the", "and", "a", "an", "my", "also", "then", "too"))
# A remark before a command is also forced onto the grammar's words, and then surely: "guests
# are coming, turn on the christmas tree" was heard as "desk lamp on and turn on the christmas
# tree" (0.99, the desk lamp switched on). What such a hearing has before a pause fits the audio
# hardly better than the phone loop (WEAK_START_GAP) and far worse than the command after it
# (WEAK_START_MARGIN), so it is heard again with a remark allowed there (REMARK_BEFORE_SEARCH).
# Right first commands score as low ("lock the back door and", +5.9, before "turn off the
# counter lights", +19.8), so the remark heard free-form must share no word with that start
# (shares_a_word), nor may the new command deny ("don't turn off the counter lights", under
# noise); a start with a number in it ("in two hours, turn off the electric blanket") is never
# dropped: done at once it would be a wrong action ("I'm cold, turn on the space heater", heard
# as "in twelve hour turn on the space heater" at 0.98, still waits twelve hours). In noise
# (FREE_MIN_SNR_DB) the free-form hearing tells nothing, and the first reading stands.
# bench/voice_bench.py from files, five voices (festival, en-us, en-gb+f3, en-us and festival
# at 10 dB), exact (wrong) over all five:
# 60 sentences with a remark before the command (bench/spoken_remarks_before.yaml) 106 -> 112
# (40 -> 37); held-out set 4 +1 (wrong 46); the dev cases, cases_extra and held-out sets 1 and 5
# the same, hearing for hearing.
WEAK_START_GAP = 12.0
WEAK_START_MARGIN = 12.0
# A remark is words: one or two before a pause are most often a command's own ("set ... the
# desk fan to 60 percent", espeak pausing in the "t"), and hearing each such command again
# held a microphone's end of speech to action p95 at 449 ms (en-us, 384 before).
WEAK_START_WORDS = 3
SHARED_SKIP = frozenset(("the", "and", "you", "i'm", "it's", "its", "are", "for", "now", "can",
                         "could", "would", "please", "all", "with", "this", "that", "what",
                         "we're", "your", "our", "was", "were", "has", "have", "had"))  # fmt: skip
NUMBER_WORDS = frozenset(w for n in number_words(0, 100) for w in n.split()) - {"a"} | {
    "thousand",
    "half",
    "quarter",
}
REMARK_PAUSE = "+pause"
REMARK_PAUSE_FRAMES = 9  # 90 ms: three SIL phones of three states
REMARK_WEIGHT = 0.05
# A command heard beside a remark is judged on its own few frames, where the grammar forces a
# command onto words it cannot say more easily ("preheat the oven to 200, ...": "please heat
# to eleven", 0.92-0.94): it must be heard this surely.
REMARK_CONFIDENCE = 0.95
# The CMU phones of pocketsphinx's English models (and of any model `hub voice enrol` adapts).
REMARK_PHONES = ("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F",
                 "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S",
                 "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH")  # fmt: skip
# A remark heard free-form with one of these words takes the command back ("turn on the
# lights, no wait, don't"): the hearing stays doubtful.
REMARK_TAKES_BACK = frozenset(("no", "not", "don't", "dont", "wait", "cancel", "stop", "never",
                               "actually", "instead", "sorry", "hang", "hold"))  # fmt: skip
# ... and one that begins with one of these goes on with the sentence, not beside it: it asks
# ("washing machine, how much power is it using": "washing machine on") or says when or how
# ("set the security system, for the night": armed away).
REMARK_GOES_ON = frozenset(("for", "in", "at", "to", "until", "till", "with", "on", "by", "from",
                            "after", "before", "but", "except", "and", "or", "how", "what",
                            "when", "where", "which", "who", "why", "is", "are", "does", "do",
                            "did", "can", "could", "will"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one search made of an utterance, judged (PocketsphinxRecognizer._reading)."""

    text: str
    words: tuple[Word, ...]
    complete: bool
    confidence: float
    unsure: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Command:
    """One of the commands a hearing joins: its words, first and last frames, and gap."""

    text: str
    first: int
    last: int
    gap: float

    def holds(self, word: Word) -> bool:
        """Whether the word was heard within this command."""
        return self.first * FRAME_S <= word.start < (self.last + 1) * FRAME_S


# A slot phrase of several words ("living room ceiling light", "twenty one") is one word of the
# search, its words' pronunciations run together. pocketsphinx's FSG search pays every frame
# for every state of the graph, searched or not (fsg_history_end_frame walks states x phones:
# 53% of the decoding time under perf), and phrases' inner states were 78% of the states
# (2922 -> 647 for the reference home).
JOIN = "_"
# Pronunciations kept per compound (the first is every word's first; then the others', such
# as a weak final r, in turn).
COMPOUND_PRONS = 4
# And one with a silence (SIL) between two of its words each: the search puts no filler inside
# a word, and a person may stop inside a name ("dim the floor ... lamp"). The 0.4 s-pause bench
# in one stream (en-us, festival, en-us at 10 dB): 80, 79, 72 exact without, 84, 83, 80 with.
PAUSE_IN_NAMES = True


def prons(decoder: Any, word: str) -> list[str]:
    """Every pronunciation the dictionary has for a word: word, word(2), ..."""
    out: list[str] = []
    while (
        phones := decoder.lookup_word(word if not out else f"{word}({len(out) + 1})")
    ) is not None:
        out.append(phones)
    return out


def add_variants(decoder: Any, words: Collection[str], accent: Accent = "en-us") -> None:
    """Let each word ending in "r" be said without it too, British words the British way, and
    with accent en-gb every word (variants.py)."""
    for word in sorted(words):
        known = prons(decoder, word)
        for n, phones in enumerate(pronunciations(word, known, accent), len(known) + 1):
            decoder.add_word(f"{word}({n})", phones, False)


def compound_prons(parts: list[list[str]], accent: Accent = "en-us") -> list[str]:
    """A compound's pronunciations from its parts' (each part's first is the dictionary's)."""
    if accent == "en-us":
        return [" ".join(c) for c in itertools.islice(itertools.product(*parts), COMPOUND_PRONS)]
    # Every part's British rendering must be reachable, and the first few of a product reach
    # only the last part's: each part's alternatives in turn, the others as the dictionary
    # has them. en-gb, dev cases: 91 -> 93 of 98 ("the garage door" came back at last); for
    # en-us this was 2 worse (95 -> 93), so there the product stays.
    first = [p[0] for p in parts]
    combos = [" ".join(first)]
    for i, alternatives in enumerate(parts):
        combos += [" ".join([*first[:i], alt, *first[i + 1 :]]) for alt in alternatives[1:]]
    return combos


def add_compounds(decoder: Any, compounds: Collection[str], accent: Accent = "en-us") -> None:
    """Each compound word (JOIN) as its parts said one after another (compound_prons)."""
    for word in sorted(compounds):
        parts = [prons(decoder, part) for part in word.split(JOIN)]
        if not all(parts):
            continue  # restrict() kept no phrase with a word the dictionary lacks
        combos = compound_prons(parts, accent)
        if PAUSE_IN_NAMES:  # a pause between two of its words: "the floor ... lamp"
            first = [p[0] for p in parts]
            combos += [" ".join([*first[:i], "SIL", *first[i:]]) for i in range(1, len(first))]
        for n, phones in enumerate(combos, 1):
            decoder.add_word(word if n == 1 else f"{word}({n})", phones, False)


def unjoined(text: str) -> str:
    """The decoder's text with compound words written as their words."""
    return text.replace(JOIN, " ")


class PocketsphinxRecognizer:
    """Streaming pocketsphinx decoder over a command grammar, or its trigram LM in free mode.

    A grammar always yields some sentence, so confidence compares the grammar path's score with
    an unconstrained phone loop over the same audio (a likelihood ratio): speech the grammar
    explains well scores near the phone loop, anything else far below. The phone loop runs in a
    second decoder fed the same chunks as they come. Text that is not a whole grammar sentence
    (pocketsphinx returns its best partial path) is marked incomplete.
    """

    engine = "pocketsphinx"

    def __init__(
        self,
        grammar: Grammar | None = None,
        *,
        free_below: float | None = None,
        loglevel: str = "FATAL",
        model: Path | None = None,
        accent: Accent = "en-us",
        remark_below: float | None = None,
    ) -> None:
        """`free_below`: a grammar hearing under this confidence is also heard free-form
        (Heard.free_text); None: never. `model`: an acoustic model directory in place of the
        wheel's (one `hub voice enrol` adapted). `accent`: en-gb also hears every grammar
        word the British way (variants.british). `remark_below`: a hearing under this confidence
        is heard again with a remark allowed after its command (REMARK_SEARCH), then before it;
        None: never."""
        import pocketsphinx

        t0 = time.perf_counter()
        self.accent = accent
        self._hmm = {} if model is None else {"hmm": str(model)}
        self._mid = CONFIDENCE_MID if model is None else ADAPTED_CONFIDENCE_MID
        # Grammar mode needs no word LM (tens of MB): only free mode loads it.
        lm = {} if grammar is None else {"lm": None}
        self._decoder: Any = pocketsphinx.Decoder(
            samprate=SAMPLE_RATE, loglevel=loglevel, cmninit=CMN_INIT, **self._hmm, **lm, **BEAMS
        )
        self._phones: Any = None
        self.spelled: dict[str, str] = {}  # words the dictionary lacked, spelled from their parts
        self.grammar: Grammar | None = None
        self.missing: list[str] = []
        self._search = "home"
        self._remark_below: float | None = None
        self._remarker: Any = None  # the remark search's decoder, made on first need
        if grammar is None:
            self._search = self._decoder.current_search()  # the full LM
        else:
            self.spelled = self._spell(grammar.words())
            add_variants(self._decoder, grammar.words(), accent)
            self.grammar, self.missing = grammar.restrict(self.vocabulary_has)
            # The grammar without feelings and small talk: the remark searches' (FELT).
            self._plain = self.grammar.without(FELT)
            graph = compile_fsg(self.grammar, JOIN)
            add_compounds(self._decoder, graph.compounds, accent)
            fsg = self._decoder.create_fsg("home", graph.start, graph.final, graph.transitions())
            self._decoder.add_fsg("home", fsg)
            self._words = grammar.words()  # for the remark decoder
            self._remark_below = remark_below
            # No word LM for the phone loop, nor a phone one: it only needs the acoustic model.
            self._phones = pocketsphinx.Decoder(
                samprate=SAMPLE_RATE,
                loglevel=loglevel,
                lm=None,
                cmninit=CMN_INIT,
                **self._hmm,
                **PHONE_BEAMS,
            )
            self._phones.add_allphone_file("phones", None)
            self._phones.activate_search("phones")
        self.load_s = time.perf_counter() - t0
        self._bytes = 0
        self._floor = NoiseFloor()
        self._held: bytes | None = None  # audio waiting for its level (LOOKAHEAD_BYTES)
        self._energy: list[float] = []  # RMS of each 10 ms frame of the utterance
        self._frames = Frames(FRAME_BYTES)  # the audio as it came, for its frames' energies
        self._fresh = REDECODE_FIRST  # no utterance heard yet: the first is decoded twice
        self.free_below = free_below if grammar is not None else None
        self._free: Any = None  # the fallback's decoder, made on first need
        self._loglevel = loglevel
        # The utterance as decoded, to hear again: free-form or after a peek (grammar mode),
        # or from its own cepstral mean (the first one: REDECODE_FIRST).
        self._utt: list[bytes] = []
        self._means: list[str] = []
        self._decode_s = 0.0
        self.last_final_s = 0.0
        self.last_score = 0.0
        self.last_unexplained = 0.0

    def _remark_decoder(self) -> Any:
        """The decoder of the remark search (REMARK_SEARCH), made on first need: a decoder of
        its own, like the free-form one, so the grammar decoder's live mean moves as before."""
        import pocketsphinx

        if self._remarker is None:
            decoder = pocketsphinx.Decoder(
                samprate=SAMPLE_RATE,
                loglevel=self._loglevel,
                cmninit=CMN_INIT,
                lm=None,
                **self._hmm,
                **BEAMS,
            )
            for word, phones in self.spelled.items():
                decoder.add_word(word, phones, False)
            add_variants(decoder, self._words, self.accent)
            # Without the feelings said alone: the searches would hear "it's freezing in here,
            # put the heater on" as the feeling and nothing after it (festival slt), as the
            # grammar's own search did.
            plain = compile_fsg(self._plain, JOIN)
            add_compounds(decoder, plain.compounds, self.accent)
            sounds = []
            for phone in REMARK_PHONES:
                sounds.append(f"+{phone.lower()}")
                decoder.add_word(sounds[-1], phone, False)
            decoder.add_word(REMARK_PAUSE, " ".join(["SIL"] * (REMARK_PAUSE_FRAMES // 3)), False)
            for search, remarked in (
                (REMARK_SEARCH, with_remark),
                (REMARK_BEFORE_SEARCH, with_remark_before),
            ):
                graph = remarked(plain, REMARK_PAUSE, sounds, REMARK_WEIGHT)
                fsg = decoder.create_fsg(search, graph.start, graph.final, graph.transitions())
                decoder.add_fsg(search, fsg)
            self._remarker = decoder
        return self._remarker

    def _asks_nothing(self, text: str) -> bool:
        """Whether a hearing is a feeling or small talk said alone: a sentence of the grammar
        that the remark searches' grammar lacks (patterns.FELT)."""
        return (
            self.grammar is not None
            and self.grammar.accepts(text)
            and not self._plain.accepts(text)
        )

    def prepare(self) -> None:
        """Make now the decoders a doubtful hearing's end may need (the remark search's, the
        free-form fallback's), made on first need otherwise: the first doubtful reply then
        waited for them (1.1 and 1.5 s here). The pool's warm-up calls it (blocking)."""
        if self.grammar is None:
            return
        if self._remark_below is not None:
            self._remark_decoder()
        if self.free_below is not None:
            self._free_decoder()

    def vocabulary_has(self, word: str) -> bool:
        return self._decoder.lookup_word(word) is not None

    def _spell(self, words: set[str]) -> dict[str, str]:
        """Add the grammar words the dictionary lacks but can spell: as compounds ("wallbox"),
        or without their accents ("café")."""
        lookup = self._decoder.lookup_word
        spelled = {
            w: phones
            for w in sorted(words)
            if lookup(w) is None and (phones := phones_for(w, lookup)) is not None
        }
        for word, phones in spelled.items():
            self._decoder.add_word(word, phones, False)
        return spelled

    def start(self, speech_rms: float | None = None, adapted: str = "") -> None:
        """`adapted`: the cepstral means the stream's last utterance left (Heard.adapted), so a
        recogniser shared by rooms hears each room from its own mean (ROOM_MEANS)."""
        if adapted and ROOM_MEANS:
            for decoder, mean in zip(
                (self._decoder, self._phones), adapted.split("|"), strict=False
            ):
                # Not when it is already so (the same stream again): setting the mean also
                # restarts how fast it moves.
                if decoder is not None and mean and decoder.get_cmn() != mean:
                    decoder.set_cmn(mean)
            self._fresh = False  # the stream's mean is known: no second pass needed
        if speech_rms:
            self._floor.set_level(speech_rms)
        self._held = None if speech_rms else b""
        self._bytes = 0
        self._energy, self._frames = [], Frames(FRAME_BYTES)
        self._utt = []
        self._decode_s = 0.0
        self._decoder.activate_search(self._search)
        # Where this utterance's cepstral means start, should it be decoded again (peek).
        self._means = [d.get_cmn() for d in self._decoders]
        self._decoder.start_utt()
        if self._phones is not None:
            self._phones.start_utt()

    def accept_waveform(self, chunk: bytes) -> str:
        t0 = time.perf_counter()
        self._energy += frame_rms(self._frames.whole(chunk), FRAME_BYTES)  # before the floor
        if self._held is not None:
            self._held += chunk
            if len(self._held) < LOOKAHEAD_BYTES:
                self._decode_s += time.perf_counter() - t0
                return ""
            chunk = self._release()
        self._process(chunk)
        hyp = self._decoder.hyp()
        self._decode_s += time.perf_counter() - t0
        return unjoined(str(hyp.hypstr)) if hyp is not None else ""

    def _release(self) -> bytes:
        """The held audio, now that its level is set from it."""
        assert self._held is not None
        self._floor.set_level(level_of(self._energy))
        held, self._held = self._held, None
        return held

    def _process(self, chunk: bytes) -> None:
        chunk = self._floor.mix(chunk)
        if self._fresh or self.grammar is not None:  # to hear again (free form, peek)
            self._utt.append(chunk)
        self._decoder.process_raw(chunk, False, False)
        self._bytes += len(chunk)
        if self._phones is not None:  # grammar mode: the confidence's phone loop
            self._phones.process_raw(chunk, False, False)
        if self._fresh and self._bytes >= ADAPT_AFTER_BYTES:
            self._redecode()

    def final(self) -> Heard:
        t0 = time.perf_counter()
        if self._held:  # shorter than the look-ahead
            self._process(self._release())
        if self._fresh:
            self._redecode()
        heard = self._hear(t0, free=True)
        self._utt = []
        return heard

    def peek(self, bar: float, fits: Callable[[str], bool] | None = None) -> Heard | None:
        """The utterance so far heard as if it ended now, when that is a whole command heard
        with `bar` confidence or more (and, given `fits`, one it accepts): the caller then ends
        the utterance. Otherwise None, and decoding goes on as if never asked (the audio so far
        is decoded again)."""
        if self.grammar is None or self._held is not None or self._fresh:
            return None
        t0 = time.perf_counter()
        decode_s = self._decode_s
        heard = self._hear(t0, free=False)
        words = " ".join(w.text for w in heard.words)
        if heard.complete and heard.confidence >= bar and (fits is None or fits(words)):
            self._utt = []
            return heard
        audio = b"".join(self._utt)
        for decoder, mean in zip(self._decoders, self._means, strict=True):
            decoder.set_cmn(mean)  # as the utterance began: end_utt moved it
            decoder.start_utt()
            decoder.process_raw(audio, False, False)
        self._decode_s = decode_s + time.perf_counter() - t0
        return None

    def _hear(self, t0: float, *, free: bool) -> Heard:
        """End the utterance and say what was heard (`free`: with the free-form fallback, and a
        doubtful hearing heard again with a remark allowed: REMARK_SEARCH)."""
        self._decoder.end_utt()
        if self._phones is not None:
            self._phones.end_utt()
        reading = self._reading()
        remark = ""
        if (
            free
            and self._remark_below is not None
            and reading.confidence < self._remark_below
            and self._paused()
        ):
            heard_again = self._hear_remark(self._remark_below) or self._hear_remark(
                self._remark_below, before=True
            )
            if heard_again is not None:
                reading, remark = heard_again
        elif (
            free
            and self._remark_below is not None
            and (first := self._weak_start(reading)) is not None
            and (heard_again := self._hear_remark(self._remark_below, before=True, weak=first))
        ):
            reading, remark = heard_again
        elif (
            free
            and self._remark_below is not None
            and self._asks_nothing(reading.text)
            and self._paused()
            and (
                heard_again := self._hear_remark(self._remark_below, before=True, said=reading.text)
            )
        ):
            # A feeling or small talk with a pause in it may be a remark before a command, its
            # "in here" forced onto the command ("it's really stuffy, turn on the ceiling fan":
            # "it's really stuffy in here", 1.0; "we're home, disarm the alarm": "we are
            # home"): heard again with a remark allowed before one. The grammar heard it: it is
            # the remark (free-form heard "it's really stop the", which reads as a command).
            reading, remark = heard_again
        # Commands left out after the kept ones may be the person taking them back ("..., no
        # wait, don't" heard as a joined command too unsure to keep).
        if (
            free
            and reading.unsure
            and reading.words
            and self._taken_back(reading, round(reading.words[-1].end / FRAME_S), remark=False)
            is None
        ):
            reading = replace(reading, confidence=min(reading.confidence, 0.2))
        fallback = (
            free_text(self._speech(), reading.confidence, self.free_below, self._hear_free)
            if free and snr_db(self._energy) >= FREE_MIN_SNR_DB
            else ""
        )
        level = level_of(self._energy)
        self.last_final_s = time.perf_counter() - t0  # end of speech -> text, for the bench
        self._decode_s += self.last_final_s
        return Heard(
            text=reading.text,
            confidence=reading.confidence,
            words=reading.words,
            complete=reading.complete,
            engine=self.engine,
            audio_s=self._bytes / (2 * SAMPLE_RATE),
            decode_s=self._decode_s,
            speech_rms=level,
            free_text=fallback,
            unsure=reading.unsure,
            remark=remark,
            adapted="|".join(d.get_cmn() for d in self._decoders),
            audio=b"".join(self._utt) if self.grammar is not None else b"",
        )

    def _reading(self, until: int | None = None, since: int = 0) -> _Reading:
        """What the grammar decoder's ended utterance says, judged over its frames before
        `until` (a remark's pause), from `since` (after a remark's pause), or all of them."""
        hyp = self._decoder.hyp()
        said = " ".join(w for w in str(hyp.hypstr).split() if not w.startswith("+")) if hyp else ""
        text = unjoined(said).strip()
        words = tuple(
            Word(part, first * FRAME_S, (last + 1) * FRAME_S)
            for part, first, last in self._spoken()
        )
        complete = bool(text) and (self.grammar is None or self.grammar.accepts(text))
        if complete and self.grammar is not None:
            text = self.grammar.punctuate(text)
        confidence = self._confidence(hyp) if text else 0.0
        unsure: tuple[str, ...] = ()
        if text and self._phones is not None:
            self.last_unexplained = self._unexplained(until, since)
            if self.last_unexplained > UNEXPLAINED_MAX:
                confidence = min(confidence, 0.2)
        if not complete or (self.grammar is not None and self.grammar.run_on(text)):
            confidence = min(confidence, 0.2)
        if complete and (sure := self._sure(unjoined(said).strip())) is not None:
            text, gap, kept, unsure = sure
            confidence = min(confidence, self._logistic(gap))
            words = tuple(w for w in words if any(c.holds(w) for c in kept))
        return _Reading(text, words, complete, confidence, unsure)

    def _hear_remark(
        self,
        bar: float,
        *,
        before: bool = False,
        weak: list[tuple[str, int, int]] | None = None,
        said: str | None = None,
    ) -> tuple[_Reading, str] | None:
        """The ended utterance heard again with a remark allowed after its command
        (REMARK_SEARCH), or with `before` before it (REMARK_BEFORE_SEARCH): that reading and
        the remark heard free-form, when the command is heard with `bar` confidence or more, a
        pause parts the remark from it, and the remark takes nothing back (REMARK_TAKES_BACK;
        before: stands_alone; given the `weak` first reading's words, a command with no denial
        in it and a remark that shares no word, and no number, with what they put before the
        pause: WEAK_START; `said`: the remark as the first reading heard it, not free-form).
        None otherwise (the first reading stands)."""
        remarker = self._remark_decoder()
        remarker.activate_search(REMARK_BEFORE_SEARCH if before else REMARK_SEARCH)
        remarker.set_cmn(self._means[0])  # as the utterance began
        remarker.start_utt()
        # Up to a little after the last loud frame: not the end-pointer's wait (as _speech).
        loud = self._loud_frames()
        end = (loud[-1] + 1 + FREE_MARGIN_FRAMES) * FRAME_BYTES if loud else None
        remarker.process_raw(b"".join(self._utt)[:end], False, True)
        remarker.end_utt()
        unexplained = self.last_unexplained
        # The reading's helpers read self._decoder's result: for a moment, the remark search's.
        grammar_decoder, self._decoder = self._decoder, remarker
        try:
            heard = self._remark_reading(bar, before=before, weak=weak, said=said)
        finally:
            self._decoder = grammar_decoder
        if heard is None:
            self.last_unexplained = unexplained
        return heard

    def _weak_start(self, reading: _Reading) -> list[tuple[str, int, int]] | None:
        """The sure whole reading's words (with their frames), when what it heard before a
        pause is heard far less surely than the whole command standing alone after it
        (WEAK_START): a remark forced onto the grammar's words. None otherwise, and in noise,
        where the remark's free-form hearing tells nothing (FREE_MIN_SNR_DB)."""
        if not reading.complete or reading.unsure or self.grammar is None:
            return None
        if snr_db(self._energy) < FREE_MIN_SNR_DB:
            return None
        words = self._spoken()
        loud = self._loud_frames()
        log = self._decoder.get_logmath().log
        for a, b in itertools.pairwise(loud):
            if b - a <= REMARK_PAUSE_FRAMES:
                continue
            before = [w for w in words if w[1] + w[2] < 2 * a]
            after = [w for w in words if w[2] > b and w not in before]  # one in the pause too
            said = " ".join(w[0] for w in after)
            if len(before) < WEAK_START_WORDS:
                continue
            if not self.grammar.accepts(said) or not stands_alone("", said):
                continue
            weak = self._window_gap(before[0][1], before[-1][2], log)
            sure = self._window_gap(after[0][1], after[-1][2], log)
            if weak < WEAK_START_GAP and sure - weak >= WEAK_START_MARGIN:
                return words
        return None

    def _paused(self) -> bool:
        """Whether the speech holds a pause a remark could follow (REMARK_PAUSE_FRAMES, quiet
        by _loud): without one the remark search cannot be right, and is not run."""
        loud = self._loud_frames()
        least = REMARK_PAUSE_FRAMES * 2 // 3
        return any(b - a > least for a, b in itertools.pairwise(loud))

    def _remark_reading(
        self,
        bar: float,
        *,
        before: bool,
        weak: list[tuple[str, int, int]] | None = None,
        said: str | None = None,
    ) -> tuple[_Reading, str] | None:
        """_hear_remark's judgement of the remark search's reading."""
        pause = next((s for s in self._decoder.seg() or () if s.word == REMARK_PAUSE), None)
        if pause is None:
            return None
        first, last = int(pause.start_frame), int(pause.end_frame)
        quiet = sum(not loud for loud in self._loud()[first : last + 1])
        if quiet < REMARK_PAUSE_FRAMES * 2 // 3:  # a pause the audio has, not just the search's
            return None
        reading = self._reading(since=last + 1) if before else self._reading(until=first)
        if (
            not reading.complete
            or reading.confidence < max(bar, REMARK_CONFIDENCE)
            or reading.unsure
        ):
            return None
        assert self.grammar is not None
        if len(self.grammar.split(reading.text) or ()) != 1:  # "I'm expecting": "and next track"
            return None
        if before:
            # A remark with speech in it: otherwise the search took a click or a breath for one,
            # and heard the utterance again on its own frames ("tell me ... a joke" said with a
            # pause, doubtful at first, became "telly to full" at 0.95).
            spoken = sum(self._loud()[:first])
            if spoken < REMARK_BEFORE_SPEECH_FRAMES or not stands_alone("", reading.text):
                return None  # before hearing the remark: that costs a decoding
            start = " ".join(w for w, a, b in weak or () if a + b < 2 * first)
            if weak is not None and (
                REMARK_BEFORE_DENIES & set(plain(reading.text).split())
                or NUMBER_WORDS & set(start.split())
            ):
                return None  # "don't turn off ..." for "lock the back door and turn off ..."
            if said is None:
                said = self._hear_free(b"".join(self._utt)[: first * FRAME_BYTES])
            if not said or not stands_alone(said, reading.text):
                log.info("%r before %r: not acted on", said, reading.text)
                return None
            if weak is not None and shares_a_word(said, start):  # its start was said after all
                return None
            return reading, said or "..."
        remark = self._taken_back(reading, last + 1, remark=True)
        if remark is not None and self.grammar.accepts(plain(remark)):
            # A command, not a remark: the search forced one said first onto the grammar ("just
            # got home, turn on the car charger": "desk fan on" and that "remark", 0.97).
            log.info("%r after %r is a command: not acted on", remark, reading.text)
            return None
        return None if remark is None else (reading, remark or "...")

    def _taken_back(self, reading: _Reading, frame: int, *, remark: bool) -> str | None:
        """What was said from `frame` on, heard free-form; None when it takes `reading`'s
        command back (REMARK_TAKES_BACK) or, as a `remark`, goes on with it (REMARK_GOES_ON)."""
        rest = self._hear_free(b"".join(self._utt)[frame * FRAME_BYTES :])
        if takes_back(rest, remark=remark):
            log.info("%r takes back %r: not acted on", rest, reading.text)
            return None
        return rest

    def _speech(self) -> list[bytes]:
        """The utterance's audio from a little before its first loud frame to a little after
        its last (_loud): the free-form decoder need not hear the end-pointer's wait."""
        loud = self._loud_frames()
        if not loud:
            return self._utt
        audio = b"".join(self._utt)
        start = max(0, loud[0] - FREE_MARGIN_FRAMES) * FRAME_BYTES
        end = (loud[-1] + 1 + FREE_MARGIN_FRAMES) * FRAME_BYTES
        return [audio[start:end]]

    def _loud_frames(self) -> list[int]:
        """The indices of the utterance's loud frames (_loud)."""
        return [i for i, x in enumerate(self._loud()) if x]

    def _loud(self) -> list[bool]:
        """Per 10 ms frame of the utterance: as loud as a quarter of its speech level or more."""
        floor = 0.25 * level_of(self._energy)
        return [e > floor for e in self._energy]

    @property
    def _decoders(self) -> list[Any]:
        """The grammar (or free-mode) decoder, and the phone loop in grammar mode."""
        return [d for d in (self._decoder, self._phones) if d is not None]

    def _hear_free(self, audio: bytes) -> str:
        """The utterance heard again with the trigram LM instead of the grammar (free_below)."""
        free = self._free_decoder()
        free.set_cmn(self._decoder.get_cmn())  # the stream's mean, as the grammar heard it
        free.start_utt()
        free.process_raw(audio, False, True)
        free.end_utt()
        hyp = free.hyp()
        return str(hyp.hypstr).strip() if hyp is not None else ""

    def _free_decoder(self) -> Any:
        """The free-form fallback's decoder (FREE_BEAMS), made on first need."""
        import pocketsphinx

        if self._free is None:
            self._free = pocketsphinx.Decoder(
                samprate=SAMPLE_RATE,
                loglevel=self._loglevel,
                cmninit=CMN_INIT,
                **self._hmm,
                **FREE_BEAMS,
            )
        return self._free

    def _redecode(self) -> None:
        """Decode the first utterance (so far) again, from the cepstral mean it left
        (REDECODE_FIRST, ADAPT_AFTER_BYTES); the recogniser is fresh no longer."""
        self._fresh = False
        audio = b"".join(self._utt)
        for decoder in self._decoders:
            decoder.end_utt()  # updates the live mean from this utterance
        self._means = [d.get_cmn() for d in self._decoders]  # where a failed peek goes back to
        for decoder in self._decoders:
            decoder.start_utt()
            decoder.process_raw(audio, False, False)

    def _confidence(self, hyp: Any) -> float:
        """Grammar path score over phone-loop score, mapped so CONFIDENCE_MID gives 0.5."""
        if self._phones is None:
            return 1.0  # free mode: nothing better to compare against
        phones = self._phones.hyp()
        if phones is None:
            return 0.0
        log = self._decoder.get_logmath().log  # scores come back as linear values
        gap = self._speech_gap(log(hyp.score), log(phones.score), log)
        self.last_score = gap
        return self._logistic(gap)

    def _logistic(self, gap: float) -> float:
        return 1.0 / (1.0 + math.exp(-(gap - self._mid) / CONFIDENCE_SCALE))

    def _speech_gap(self, grammar: float, phones: float, log: Callable[[float], float]) -> float:
        """The per-frame gap over the frames from the hearing's first word to its last: the
        silence around them is left out of both searches' scores (CONFIDENCE_MID)."""
        spoken = self._spoken()
        if not spoken:  # per frame of each search: the phone loop may skip frames (ds)
            return grammar / max(1, int(self._decoder.n_frames())) - phones / max(
                1, int(self._phones.n_frames())
            )
        return self._window_gap(spoken[0][1], spoken[-1][2], log)

    def _spoken(self) -> list[tuple[str, int, int]]:
        """The hearing's words with their first and last frames (a compound's share them)."""
        return [
            part
            for seg in self._decoder.seg() or ()
            if not seg.word.startswith(("<", "[", "+", "("))  # fillers, silence, (NULL)
            for part in word_frames(seg.word, int(seg.start_frame), int(seg.end_frame))
        ]

    def _window_gap(self, first: int, last: int, log: Callable[[float], float]) -> float:
        """Grammar path minus phone loop, per frame, over frames first..last."""

        def inside(seg: Any) -> float:
            """The segment's score, in the share of its frames that lie within the window."""
            start, end = int(seg.start_frame), int(seg.end_frame)
            overlap = min(last, end) - max(first, start) + 1
            if overlap <= 0:
                return 0.0
            return (log(seg.ascore) + log(seg.lscore)) * overlap / max(1, end - start + 1)

        segs = [s for s in self._decoder.seg() or () if s.word != "(NULL)"]
        grammar = sum(inside(s) for s in segs)
        phones = sum(inside(s) for s in self._phones.seg() or ())
        return (grammar - phones) / max(1, last - first + 1)

    def _commands(self, text: str, log: Callable[[float], float]) -> list[Command]:
        """The commands a hearing joins, each with its frames and its own gap; [] for one
        command, or when the text and the search's words disagree."""
        assert self.grammar is not None
        parts = self.grammar.split(text)
        if not parts or len(parts) < 2:
            return []
        words, out, at = self._spoken(), [], 0
        for part in parts:
            said = part.split()
            if at < len(words) and words[at][0] == self.grammar.joiner != said[0]:
                at += 1
            if [w for w, _, _ in words[at : at + len(said)]] != said:
                return []
            first, last = words[at][1], words[at + len(said) - 1][2]
            out.append(Command(part, first, last, self._window_gap(first, last, log)))
            at += len(said)
        return out

    def _sure(self, text: str) -> tuple[str, float, list[Command], tuple[str, ...]] | None:
        """The commands of a hearing that joins several heard surely, when some were not
        (SURE_COMMAND_GAP, LATER_COMMAND_GAP; under noise the first as a later one): their
        text, gap and commands, and the unsure ones' texts. None: keep the hearing whole."""
        if self.grammar is None or self._phones is None:
            return None
        commands = self._commands(text, self._decoder.get_logmath().log)
        kept = [
            c
            for i, c in enumerate(commands)
            if c.gap >= (LATER_COMMAND_GAP if i else SURE_COMMAND_GAP)
        ]
        if (
            len(kept) > 1
            and kept[0] is commands[0]
            and commands[0].gap < LATER_COMMAND_GAP
            and snr_db(self._energy) < FREE_MIN_SNR_DB
        ):
            kept = kept[1:]  # a remark forced onto a first command, in noise
        if not kept or len(kept) == len(commands):
            return None
        frames = sum(c.last - c.first + 1 for c in kept)
        gap = sum(c.gap * (c.last - c.first + 1) for c in kept) / frames
        unsure = tuple(c.text for c in commands if c not in kept)
        return self.grammar.punctuate(" ".join(c.text for c in kept)), gap, kept, unsure

    def _unexplained(self, until: int | None = None, since: int = 0) -> float:
        """The share of loud frames (a quarter of the 90th percentile's RMS or more), before
        frame `until` and from frame `since` if given, that the hearing puts in silence or
        fillers rather than in words."""
        energy = self._energy if until is None else self._energy[:until]
        if len(energy) <= since:
            return 0.0
        quiet = [False] * len(energy)
        for seg in self._decoder.seg() or ():
            if seg.word.startswith(("<", "[", "+")):
                for frame in range(max(0, seg.start_frame), min(len(energy), seg.end_frame + 1)):
                    quiet[frame] = True
        loud = self._loud()[since : len(energy)]
        quiet = quiet[since:]
        return sum(q for q, x in zip(quiet, loud, strict=True) if x) / max(1, sum(loud))


def takes_back(rest: str, *, remark: bool) -> bool:
    """Whether what followed a command (heard free-form) takes it back (REMARK_TAKES_BACK) or,
    as a remark, goes on with it (REMARK_GOES_ON): then the command is not done."""
    words = rest.lower().split()
    goes_on = remark and bool(words) and words[0] in REMARK_GOES_ON
    return goes_on or bool(REMARK_TAKES_BACK & set(words))


def plain(text: str) -> str:
    """A hearing's words, lower case, without punctuation."""
    return " ".join(re.findall(r"[\w']+", text.lower()))


def shares_a_word(said: str, heard: str) -> bool:
    """Whether two hearings of the same audio share a word that carries meaning (SHARED_SKIP
    aside): then the grammar's was no remark forced onto its words."""
    words = {w for w in said.lower().split() if len(w) > 2} - SHARED_SKIP
    return bool(words & set(heard.lower().split()))


def stands_alone(remark: str, command: str) -> bool:
    """Whether a command heard after a remark (both as words) may be done without it: the
    remark denies nothing, and the command points back to nothing the remark may have named
    and is no fragment (REMARK_BEFORE_DENIES, REMARK_BEFORE_REFERS, REMARK_BEFORE_FRAGMENT)."""
    words = command.lower().split()
    return bool(words) and not (
        REMARK_BEFORE_DENIES & set(remark.lower().split())
        or REMARK_BEFORE_REFERS & set(words)
        or words[0] in REMARK_BEFORE_FRAGMENT
    )


def word_frames(word: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """A decoded word (frames start..end, its alternate pronunciation's "(2)" dropped) as the
    words it stands for, each with its first and last frame: a compound's share its frames."""
    parts = word.split("(")[0].split(JOIN)
    step = (end - start + 1) / len(parts)
    return [
        (part, start + round(i * step), start + round((i + 1) * step) - 1)
        for i, part in enumerate(parts)
    ]
