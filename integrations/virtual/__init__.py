"""The built-in virtual home: simulates every entity of a home file."""

from integrations.virtual.config import VirtualConfig
from integrations.virtual.home import VirtualHome
from integrations.virtual.homefile import REFERENCE_HOME, HomeFile, load_home, parse_home

__all__ = ["REFERENCE_HOME", "HomeFile", "VirtualConfig", "VirtualHome", "load_home", "parse_home"]
