"""MQTT: Home Assistant discovery devices and the hub's own topics, over paho-mqtt/aiomqtt."""

from integrations.mqtt.config import MqttConfig, MqttTls

__all__ = ["MqttConfig", "MqttTls"]
