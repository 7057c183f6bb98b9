"""The headline (and a tab's first chart) reach the browser before the charts
below them, with a pause between, so the browser paints them first.

The pause itself is timing, measured by ``benchmarks/bench_browser.py`` (never asserted
here); these tests pin where it sits and that it waits only with a browser attached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.views import common, overview, uncertainty

PAUSE = "(the paint pause)"


def _mark_pause(monkeypatch: pytest.MonkeyPatch, module: Any) -> None:
    """Replace the view's pause by a caption marking where it ran."""
    monkeypatch.setattr(module, "let_the_browser_paint", lambda: common.st.caption(PAUSE))


def _order(at: AppTest, tab: int) -> list[str]:
    """The tab's elements in page order: metrics by label, charts by key, the marker."""
    out = []
    for node in at.tabs[tab].children.values():
        for element in _walk(node):
            kind = element.type
            if kind == "metric":
                out.append(f"metric:{element.label}")
            elif kind == "plotly_chart":
                out.append(str(element.key))
            elif kind == "caption" and element.value == PAUSE:
                out.append(PAUSE)
    return out


def _walk(node: Any) -> list[Any]:
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [leaf for child in children.values() for leaf in _walk(child)]


def test_the_overview_pauses_after_the_headline_before_its_charts(
    monkeypatch: pytest.MonkeyPatch, new_app: Callable[[], AppTest]
) -> None:
    _mark_pause(monkeypatch, overview)
    order = _order(new_app().run(), 0)
    pause = order.index(PAUSE)
    assert order.count(PAUSE) == 1
    assert "metric:In-house TCO" in order[:pause]
    assert {"chart:overview:cumulative", "chart:overview:loaded_cost"} <= set(order[pause:])
    assert not [o for o in order[:pause] if o.startswith("chart:")]


def test_the_monte_carlo_pauses_after_its_first_chart(
    monkeypatch: pytest.MonkeyPatch, new_app: Callable[[], AppTest]
) -> None:
    _mark_pause(monkeypatch, uncertainty)
    at = new_app().run()
    at.session_state["view"] = "Uncertainty"
    at.run()
    order = _order(at, [t.label for t in at.tabs].index("Uncertainty"))
    assert [o for o in order if o.startswith("chart:") or o == PAUSE] == [
        "chart:uncertainty:tco",
        PAUSE,
        "chart:uncertainty:cheapest",
    ]


class _Context:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers


@pytest.mark.parametrize(("headers", "slept"), [({}, []), ({"Host": "localhost"}, [0.06])])
def test_the_pause_waits_only_with_a_browser_attached(
    monkeypatch: pytest.MonkeyPatch, headers: dict[str, str], slept: list[float]
) -> None:
    """AppTest sessions carry no request headers: nothing to paint, no pause."""
    calls: list[float] = []
    monkeypatch.setattr(common.time, "sleep", calls.append)
    monkeypatch.setattr(common.st, "context", _Context(headers))
    common.let_the_browser_paint()
    assert calls == slept
    assert common.PAINT_PAUSE_S == 0.06
