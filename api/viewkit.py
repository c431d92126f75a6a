"""`@publication_view`: the steps every data view of the API takes, in one order.

    look up the dataset -> check the parameters -> negotiate the format -> parse the query
    -> require a publication -> answer 304 if the client holds this representation -> view

so a view function only says what it produces. The decorated function receives a `Call`
(format, publication, parsed query, dataset) and the other URL arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Response, request

from api.context import published
from api.errors import ApiError
from api.formats import FORMATS, Format, accepts_json, negotiate
from api.http import publication_bound
from api.params import check_known
from data.catalog import Dataset
from data.queries import get_dataset
from webcore.cache import Publication, current_publication


@dataclass(frozen=True)
class Call:
    fmt: Format
    pub: Publication
    query: Any = None  # what the `params` parser returned
    dataset: Dataset | None = None


Parser = Callable[[Format, Dataset | None], Any]
FormatChoice = Sequence[str] | Callable[[Dataset], Sequence[str]]


def publication_view(
    *,
    formats: FormatChoice | None = ("json",),
    params: Sequence[str] | None = (),
    parse: Parser | None = None,
    media_type: str = "application/json",
    extensions: Sequence[str] | None = None,
    etag_per_format: bool = False,
    needs_publication: bool = True,
) -> Callable[..., Callable[..., Response]]:
    """Wrap a view that answers from the current publication only.

    formats: the output formats offered (the first is the default), or a function of the
        dataset; None: the view answers `media_type` only (406 otherwise).
    params: the query parameters accepted (400 for any other); None when `parse` checks
        them (they depend on the dataset).
    parse: `(format, dataset) -> query`, run after negotiation (400s name the parameter).
    extensions: the `.<ext>` URL suffixes accepted (404 for any other).
    etag_per_format: representations of one URL differ by format (their ETags must too).
    needs_publication: 503 while nothing is published (not for the docs and the index).
    A `dataset_id` URL argument is looked up first (404, or 410 for a retired id).
    """

    def decorate(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def wrapper(**kwargs: Any) -> Response:
            dataset = get_dataset(kwargs.pop("dataset_id")) if "dataset_id" in kwargs else None
            ext = kwargs.pop("ext", None)
            if ext is not None and ext not in (extensions or ()):
                raise ApiError(
                    404,
                    f"unknown format extension '.{ext}'; use one of: "
                    + ", ".join(f".{n}" for n in extensions or ()),
                )
            if params is not None:
                check_known(request.args, tuple(params))
            if formats is None:
                accepts_json(request, media_type)
                fmt = FORMATS["json"]
            else:
                if callable(formats):
                    assert dataset is not None, "formats of a dataset need a dataset_id"
                    offered = formats(dataset)
                else:
                    offered = formats
                fmt = negotiate(request, list(offered), ext)
            query = parse(fmt, dataset) if parse is not None else None
            pub = published() if needs_publication else current_publication()
            if (early := publication_bound(fmt.name if etag_per_format else "")) is not None:
                return early
            return view(Call(fmt, pub, query, dataset), **kwargs)

        return wrapper

    return decorate
