"""The one error of the query layer (data.queries, data.keyset): a request it refuses.
The API turns it into a 4xx answer (api.errors) with `code` and `param`."""

from __future__ import annotations


class QueryError(ValueError):
    """A request the query layer refuses; `param` names the offending parameter."""

    def __init__(self, message: str, param: str | None = None, code: str = "invalid_parameter"):
        super().__init__(message)
        self.param = param
        self.code = code
