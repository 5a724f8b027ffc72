"""The automation YAML schema (close to Home Assistant's): triggers, conditions, action steps."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AliasChoices,
    BeforeValidator,
    Discriminator,
    Field,
    JsonValue,
    Tag,
    field_validator,
    model_validator,
)

from automations.fields import (
    Duration,
    EntityIds,
    States,
    StrictModel,
    TimeOfDay,
    Times,
    Weekdays,
    as_list,
    either,
    tag_of,
)
from hub.core.model import split_service

# -- triggers -----------------------------------------------------------------------------------


class TimeTrigger(StrictModel):
    """At a local time (or several), optionally only on some weekdays."""

    kind: Literal["time"] = either("trigger", "platform")
    id: str | None = None
    at: Times
    weekday: Weekdays | None = either("weekday", "weekdays", default=None)


class TimePatternTrigger(StrictModel):
    """Cron-like: `minutes: "/15"` every quarter hour, `hours: 7` at 7:00:00."""

    kind: Literal["time_pattern"] = either("trigger", "platform")
    id: str | None = None
    hours: int | str | None = None
    minutes: int | str | None = None
    seconds: int | str | None = None

    @model_validator(mode="after")
    def _fields(self) -> TimePatternTrigger:
        if self.hours is None and self.minutes is None and self.seconds is None:
            raise ValueError("time_pattern needs hours, minutes or seconds")
        for name, top in (("hours", 23), ("minutes", 59), ("seconds", 59)):
            value = getattr(self, name)
            text = str(value).strip()
            if value is None or text == "*":
                continue
            step = text.removeprefix("/")
            if not step.isdigit() or int(step) > top or (text.startswith("/") and int(step) == 0):
                raise ValueError(f"{name} must be 0..{top}, '*' or '/N', got {value!r}")
        return self


class SunTrigger(StrictModel):
    """At sunrise or sunset, plus an offset ("-00:30:00": half an hour before)."""

    kind: Literal["sun"] = either("trigger", "platform")
    id: str | None = None
    event: Literal["sunrise", "sunset"]
    offset: Duration = timedelta(0)


class StateTrigger(StrictModel):
    """When an entity's state changes (from/to), optionally held for a while (`for`)."""

    kind: Literal["state"] = either("trigger", "platform")
    id: str | None = None
    entity_id: EntityIds
    from_: States = Field(None, validation_alias=AliasChoices("from"))
    to: States = None
    for_: Duration | None = Field(None, validation_alias=AliasChoices("for"))
    attribute: str | None = None


class EventTrigger(StrictModel):
    """When the hub records a hub event of this kind (and, optionally, with this data)."""

    kind: Literal["event"] = either("trigger", "platform")
    id: str | None = None
    event_type: str = Field(min_length=1)
    event_data: dict[str, JsonValue] = Field(default_factory=dict)


class NumericStateTrigger(StrictModel):
    """When a number crosses into the range (above, below), optionally held for a while."""

    kind: Literal["numeric_state"] = either("trigger", "platform")
    id: str | None = None
    entity_id: EntityIds
    above: float | None = None
    below: float | None = None
    attribute: str | None = None
    for_: Duration | None = Field(None, validation_alias=AliasChoices("for"))

    @model_validator(mode="after")
    def _bounds(self) -> NumericStateTrigger:
        check_bounds(self.above, self.below)
        return self


def check_bounds(above: float | None, below: float | None) -> None:
    """Raise ValueError unless at least one bound is set and they leave a range."""
    if above is None and below is None:
        raise ValueError("numeric_state needs above, below or both")
    if above is not None and below is not None and above >= below:
        raise ValueError(f"above ({above:g}) must be less than below ({below:g})")


Trigger = Annotated[
    Annotated[TimeTrigger, Tag("time")]
    | Annotated[TimePatternTrigger, Tag("time_pattern")]
    | Annotated[SunTrigger, Tag("sun")]
    | Annotated[StateTrigger, Tag("state")]
    | Annotated[EventTrigger, Tag("event")]
    | Annotated[NumericStateTrigger, Tag("numeric_state")],
    Discriminator(
        lambda v: tag_of(v, "trigger", "platform"),
        custom_error_type="trigger_kind",
        custom_error_message="a trigger needs `trigger:` (or `platform:`) set to time, "
        "time_pattern, sun, state, event or numeric_state",
    ),
]
ScheduledTrigger = TimeTrigger | TimePatternTrigger | SunTrigger

