"""``tremplin dashboard``: serve the council-workshop page on a local port.

The front-end files are put in Solara's asset cache first (from the npm registry, once), so the
page works without internet; Solara's usage telemetry is switched off.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

from tremplin.cli import integer
from tremplin.errors import UsageError

_port = integer("--port", 1, 65535)


def server_env(lang: str) -> dict[str, str]:
    """Environment of the Solara server: asset cache, no telemetry, start language."""
    from .assets import cache_dir

    env = dict(os.environ)
    env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(cache_dir())
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "false"
    # no "This website runs on Solara" badge over the charts' axes on a projector
    env["SOLARA_THEME_SHOW_BANNER"] = "false"
    # nor Solara's 12-line samesite-cookie warning for every page load over plain http
    # (app.py filters it too; this also covers a server that imports the app late)
    quiet = "ignore:Cookies with samesite=none require https:UserWarning"
    env["PYTHONWARNINGS"] = ",".join(w for w in (os.environ.get("PYTHONWARNINGS"), quiet) if w)
    env["TREMPLIN_LANG"] = lang
    return env


def server_command(port: int, host: str) -> list[str]:
    return [sys.executable, "-m", "solara", "run", "tremplin.dashboards.app", "--port",
            str(port), "--host", host, "--production", "--no-open"]


def cmd_dashboard(args) -> int:
    from .assets import ensure_assets

    ensure_assets()
    env = server_env(args.lang)
    print(f"tremplin dashboard: http://{args.host}:{args.port}/ (language {args.lang}; "
          "Ctrl-C stops it)", file=sys.stderr)
    proc = subprocess.Popen(server_command(args.port, args.host), env=env)
    try:
        rc = proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait()
        return 0
    if rc != 0:
        raise UsageError(f"dashboard: the Solara server stopped with status {rc} (is port "
                         f"{args.port} already in use? try --port)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to the ``tremplin`` parser."""
    p = sub.add_parser("dashboard", help="serve the council-workshop dashboard (Solara)",
                       description="Serve the council-workshop dashboard on a local port: "
                                   "levers in plain language, policy vs baseline on the same "
                                   "seeds, FR/EN. Works offline once the front-end assets "
                                   "are cached.")
    p.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    p.add_argument("--host", default="localhost", help="interface to listen on "
                   "(default localhost; 0.0.0.0 for the room's network)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr",
                   help="language of the page at start (switchable on the page)")
    p.set_defaults(func=cmd_dashboard)
