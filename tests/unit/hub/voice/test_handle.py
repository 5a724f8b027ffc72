"""What the pipeline says back about a hearing, whatever the recogniser."""

from __future__ import annotations

from hub.voice import RecognizerPool, VoiceCommand, VoicePipeline
from hub.voice.pipeline import MISSED_REST
from hub.voice.recognizer import Heard
from hub.voice.tts import Speaker


async def test_a_hearing_that_left_commands_out_says_so() -> None:
    """ "turn on the hoover and ..." with the rest heard too unsurely, or with a remark after it:
    the hoover goes on, and the reply tells the person the rest was not caught, so they may say
    it again."""
    handed: list[str] = []

    async def on_command(command: VoiceCommand) -> str:
        handed.append(command.text)
        return "Turned on the hoover."

    pool = RecognizerPool(lambda: None, 1)  # handle() hears nothing itself
    try:
        speaker = Speaker("none")
        pipeline = VoicePipeline(pool, on_command, speaker=speaker)
        sure = Heard("turn on the hoover", 0.9, unsure=("lighten lamps",))
        assert await pipeline.handle(sure, "s") == f"Turned on the hoover. {MISSED_REST}"
        assert handed == ["turn on the hoover"]  # the unsure command is not handed on
        remark = Heard("turn on the hoover", 0.97, remark="the floor is a mess")
        assert await pipeline.handle(remark, "s") == f"Turned on the hoover. {MISSED_REST}"
        whole = Heard("turn on the hoover", 0.9)
        assert await pipeline.handle(whole, "s") == "Turned on the hoover."
        assert speaker.said == [(None, f"Turned on the hoover. {MISSED_REST}"),
                                (None, f"Turned on the hoover. {MISSED_REST}"),
                                (None, "Turned on the hoover.")]  # fmt: skip
    finally:
        pool.close()
