"""Editing one cell of a Streamlit data grid (glide-data-grid) as a person does.

The grid draws on a canvas: a click gives it the keyboard, the arrows walk to a cell and
Enter opens that cell's editor (``.gdg-input``: an input, a textarea for text). A click can
land while the grid is still settling after a rerun; then no editor opens. So the walk is
tried again, a few times, until the editor shows the value expected in that cell (a wrong
cell fails the test).

Each grid keeps its commits in the browser until "Apply changes" is pressed
(:func:`apply_edits`), so typing reruns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from playwright.sync_api import Locator, Page, expect

from ui.grid_form import APPLY_LABEL

TRIES = 3
EDITOR_WAIT_MS = 3_000


def open_cell_editor(page: Page, grid: Locator, keys: Sequence[str], value: str) -> Locator:
    """Click into ``grid``, press ``keys`` and Enter; the cell editor, checked to hold ``value``."""
    cell = page.locator(".gdg-input")  # input (numbers) or textarea (text)
    for attempt in range(TRIES):
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 60, box["y"] + 55)  # a cell of the first rows
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Enter")  # opens the cell's editor
        try:
            expect(cell).to_be_visible(timeout=EDITOR_WAIT_MS)
            break
        except AssertionError:
            if attempt == TRIES - 1:
                raise
            page.keyboard.press("Escape")
    expect(cell).to_have_value(value)
    return cell


def type_fast(page: Page, text: str) -> None:
    """Type ``text`` as a fast typist does: every key at once, no pause between them."""
    page.keyboard.type(text, delay=0)


HAND_MS = 300
"""A person's move from the last cell to the button: the grid has closed its cell editor."""


def apply_edits(page: Page, submit_key: str) -> None:
    """Press the grid's "Apply changes" (the button keyed ``submit_key``) as a person does:
    the pointer moves to the button, then clicks it."""
    button = page.locator(f".st-key-{submit_key}").get_by_role("button", name=APPLY_LABEL)
    button.scroll_into_view_if_needed()
    button.hover()
    page.wait_for_timeout(HAND_MS)
    button.click()
