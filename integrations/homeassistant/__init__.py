"""Home Assistant: areas and entities of a real server over its websocket API (aiohttp)."""

from integrations.homeassistant.config import EntityFilter, HomeAssistantConfig
from integrations.homeassistant.integration import HomeAssistantIntegration
from integrations.homeassistant.wsclient import HomeAssistantAuthError

__all__ = [
    "EntityFilter",
    "HomeAssistantAuthError",
    "HomeAssistantConfig",
    "HomeAssistantIntegration",
]
