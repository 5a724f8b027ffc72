"""MQTT: Home Assistant discovery devices and the hub's own topics, over paho-mqtt/aiomqtt."""

from integrations.mqtt.config import MqttConfig, MqttTls
from integrations.mqtt.integration import MqttIntegration
from integrations.mqtt.topics import HubTopics

__all__ = ["HubTopics", "MqttConfig", "MqttIntegration", "MqttTls"]