# -- conditions ---------------------------------------------------------------------------------


class StateCondition(StrictModel):
    """The entity is in one of these states (for at least `for`)."""

    kind: Literal["state"] = either("condition")
    entity_id: EntityIds
    state: Annotated[States, Field(min_length=1)]
    for_: Duration | None = Field(None, validation_alias=AliasChoices("for"))
    attribute: str | None = None


class NumericStateCondition(StrictModel):
    """The entity's number is within (above, below)."""

    kind: Literal["numeric_state"] = either("condition")
    entity_id: EntityIds
    above: float | None = None
    below: float | None = None
    attribute: str | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumericStateCondition:
        check_bounds(self.above, self.below)
        return self


class TimeCondition(StrictModel):
    """Now is after/before local times (a window may cross midnight) and on these weekdays."""

    kind: Literal["time"] = either("condition")
    after: TimeOfDay | None = None
    before: TimeOfDay | None = None
    weekday: Weekdays | None = either("weekday", "weekdays", default=None)

    @model_validator(mode="after")
    def _something(self) -> TimeCondition:
        if self.after is None and self.before is None and self.weekday is None:
            raise ValueError("a time condition needs after, before or weekday")
        return self


class SunCondition(StrictModel):
    """Now is after/before sunrise or sunset (with offsets), on today's sun."""

    kind: Literal["sun"] = either("condition")
    after: Literal["sunrise", "sunset"] | None = None
    before: Literal["sunrise", "sunset"] | None = None
    after_offset: Duration = timedelta(0)
    before_offset: Duration = timedelta(0)

    @model_validator(mode="after")
    def _something(self) -> SunCondition:
        if self.after is None and self.before is None:
            raise ValueError("a sun condition needs after, before or both")
        return self


class AndCondition(StrictModel):
    """Every one of the conditions holds."""

    kind: Literal["and"] = either("condition")
    conditions: Annotated[list[Condition], BeforeValidator(as_list), Field(min_length=1)]


class OrCondition(StrictModel):
    """At least one of the conditions holds."""

    kind: Literal["or"] = either("condition")
    conditions: Annotated[list[Condition], BeforeValidator(as_list), Field(min_length=1)]


class NotCondition(StrictModel):
    """None of the conditions holds."""

    kind: Literal["not"] = either("condition")
    conditions: Annotated[list[Condition], BeforeValidator(as_list), Field(min_length=1)]


Condition = Annotated[
    Annotated[StateCondition, Tag("state")]
    | Annotated[NumericStateCondition, Tag("numeric_state")]
    | Annotated[TimeCondition, Tag("time")]
    | Annotated[SunCondition, Tag("sun")]
    | Annotated[AndCondition, Tag("and")]
    | Annotated[OrCondition, Tag("or")]
    | Annotated[NotCondition, Tag("not")],
    Discriminator(
        lambda v: tag_of(v, "condition"),
        custom_error_type="condition_kind",
        custom_error_message="a condition needs `condition:` set to state, numeric_state, "
        "time, sun, and, or or not",
    ),
]
Conditions = Annotated[list[Condition], BeforeValidator(as_list)]

# -- action steps -------------------------------------------------------------------------------


class Target(StrictModel):
    """The entities a service call acts on, by id or by area."""

    entity_id: Annotated[
        tuple[str, ...], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)
    ] = ()
    area_id: Annotated[
        tuple[str, ...], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)
    ] = ()


class ServiceStep(StrictModel):
    """A service call: `service: light.turn_on` (or `action:`), a target and data."""

    kind: Literal["service"] = "service"
    alias: str | None = None
    service: str = either("service", "action")
    target: Target = Field(default_factory=Target)
    entity_id: Annotated[
        tuple[str, ...], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)
    ] = ()
    data: dict[str, JsonValue] = Field(default_factory=dict)
    continue_on_error: bool = False

    @field_validator("service")
    @classmethod
    def _service(cls, value: str) -> str:
        split_service(value)  # raises ValueError with a readable message
        return value

    @model_validator(mode="after")
    def _has_target(self) -> ServiceStep:
        if not (self.entity_id or self.target.entity_id or self.target.area_id):
            raise ValueError(f"{self.service} names no entity: add target: {{entity_id: ...}}")
        return self


