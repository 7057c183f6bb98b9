"""Storage: mailbox growth against plan quotas, and in-house disk needed and installed."""

from __future__ import annotations

import streamlit as st

from ui.figures import mailbox_figure, storage_capacity_figure
from ui.formats import plain
from ui.tables import storage_table
from ui.views.common import chart
from ui.views.context import ViewContext


def render(ctx: ViewContext) -> None:
    r = ctx.results
    chart(mailbox_figure(r, ctx.scenario.plans, ctx.colours), key="chart:storage:mailbox")
    chart(storage_capacity_figure(r), key="chart:storage:capacity")
    notes = {
        label: [n for n in notes if "mailbox" in n or "archive" in n]
        for label, notes in r.warnings.items()
    }
    for label, items in notes.items():
        if items:
            st.warning(plain(f"{label}: {'; '.join(items)}."))
    st.dataframe(storage_table(r), hide_index=True, key="table:storage:years")
    st.caption(
        "Mailbox on disk follows Microsoft's Exchange sizing method (mailbox plus deleted-item "
        "dumpster). Disk needed counts every database copy, logs, content index and free "
        "space; disk is bought in steps, so installed capacity rises in stairs."
    )
