"""Start the web app from Streamlit's own command line, in this process.

``planner app`` works out the ``streamlit run`` arguments (:func:`planner.cli.app.app_command`:
the bundled app script and the ``.streamlit/config.toml`` settings as flags) and hands them
here through the ``exchange_cost_planner.launchers`` entry point, so that ``planner/`` never
imports Streamlit. No child process is started and nothing is executed from a string: Ctrl+C
and a service manager's signals reach the server directly.
"""

from __future__ import annotations

from collections.abc import Sequence


def launch(arguments: Sequence[str]) -> int:
    """Run ``streamlit <arguments>`` (``run <script> <flags>``); Streamlit exits the process
    itself when the server stops."""
    from streamlit.web import cli as streamlit_cli

    streamlit_cli.main(args=list(arguments), prog_name="streamlit")
    return 0