class DelayStep(StrictModel):
    """Wait: `delay: "00:05:00"`, seconds, or {minutes: 5}."""

    kind: Literal["delay"] = "delay"
    alias: str | None = None
    delay: Duration

    @field_validator("delay")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            raise ValueError("a delay cannot be negative")
        return value


class ChooseOption(StrictModel):
    """One branch of `choose`: its conditions, and the steps run when they all hold."""

    conditions: Conditions = either("conditions", "condition")
    sequence: Annotated[list[Step], BeforeValidator(as_list), Field(min_length=1)]


class ChooseStep(StrictModel):
    """Run the first option whose conditions hold, else `default`."""

    kind: Literal["choose"] = "choose"
    alias: str | None = None
    choose: Annotated[list[ChooseOption], BeforeValidator(as_list), Field(min_length=1)]
    default: Annotated[list[Step], BeforeValidator(as_list)] = Field(default_factory=list)


def _step_tag(value: object) -> str | None:
    if isinstance(value, dict):
        for key, tag in (("service", "service"), ("action", "service"), ("delay", "delay")):
            if key in value:
                return tag
        for key in ("choose", "condition"):
            if key in value:
                return key
        return None
    kind = getattr(value, "kind", None)
    return kind if kind in ("service", "delay", "choose") else "condition"


Step = Annotated[
    Annotated[ServiceStep, Tag("service")]
    | Annotated[DelayStep, Tag("delay")]
    | Annotated[ChooseStep, Tag("choose")]
    | Annotated[Condition, Tag("condition")],
    Discriminator(
        _step_tag,
        custom_error_type="step_kind",
        custom_error_message="an action step needs `service:` (or `action:`), `delay:`, "
        "`choose:` or `condition:`",
    ),
]
Steps = Annotated[list[Step], BeforeValidator(as_list), Field(min_length=1)]

# -- automations --------------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9_]+")


class Automation(StrictModel):
    """One automation: when (triggers), only if (conditions), do (action steps)."""

    id: str = ""
    alias: str = ""
    description: str = ""
    trigger: Annotated[list[Trigger], BeforeValidator(as_list), Field(min_length=1)] = either(
        "trigger", "triggers"
    )
    condition: Conditions = Field(
        default_factory=list, validation_alias=AliasChoices("condition", "conditions")
    )
    action: Steps = either("action", "actions")
    mode: Literal["single", "restart", "queued", "parallel"] = "single"
    max: int = Field(10, ge=1, le=1000)

    @model_validator(mode="after")
    def _identity(self) -> Automation:
        if not self.id:
            slug = _SLUG.sub("_", self.alias.lower()).strip("_")
            if not slug:
                raise ValueError("an automation needs an id or an alias")
            object.__setattr__(self, "id", slug)  # frozen: set once, while validating
        return self

    @property
    def name(self) -> str:
        """What people call it: the alias, else the id."""
        return self.alias or self.id


class AutomationsConfig(StrictModel):
    """The `automations:` section of hub.yaml (a bare list there is taken as `inline:`)."""

    enabled: bool = Field(True, description="Run automations at all.")
    folder: Path = Field(
        Path("automations.d"), description="Folder of automation YAML files; relative to hub.yaml."
    )
    inline: list[Automation] = Field(
        default_factory=list, description="Automations written in hub.yaml itself."
    )
    learn: bool = Field(True, description="Mine the event log for routines to suggest.")
    mine_every_h: float = Field(6.0, gt=0, le=24 * 7, description="Hours between mining runs.")
    history_days: int = Field(56, ge=7, le=730, description="Days of history mined.")

    @model_validator(mode="before")
    @classmethod
    def _bare_list(cls, value: object) -> object:
        return {"inline": value} if isinstance(value, list) else value


class AutomationFile(StrictModel):
    """What an automation file holds, once wrapped: a list of automations."""

    automations: list[Automation]


for _model in (AndCondition, OrCondition, NotCondition, ChooseOption, ChooseStep, Automation):
    _model.model_rebuild()
AutomationsConfig.model_rebuild()
AutomationFile.model_rebuild()
