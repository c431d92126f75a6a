"""Reusable pieces of pages (the map layers, legend and geometry live in map_*.py)."""
