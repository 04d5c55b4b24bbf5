"""The settings live in core/settings.py, below every layer that reads them;
the application imports them from here as it always has."""

from tsunagari.core.settings import DEFAULT_STORE, ROOT, SETTINGS, Settings, settings

__all__ = ["DEFAULT_STORE", "ROOT", "SETTINGS", "Settings", "settings"]
