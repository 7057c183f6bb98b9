"""Set-up of the hardening suite.

``tests/strategies.py`` holds the shared Hypothesis strategies; ``tests/`` is appended to the
import path here so ``import strategies`` works when this folder runs alone (pytest's
``pythonpath = ["tests"]`` in pyproject.toml would do the same for every folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.append(str(TESTS_DIR))
