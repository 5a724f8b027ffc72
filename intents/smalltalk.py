"""What people say to the hub that asks for nothing: thanks, "I'm home", "it's lovely in here".

Each has a reply and no action. Without this, "I'm home" was read as the vacuum's "go home"
(offered for a yes), and "it's nice in here" as a device called nice. Complaints ("it's
freezing in here") are intents.comfort's: they want something done.
"""

from __future__ import annotations

import re

from intents.dialogue import RUN_ON_VERBS

# Normalised text ("it's" is "its").
_THANKS = re.compile(r"^(?:thank you|thanks|cheers|ta)\b")
_HI = r"(?:(?:hi|hello|hey|hiya|honey|darling|everyone|everybody|all|guys)(?: ,)? )*"
_HOME = re.compile(
    rf"^{_HI}(?:im|i am|were|we are) (?P<where>home|back|back home)(?: now| again)?$"
)
_HOW = r"(?:(?:so|really|very|quite|rather|pretty|super|just|much) )*"
# Said plainly, a mild word is content too ("it's quiet in here"); with "so" or "too" it may be
# a complaint (intents.comfort).
_GOOD = (
    rf"(?:{_HOW}(?:nice|lovely|cosy|cozy|comfy|comfortable|perfect|fine|great|good|just right|"
    r"peaceful|pleasant|better)|quiet|cool|calm)"
)
_CONTENT = re.compile(
    rf"^(?:(?:oh|ah|ahh|mm|mmm|wow)(?: ,)? )*"
    rf"(?:its|it is|it feels|thats|that is|this is|im|i am|i feel|were|we are) "
    rf"{_GOOD}(?: and (?:warm|cosy|cozy|quiet|cool|bright|toasty|snug|calm))?"
    rf"(?: (?:in here|here|now|thanks|thank you|today|tonight))*$"
)


def thanks(norm: str) -> bool:
    """Whether `norm` (normalised text) thanks the hub and asks for nothing more."""
    return bool(_THANKS.match(norm)) and not any(w in RUN_ON_VERBS for w in norm.split())


def reply_to(norm: str) -> str | None:
    """The reply when `norm` (normalised text) tells the hub something and asks for nothing
    (arriving, being comfortable), else None. Checked after a pending yes or no: "I'm good"
    may answer one."""
    if m := _HOME.match(norm):
        return "Welcome back." if m.group("where") == "back" else "Welcome home."
    if _CONTENT.match(norm):
        return "Good to hear."
    return None
