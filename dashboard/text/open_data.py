"""Strings of the open_data page."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
