"""One module per flow or group of commands; each exposes its Command(s)."""
