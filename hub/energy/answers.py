"""Plain-English answers to power and energy questions, pure: numbers and names in, text out."""

from __future__ import annotations

from collections.abc import Sequence

from hub.energy.periods import period_phrase

HOUSE = "the house"


def device_phrase(name: str, capital: bool = True) -> str:
    """ "Car charger" -> "The car charger"; names that look like proper nouns stay as they are."""
    words = name.split()
    if not words:
        return "It" if capital else "it"
    first = words[0]
    # Keep "EV charger", "Tom's lamp", "iPad": acronyms, possessives and odd casing are names.
    proper = (first.isupper() and len(first) > 1) or "'" in first or not first[:1].isupper()
    if first.casefold() == "the":
        words = words[1:]
    elif not proper:
        words[0] = first[:1].lower() + first[1:]
    if "'" in first:
        phrase = " ".join(words)
        return phrase[:1].upper() + phrase[1:] if capital else phrase
    return ("The " if capital else "the ") + " ".join(words)


def format_power(watts: float) -> str:
    """ "2.4 kW" from 1000 W up, else "850 W"; tiny draws keep a decimal ("0.5 W")."""
    if watts >= 1000:
        return f"{watts / 1000:.1f} kW"
    if watts >= 10:
        return f"{watts:.0f} W"
    return f"{watts:.1f} W".replace(".0 W", " W")


def format_energy(kwh: float) -> str:
    """ "3.2 kWh"; below 1 kWh two decimals ("0.35 kWh"), as a meter would read."""
    if kwh >= 100:
        return f"{kwh:.0f} kWh"
    if kwh >= 1:
        return f"{kwh:.1f} kWh"
    return f"{kwh:.2f} kWh"


def format_minutes(minutes: float) -> str:
    """ "4 h 10 min", "25 min"."""
    whole = round(minutes)
    hours, mins = divmod(whole, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    return f"{hours} h" if hours else f"{mins} min"


def answer_power(name: str, watts: float | None) -> str:
    """ "The dryer is using 2.4 kW right now." """
    who = device_phrase(name)
    if watts is None:
        return f"I don't have a power reading for {device_phrase(name, False)} right now."
    if watts < 0.5:
        return f"{who} isn't using any power right now."
    return f"{who} is using {format_power(watts)} right now."


def answer_energy(name: str, kwh: float, period: str) -> str:
    """ "The space heater used 3.2 kWh today." """
    when = period_phrase(period)
    who = device_phrase(name)
    if kwh < 0.005:
        return f"{who} used no energy {when}."
    return f"{who} used {format_energy(kwh)} {when}."


def answer_ranking(ranking: Sequence[tuple[str, float]], period: str, top: int = 3) -> str:
    """ "The car charger used the most today: 14.1 kWh." (then the next few)"""
    when = period_phrase(period)
    used = [(name, kwh) for name, kwh in ranking if kwh >= 0.005]
    if not used:
        return f"No device has used any energy {when} that I know of."
    name, kwh = used[0]
    text = f"{device_phrase(name)} used the most {when}: {format_energy(kwh)}."
    rest = used[1:top]
    if rest:
        parts = [f"{device_phrase(n, False)} {format_energy(k)}" for n, k in rest]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        text += f" Then {listed}."
    return text


def answer_house_power(watts: float | None) -> str:
    """ "The house is using 3.1 kW right now." """
    return answer_power(HOUSE, watts)


def answer_house_energy(kwh: float, period: str) -> str:
    """ "The house used 18.4 kWh today." """
    return answer_energy(HOUSE, kwh, period)
