"""Carrier phrases per intent and a generic household lexicon, the source of nlu.yml."""

from __future__ import annotations

# Generic household devices by kind; "any" is used where the verb fits every switchable thing.
DEVICES: dict[str, list[str]] = {
    "light": [
        "kitchen light", "ceiling light", "reading lamp", "lamp", "lights", "hall light",
        "porch lamp", "desk light", "wall lights", "fairy lights", "spotlights", "landing light",
        "lounge lamp", "bedside light", "strip lights", "corner lamp", "pendant light",
        "garage lights", "patio lights", "stair lights", "mirror lamp", "nursery light",
    ],
    "switch": [
        "coffee machine", "kettle", "toaster", "dehumidifier", "printer", "fountain",
        "pool pump", "towel rail", "radiator plug", "heated blanket", "plug", "socket",
        "charger", "humidifier", "air purifier", "dishwasher", "heater", "aquarium pump",
    ],
    "fan": ["fan", "ceiling fan", "tower fan", "bathroom fan", "extractor fan", "box fan"],
    "climate": [
        "thermostat", "heating", "air conditioning", "ac", "heat pump", "radiator",
        "air conditioner", "boiler", "climate",
    ],
    "cover": [
        "blinds", "curtains", "shades", "shutters", "roller blind", "awning", "drapes",
        "skylight blind", "garage door", "gate",
    ],
    "lock": ["front door", "back door", "door", "side gate lock", "patio door", "doors", "lock"],
    "alarm": ["alarm", "security system", "burglar alarm", "house alarm", "alarm system"],
    "media": [
        "tv", "television", "speaker", "music", "radio", "stereo", "soundbar", "record player",
        "sonos", "telly", "podcast", "song",
    ],
    "vacuum": ["vacuum", "robot vacuum", "hoover", "roomba", "robot", "vacuum cleaner"],
    "scene": [
        "movie night", "reading", "bedtime", "party mode", "relax", "dinner", "wake up",
        "romantic", "away", "good night",
    ],
    "sensor": [
        "temperature", "humidity", "front door", "back window", "garage door", "kitchen light",
        "heater", "tv", "motion sensor", "window", "smoke detector", "porch light",
    ],
    "metered": [
        "dryer", "washing machine", "heater", "fridge", "oven", "dishwasher", "car charger",
        "kettle", "freezer", "computer", "tv", "heat pump", "house",
    ],
}
DEVICES["any"] = DEVICES["light"] + DEVICES["switch"] + DEVICES["fan"] + ["tv", "radio"]

AREAS = [
    "kitchen", "living room", "lounge", "bedroom", "master bedroom", "bathroom", "hallway",
    "office", "study", "garage", "garden", "dining room", "kids room", "nursery", "attic",
    "basement", "landing", "porch", "guest room", "laundry", "playroom", "upstairs",
]  # fmt: skip

COLORS = [
    "red", "green", "blue", "yellow", "orange", "purple", "pink", "white", "warm white",
    "cyan", "magenta", "violet", "turquoise", "teal", "gold", "amber", "lavender", "crimson",
]  # fmt: skip

LOOKUPS: dict[str, list[str]] = {
    "color": COLORS,
    "hvac_mode": ["heat", "cool", "heating", "cooling", "auto", "dry", "fan only", "off", "eco"],
    "period": [
        "today", "yesterday", "this week", "last week", "this month", "last month",
        "so far today", "this year",
    ],
    "scope": ["all", "every", "both", "everything", "all of the", "each"],
}
SYNONYMS: dict[str, list[str]] = {
    "tv": ["television", "telly", "tele"],
    "air conditioner": ["ac", "a c", "air con", "aircon", "air conditioning"],
    "vacuum": ["hoover", "roomba", "robot vacuum", "vacuum cleaner"],
    "cool": ["cooling"],
    "heat": ["heating mode"],
}
REGEXES = {
    "number": r"\d+(\.\d+)?",
    "time": r"\d{1,2}(:\d{2})? ?(am|pm|a\.m\.|p\.m\.)",
    "percentage": r"\d{1,3} ?(%|percent|per cent)",
}

