"""Reusable pieces of pages: tables, KPI cards, controls, charts with table alternatives, notes.

The map components (map_*.py) belong to the map page and are built separately.
"""
