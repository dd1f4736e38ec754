"""Cold start: a minimal Textual app vs jamfkb, to the first interactive screen and to ready.

Each run is a fresh headless subprocess. Every program prints wall-clock milestones
(``time.time()``) on stderr; they are measured from just before the spawn:

* baseline: a Textual app with one focused Input; once it is painted, a key is typed and
  the milestone ``interactive`` is printed when the typed character is on screen;
* jamfkb (``bench/probe.py``, a subclass of the app, started through ``cli.main`` as
  ``jamfkb --lang en`` starts the app): the same probe on the query box gives
  ``interactive`` (the knowledge base may still be loading in its worker), and
  ``ready`` is printed once the knowledge base and the engine are loaded.

The bundled content is compiled once beforehand (warm artifact cache in a temp folder),
as on a user's machine after the first start. Prints medians and both ratios.

    python bench/startup.py [--runs 7] [--content DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import sys, time
from textual import events
from textual.app import App
from textual.widgets import Input

class Minimal(App):
    def compose(self):
        yield Input()

    def on_mount(self):
        self.query_one(Input).focus()
        self.call_after_refresh(self.probe)

    def probe(self):
        self.post_message(events.Key("x", "x"))
        self.call_after_refresh(self.check)

    def check(self):
        if self.query_one(Input).value != "x":
            self.call_after_refresh(self.check)
            return
        sys.stderr.write(f"interactive {time.time():.6f}\\n")
        self.exit()

Minimal().run(headless=True)
"""


def time_run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawn to each milestone the child printed, plus ``exit``."""
    start_wall = time.time()
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    marks = {"exit": elapsed}
    for line in done.stderr.splitlines():
        name, _, value = line.partition(" ")
        if name in ("interactive", "ready"):
            marks[name] = float(value) - start_wall
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--content", help="content folder (default: the bundled content)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, JAMFKB_CACHE_DIR=str(Path(tmp) / "cache"),
                   JAMFKB_CONFIG_DIR=str(Path(tmp) / "config"), JAMFKB_HEADLESS="1")
        # Any non-empty value (even "0") stops Python from writing bytecode: every run
        # would then compile the modules edited since the last cache, as no user does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        jamfkb = [sys.executable, "-m", "bench.probe", "--lang", "en"]
        if args.content:
            jamfkb += ["--content", args.content]
        baseline = [sys.executable, "-c", BASELINE]
        time_run(jamfkb, env)  # warm the artifact cache and the bytecode
        time_run(baseline, env)
        base, inter, ready, app_exit = [], [], [], []
        for _ in range(args.runs):
            base.append(time_run(baseline, env)["interactive"])
            marks = time_run(jamfkb, env)
            if "interactive" not in marks or "ready" not in marks:
                raise SystemExit(f"jamfkb printed no milestones: {marks}")
            inter.append(marks["interactive"])
            ready.append(marks["ready"])
            app_exit.append(marks["exit"])
    b, a, r = (statistics.median(x) for x in (base, inter, ready))
    print(f"runs: {args.runs}")
    print(f"minimal Textual app, spawn to first frame + typed key shown:  median "
          f"{b * 1000:7.1f} ms")
    print(f"jamfkb, spawn to ready for input (query box, typed key shown): median "
          f"{a * 1000:7.1f} ms")
    print(f"jamfkb, spawn to engine loaded (knowledge base + engine):      median "
          f"{r * 1000:7.1f} ms")
    print(f"jamfkb, spawn to process exit:                                 median "
          f"{statistics.median(app_exit) * 1000:7.1f} ms")
    print(f"ratio (a) interactive / minimal: {a / b:.2f}")
    print(f"ratio (b) engine loaded / minimal: {r / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
