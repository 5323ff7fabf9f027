"""The fmbot application: CLI, configuration, channels and the one composition root."""

__version__ = "0.1.0"
