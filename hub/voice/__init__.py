"""Offline speech: audio sources, end-pointing, recognisers behind one interface, the pipeline."""

from hub.voice.audio import microphone_chunks, read_wav, wav_chunks
from hub.voice.config import (
    MicrophoneConfig,
    SatelliteConfig,
    VadConfig,
    VoiceConfig,
    WakeConfig,
    WyomingServerConfig,
)
from hub.voice.engines import RecognizerPool, make_recognizer
from hub.voice.grammar import Grammar, build_grammar
from hub.voice.pipeline import ASK_AGAIN, CommandCallback, VoiceCommand, VoicePipeline
from hub.voice.recognizer import Heard, Recognizer, Word, transcribe_chunks, transcribe_file
from hub.voice.service import VoiceService
from hub.voice.tts import Speaker
from hub.voice.vad import Endpointer, Mark, Segment

__all__ = [
    "ASK_AGAIN", "CommandCallback", "Endpointer", "Grammar", "Heard", "Mark", "MicrophoneConfig",
    "Recognizer", "RecognizerPool", "SatelliteConfig", "Segment", "Speaker", "VadConfig",
    "VoiceCommand", "VoiceConfig", "VoicePipeline", "VoiceService", "WakeConfig", "Word",
    "WyomingServerConfig", "build_grammar", "make_recognizer", "microphone_chunks", "read_wav",
    "transcribe_chunks", "transcribe_file", "wav_chunks",
]  # fmt: skip
