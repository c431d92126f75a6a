"""The one MetaData of the warehouse, alone so that tables can be declared in more than one
module (data.schema, data.schema_aggregates, data.schema_internal) without an import cycle.
Read it as `data.schema.metadata`."""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData()