# intent -> (device kind for {dev}, carrier phrase templates)
INTENT_TEMPLATES: dict[str, tuple[str | None, list[str]]] = {
    "turn_on": ("any", [
        "turn on the {dev}", "switch on the {dev}", "turn the {dev} on", "switch the {dev} on",
        "put the {dev} on", "{dev} on", "power on the {dev}", "start the {dev:switch}",
        "fire up the {dev:switch}", "could you turn the {dev} on please", "i want the {dev} on",
        "turn on the {dev} in the {area}", "{dev:light} on in the {area}",
        "turn on all the {dev:light} in the {area}", "turn on every {dev:light}",
        "light up the {area}", "can you switch on the {area} {dev:light}",
        "enable the {dev}", "activate the {dev:switch}", "get the {dev:switch} going",
        "turn on the {dev} {delay}", "{delay} turn on the {dev}", "switch on the {dev} {time}",
        "turn the {dev:light} on {time}", "would you mind turning on the {dev}",
        "please turn on the {dev} and the {dev}", "turn it on", "switch it on", "on please",
        "put the lights on", "turn on the lights", "i need some light in here",
        "let there be light", "start charging the {dev:switch}", "boot up the {dev:media}",
        "turn on the {dev:media}", "turn on the {dev:fan}", "start the {dev:fan}",
        "turn the {dev:climate} on",
    ]),
    "turn_off": ("any", [
        "turn off the {dev}", "switch off the {dev}", "turn the {dev} off", "switch the {dev} off",
        "{dev} off", "power off the {dev}", "shut off the {dev}", "kill the {dev}",
        "cut the {dev}", "could you turn the {dev} off please", "i want the {dev} off",
        "turn off the {dev} in the {area}", "{dev:light} off in the {area}",
        "turn off all the {dev:light} in the {area}", "turn off every {dev:light} in the house",
        "shut down the {dev:switch}", "stop charging the {dev:switch}", "disable the {dev}",
        "turn off the {dev} {delay}", "{delay} switch off the {dev}", "turn off the {dev} {time}",
        "lights off", "turn it off", "switch it off", "off please",
        "kill the lights in the {area}", "nobody needs the {dev} anymore, turn it off",
        "make it dark in the {area}", "switch everything off in the {area}",
        "turn off the {dev:media}", "shut the {dev:media} off", "turn off the {dev:climate}",
        "switch the {dev:climate} off", "stop the {dev:switch}", "power down the {dev}",
        "turn off the {dev} please", "please switch the {dev} off", "off with the {dev}",
    ]),
    "toggle": ("any", [
        "toggle the {dev}", "toggle {dev}", "flip the {dev}", "toggle the {dev} in the {area}",
        "switch the {dev} over", "flip the {dev} switch", "toggle it", "please toggle the {dev}",
        "can you toggle the {dev}", "flick the {dev}",
    ]),
    "set_brightness": ("light", [
        "set the {dev} to {pct} percent", "dim the {dev} to {pct} percent",
        "set the {dev} brightness to {pct}%", "{dev} to {pct} percent",
        "brighten the {dev} to {pct} percent", "make the {dev} {pct} percent",
        "set brightness of the {dev} to {pct}", "put the {dev} at {pct} percent",
        "turn the {dev} up to {pct} percent", "turn the {dev} down to {pct} percent",
        "make the {dev} full brightness", "set the {dev} to full", "set the {dev} to maximum",
        "{dev} at full brightness", "put the {dev} on half", "set the {dev} to half brightness",
        "set it to {pct} percent", "make it {pct}%", "dim it to {pct} percent",
        "set the lights to {pct} percent", "lights to {pct} percent in the {area}",
        "set the {area} lights to {pct} percent", "dim the lights to {pct}",
        "set the {dev} to {pct} percent brightness", "brightness {pct} percent on the {dev}",
        "set the {dev} to minimum", "lowest brightness on the {dev}",
    ]),
    "increase": ("light", [
        "make the {dev} brighter", "brighten the {dev}", "turn up the {dev}", "{dev} brighter",
        "brighter please", "a bit brighter", "increase the brightness of the {dev}",
        "turn the {dev} up a bit", "more light in the {area}", "make it brighter",
        "turn up the volume on the {dev:media}", "louder", "turn it up", "volume up",
        "make the {dev:media} louder", "increase the volume", "turn up the {dev:media}",
        "speed up the {dev:fan}", "make the {dev:fan} faster", "turn the {dev:fan} up",
        "raise the brightness", "bump up the {dev}", "a little brighter in the {area}",
    ]),
    "decrease": ("light", [
        "dim the {dev}", "dim the {dev} a bit", "make the {dev} dimmer", "turn down the {dev}",
        "{dev} darker", "darker please", "a bit dimmer", "lower the brightness of the {dev}",
        "decrease the brightness of the {dev}", "dim the lights", "dim the lights a little",
        "make it dimmer", "turn the {dev} down a bit", "turn down the volume", "quieter",
        "make the {dev:media} quieter", "volume down", "lower the volume on the {dev:media}",
        "turn it down", "slow down the {dev:fan}", "make the {dev:fan} slower",
        "turn the {dev:fan} down", "less light in the {area}", "dim the {area} lights",
    ]),
    "set_color": ("light", [
        "turn the {dev} {color}", "make the {dev} {color}", "change the {dev} to {color}",
        "set the {dev} to {color}", "set the {dev} color to {color}", "{color} {dev} please",
        "set the {dev} colour to {color}", "change the colour of the {dev} to {color}",
        "make the lights {color}", "turn the lights in the {area} {color}", "make it {color}",
        "set the {dev} to {color} at {pct} percent", "can the {dev} be {color}",
        "i want the {dev} in {color}", "paint the {area} {color}", "switch the {dev} to {color}",
    ]),
    "set_color_temp": ("light", [
        "set the {dev} to {kelvin} kelvin", "make the {dev} {kelvin}k", "{dev} to {kelvin} k",
        "set the color temperature of the {dev} to {kelvin}", "make the {dev} warmer",
        "make the {dev} cooler", "make the {dev} warm white", "make the light more cool",
        "change the {dev} to daylight", "set the {dev} to warm", "set the {dev} to cool white",
        "warmer light please", "set the colour temperature to {kelvin} kelvin",
    ]),
    "set_fan_speed": ("fan", [
        "set the {dev} to {pct} percent", "set the {dev} speed to {pct}", "{dev} to {pct}%",
        "run the {dev} at {pct} percent", "put the {dev} on {pct} percent",
        "set the fan speed to {pct} percent", "set the {dev} to full speed",
        "{dev} on low", "set the {dev} to high", "set the {dev} to medium", "fan to max",
    ]),
    "set_temperature": ("climate", [
        "set the {dev} to {temp} degrees", "set the {dev} to {temp}", "{dev} to {temp}",
        "make it {temp} degrees", "set the temperature to {temp}",
        "set the temperature in the {area} to {temp} degrees", "heat the house to {temp}",
        "change the {dev} to {temp} degrees", "i want it {temp} degrees in here",
        "put the {dev} on {temp}", "set the {dev} to {temp} degrees celsius",
        "cool the {area} to {temp}", "warm the {area} up to {temp} degrees",
        "turn the {dev} up to {temp}", "turn the {dev} down to {temp}", "set it to {temp} degrees",
    ]),
    "set_hvac_mode": ("climate", [
        "set the {dev} to {mode} mode", "switch the {dev} to {mode}", "put the {dev} in {mode} mode",
        "change the {dev} mode to {mode}", "{dev} to {mode} mode", "set {dev} mode to {mode}",
        "turn on {mode} mode on the {dev}", "put the heating on auto", "switch the ac to cooling",
        "set the {dev} to {mode}",
    ]),
    "open_cover": ("cover", [
        "open the {dev}", "open the {dev} in the {area}", "raise the {dev}", "pull up the {dev}",
        "open up the {dev}", "could you open the {dev} please", "let some light in",
        "open all the {dev}", "open the {dev} {delay}", "open the {dev} {time}", "{dev} up",
        "roll up the {dev}", "draw back the {dev}", "open it", "open them",
    ]),
    "close_cover": ("cover", [
        "close the {dev}", "close the {dev} in the {area}", "lower the {dev}", "pull down the {dev}",
        "shut the {dev}", "could you close the {dev} please", "close all the {dev}",
        "draw the {dev}", "close the {dev} {delay}", "{dev} down", "roll down the {dev}",
        "close it", "close them", "shut the {dev} in the {area}", "close every {dev}",
    ]),
    "stop": ("cover", [
        "stop the {dev}", "stop the {dev} in the {area}", "halt the {dev}", "stop moving the {dev}",
        "freeze the {dev}", "stop", "stop it", "hold the {dev} there", "{dev} stop",
        "stop the {dev:vacuum}", "stop the {dev:media}",
    ]),
    "set_position": ("cover", [
        "set the {dev} to {pct} percent", "open the {dev} to {pct} percent",
        "{dev} to {pct}%", "close the {dev} to {pct} percent", "put the {dev} at {pct} percent",
        "open the {dev} halfway", "set the {dev} position to {pct}", "move the {dev} to {pct}",
        "{dev} halfway", "raise the {dev} to {pct} percent", "lower the {dev} to {pct}",
    ]),
    "lock": ("lock", [
        "lock the {dev}", "lock up the {dev}", "lock {dev}", "please lock the {dev}",
        "make sure the {dev} is locked", "lock all the doors", "lock up", "lock everything",
        "lock it", "secure the {dev}", "lock the doors", "can you lock the {dev}",
        "lock the {dev} {delay}", "lock the {dev} {time}", "bolt the {dev}",
    ]),
    "unlock": ("lock", [
        "unlock the {dev}", "unlock {dev}", "please unlock the {dev}", "unlock it",
        "open the {dev} lock", "can you unlock the {dev}", "let me in",
        "unbolt the {dev}", "unlock all the doors", "release the {dev} lock", "unlock the doors",
        "unlock the {dev} {delay}",
    ]),
    "arm_alarm": ("alarm", [
        "arm the {dev}", "set the {dev}", "turn on the {dev}", "activate the {dev}",
        "arm the {dev} in away mode", "arm the {dev} in home mode", "arm the {dev} for the night",
        "put the {dev} on", "enable the {dev}", "arm it", "we're leaving, arm the {dev}",
        "set the {dev} to night mode", "arm the house", "arm {dev} {delay}",
    ]),
    "disarm_alarm": ("alarm", [
        "disarm the {dev}", "turn off the {dev}", "deactivate the {dev}", "disable the {dev}",
        "switch off the {dev}", "disarm it", "please disarm the {dev}", "disarm", "unset the {dev}",
        "we're home, disarm the {dev}",
    ]),
    "media_play": ("media", [
        "play the {dev}", "resume the {dev}", "play music on the {dev}", "resume", "play",
        "unpause the {dev}", "continue playing on the {dev}", "play some music",
        "resume playback in the {area}", "start the music", "keep playing",
    ]),
    "media_pause": ("media", [
        "pause the {dev}", "pause", "pause the music", "pause it", "pause the {dev} in the {area}",
        "hold the music", "pause playback", "pause the song on the {dev}", "hit pause on the {dev}",
        "stop the music for a second",
    ]),
    "media_next": ("media", [
        "next song", "next track on the {dev}", "skip this song", "skip", "play the next song",
        "next song on the {dev}", "skip to the next track", "next please", "skip the track",
        "skip this one on the {dev}", "go to the next song in the {area}",
    ]),
    "media_previous": ("media", [
        "previous song", "previous track on the {dev}", "go back a song", "play the last song again",
        "back one track", "previous track", "last track on the {dev}", "play the previous song",
        "go back to the previous track in the {area}",
    ]),
    "set_volume": ("media", [
        "set the volume to {pct} percent", "set the {dev} volume to {pct}",
        "volume {pct} percent on the {dev}", "turn the volume on the {dev} to {pct}",
        "set the {dev} to volume {pct}", "change the volume to {pct}%",
        "{dev} volume {pct} percent", "put the volume at {pct} on the {dev}",
    ]),
    "mute": ("media", [
        "mute the {dev}", "mute", "mute it", "silence the {dev}", "unmute the {dev}", "unmute",
        "mute the sound in the {area}",
    ]),
    "vacuum_start": ("vacuum", [
        "start the {dev}", "run the {dev}", "start cleaning", "vacuum the house",
        "clean the {area}", "send the {dev} to clean", "get the {dev} going",
        "start the {dev} please", "begin vacuuming", "let the {dev} clean", "vacuum the {area}",
    ]),
    "vacuum_dock": ("vacuum", [
        "send the {dev} home", "dock the {dev}", "send the {dev} back to its dock",
        "return the {dev} to base", "{dev} go home", "send the {dev} back to the charger",
        "stop cleaning and go home", "park the {dev}", "return to dock", "recall the {dev}",
    ]),
    "activate_scene": ("scene", [
        "activate {dev}", "activate the {dev} scene", "{dev} scene please", "set the {dev} scene",
        "turn on {dev} mode", "run the {dev} scene", "start {dev}", "switch to {dev}",
        "it's {dev} time", "{dev} mode", "set the mood for {dev}", "scene {dev}", "{dev} please",
        "load the {dev} scene", "apply the {dev} scene",
    ]),
    "ask_state": ("sensor", [
        "is the {dev} on", "is the {dev} off", "is the {dev} open", "is the {dev} locked",
        "what's the {dev}", "what is the {dev} in the {area}", "which {dev:light} are on",
        "what's the temperature in the {area}", "how warm is it in the {area}",
        "how cold is it outside", "what's the humidity in the {area}", "is the {dev} running",
        "did i leave the {dev} on", "are the {dev:light} on in the {area}", "is anything on",
        "what's the status of the {dev}", "tell me if the {dev} is closed", "is the {dev} closed",
        "what temperature is it inside", "how hot is the {area}", "is the {dev} still on",
        "is the {area} {dev:light} on", "are the {dev:cover} open", "is the {dev:lock} unlocked",
        "what is the {dev:climate} set to", "which doors are unlocked", "is there motion in the {area}",
        "check the {dev}", "is it on", "is it locked",
    ]),
    "ask_power": ("metered", [
        "how much power is the {dev} using", "what's the {dev} drawing", "how many watts is the {dev} using",
        "what is the power consumption of the {dev}", "how much electricity is the {dev} using right now",
        "how much power are we using", "current power usage",
        "what's the power draw of the {dev}", "how many watts are we pulling", "power usage now",
        "is the {dev} drawing power", "how much is the {dev} consuming at the moment",
    ]),
    "ask_energy": ("metered", [
        "how much energy did the {dev} use {period}", "how much electricity did the {dev} use {period}",
        "how many kilowatt hours did the {dev} use {period}", "energy used by the {dev} {period}",
        "what did the {dev} consume {period}", "how much energy have we used {period}",
        "how much did the {dev} cost {period}", "energy consumption {period}",
        "what was the {dev} energy usage {period}", "how much power did the {dev} use {period}",
        "how many kwh {period}", "total energy {period}",
    ]),
    "affirm": (None, [
        "yes please", "yeah", "yep", "sure", "ok", "okay", "do it", "go ahead",
        "confirm", "correct", "that's right", "absolutely", "of course", "yes do it",
        "please do", "affirmative", "sounds good", "yes go ahead", "sure thing", "right",
    ]),
    "deny": (None, [
        "no", "nope", "no thanks", "don't", "do not", "no don't", "never mind", "nah",
        "not now", "don't do that", "no leave it", "negative", "no way",
    ]),
    "cancel": (None, [
        "cancel", "cancel that", "forget it", "stop that", "abort", "cancel it", "scratch that",
        "forget about it", "leave it", "nothing", "no, cancel that", "never mind, cancel",
    ]),
    "inform": ("any", [
        "the {dev}", "{dev}", "the one in the {area}", "the left one", "the right one",
        "the {area} one", "both", "both of them", "all of them", "the {dev} in the {area}",
        "i meant the {dev}", "the {area}", "in the {area}", "and the {dev} too",
        "the {dev} as well", "also the {dev}", "and the {area}", "the first one", "the other one",
    ]),
    "out_of_scope": (None, [
        "what is the capital of spain", "tell me a story", "who won the game last night",
        "what's the weather tomorrow", "sing me a song", "how old are you", "what's your name",
        "order a pizza", "book a flight to paris", "what time is it in tokyo", "who are you",
        "tell me something funny", "what's two plus two", "call my mother", "send an email",
        "set an alarm for 7 am", "remind me to buy milk", "how far is the moon",
        "what's the meaning of life", "translate hello into french", "do you like cats",
        "write a poem", "i'm bored", "how do i cook pasta", "thank you", "thanks", "hello", "hi there", "what can you do", "are you a robot",
        "where is my phone", "add eggs to the shopping list", "what's on my calendar",
        "play chess with me", "how tall is the eiffel tower", "bla bla bla", "hmm",
        "launch the missiles", "feed the cat",
        "who is the president", "what's the score", "buy more coffee", "make me a sandwich",
    ]),
}
