"""The app tests run with unexpected exceptions let through and caches cleared
(fixtures ``strict_app``, ``new_app`` and ``app`` live in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _strict_app(strict_app: None) -> None:
    """Every app test runs strict (see ``strict_app``)."""
