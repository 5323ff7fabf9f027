"""Channels: each turns a platform's updates into ``Inbound`` and renders ``Reply`` its own way."""
