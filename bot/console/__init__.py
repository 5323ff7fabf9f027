"""The web console (read-only): server-rendered pages on the aiohttp server of ``fmbot serve``, signed in
with a one-time link from chat (/登录). See bot/console/mount.py for how it is added to the server."""

from bot.console.mount import console_mount, mount_console

__all__ = ["console_mount", "mount_console"]
