"""Strings of the indicators page."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
