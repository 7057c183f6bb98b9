"""Fixtures of the app tests: a fresh AppTest of app.py, with caches cleared.

Unexpected exceptions are let through (``PLANNER_APP_STRICT=1``) so a bug shows up in
``at.exception`` instead of being turned into a friendly message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import STRICT_ENV

APP_FILE = Path(__file__).resolve().parents[2] / "app.py"
RUN_TIMEOUT_S = 60.0


@pytest.fixture(autouse=True)
def _strict_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(STRICT_ENV, "1")
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def new_app() -> Callable[[], AppTest]:
    """Make an AppTest of app.py (not yet run)."""

    def make() -> AppTest:
        return AppTest.from_file(str(APP_FILE), default_timeout=RUN_TIMEOUT_S)

    return make


@pytest.fixture
def app(new_app: Callable[[], AppTest]) -> AppTest:
    """app.py after its first run, on the default preset."""
    at = new_app().run()
    assert not at.exception, at.exception
    return at
