"""A failed ETL command says where it failed, at ERROR, without any value from the data."""

from __future__ import annotations

import logging

import pytest

from etl import cli


def _boom(_args: object) -> int:
    try:
        int("870101300123x")  # a library error that quotes the raw value
    except ValueError as exc:
        raise RuntimeError("wrapped") from exc
    return 0


def test_failure_is_logged_at_error_with_frames_and_no_value(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = cli.build_parser()
    args = parser.parse_args(["status"])
    args.handler = _boom
    monkeypatch.setattr(
        cli,
        "build_parser",
        lambda: type("P", (), {"parse_args": staticmethod(lambda argv: args)})(),
    )
    with caplog.at_level(logging.INFO, logger="etl"):
        assert cli.main(["status"]) == 1
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors, "the failure reaches the log at ERROR"
    text = caplog.text + capsys.readouterr().err
    assert "_boom" in text and "ValueError raised at" in text
    assert "870101300123" not in text
