"""Errors the hub raises on purpose; their messages are shown to people as they are."""

from __future__ import annotations


class HubError(Exception):
    """Base of the hub's own errors."""


class ConfigError(HubError):
    """The configuration is invalid; `errors` holds one "FILE:LINE: path: message" per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class UnknownEntityError(HubError):
    """A call named an entity the registry does not know."""


class UnknownServiceError(HubError):
    """A call named a service the entity's domain does not offer."""


class InvalidCallError(HubError):
    """A call's data is missing, out of range, or not supported by the entity."""


class IntegrationError(HubError):
    """An integration could not carry out a call (device or server unreachable, refused)."""
