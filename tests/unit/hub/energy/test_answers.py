"""Plain-English answers: power, energy, rankings, the whole house."""

from __future__ import annotations

from hub.energy import (
    answer_energy,
    answer_house_energy,
    answer_house_power,
    answer_power,
    answer_ranking,
)


def test_power() -> None:
    assert answer_power("Dryer", 2400) == "The dryer is using 2.4 kW right now."
    assert answer_power("Fridge", 85) == "The fridge is using 85 W right now."
    assert answer_power("Router", 4.5) == "The router is using 4.5 W right now."
    assert answer_power("Dryer", 0) == "The dryer isn't using any power right now."
    assert answer_power("Dryer", None) == "I don't have a power reading for the dryer right now."
    assert answer_power("EV charger", 7200) == "The EV charger is using 7.2 kW right now."
    assert answer_house_power(3100) == "The house is using 3.1 kW right now."


def test_energy() -> None:
    assert answer_energy("Space heater", 3.2, "today") == "The space heater used 3.2 kWh today."
    assert answer_energy("Kettle", 0.345, "yesterday") == "The kettle used 0.34 kWh yesterday."
    assert answer_energy("Kettle", 0, "this_week") == "The kettle used no energy this week."
    assert answer_house_energy(18.44, "this_month") == "The house used 18.4 kWh this month."
    assert answer_energy("Tom's lamp", 1, "2025-01-02") == "Tom's lamp used 1.0 kWh on 2025-01-02."


def test_ranking() -> None:
    ranking = [("Car charger", 14.1), ("Dryer", 2.4), ("Kettle", 0.3), ("Lamp", 0.1)]
    assert answer_ranking(ranking, "today") == (
        "The car charger used the most today: 14.1 kWh. Then the dryer 2.4 kWh and the kettle"
        " 0.30 kWh."
    )
    assert answer_ranking([("Dryer", 1.0)], "yesterday") == (
        "The dryer used the most yesterday: 1.0 kWh."
    )
    assert answer_ranking([], "today") == "No device has used any energy today that I know of."
