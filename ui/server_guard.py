"""Refuse the browser's ``clear_cache`` message: one visitor must not empty everyone's caches.

Streamlit (1.67) clears ``st.cache_data`` and ``st.cache_resource`` for the whole process
when any browser sends a ``clear_cache`` BackMsg on the websocket
(``AppSession.handle_backmsg`` -> ``_handle_clear_cache_request``). The menu item that sends
it is hidden (``client.toolbarMode = "viewer"``), but hiding it does not stop a client that
writes the message itself, and no configuration option turns the handler off. The caches
hold every visitor's projections, simulations and reports, so one such message makes every
page recompute (a cached page then took 10 s instead of 0.5 s under load).

:func:`refuse_cache_clearing` replaces that one handler with one that logs and does nothing.
It runs when the ``ui`` package is imported, which is the first thing ``app.py`` does, before
anything can be cached. The caches still empty themselves by their own limits
(``max_entries``), and a restart clears them. Check this patch when upgrading Streamlit:
``tests/hardening/test_load_limits.py`` fails if the handler moves or is renamed.
"""

from __future__ import annotations

import logging

from streamlit.runtime.app_session import AppSession

_LOG = logging.getLogger(__name__)
HANDLER = "_handle_clear_cache_request"
"""The AppSession method Streamlit calls for a ``clear_cache`` BackMsg."""


def _refuse_clear_cache(self: AppSession) -> None:
    """The replacement handler: log, clear nothing."""
    _LOG.warning("refused a clear_cache message from a browser: the caches serve every user")


def refuse_cache_clearing() -> None:
    """Make AppSession ignore ``clear_cache`` messages (idempotent)."""
    if not hasattr(AppSession, HANDLER):
        raise RuntimeError(f"streamlit's AppSession has no {HANDLER}: review ui/server_guard.py")
    setattr(AppSession, HANDLER, _refuse_clear_cache)
