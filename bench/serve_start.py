"""``jamfkb serve``: time from opening the page to a query box that takes typing.

One server (loopback, free port, its own cache folder); each run opens a new browser tab
(so textual-serve starts a new app process, as for every visitor) and measures from
``page.goto`` to:

* ``loaded``: the page and its script are loaded (``goto`` returns: the tab's websocket
  opens and its app process starts from there);
* ``painted``: the query box is on the screen the page draws;
* ``typing``: a key typed into the page (``x``) shows in the query box.

The screen is read as the browser test reads it (tests/serve/harness.py). The first run
compiles the bundled content into the empty cache and is reported apart ("cold"); the
others are what a visitor meets once the server has run once. Needs Chromium and the uv
group ``browser``:

    uv run --group browser python -m bench.serve_start [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from typing import Any

from tests.serve.harness import (
    VIEWPORT,
    TerminalMirror,
    chromium,
    focus_terminal,
    missing_browser_tools,
    served,
)

QUERY_ROW = re.compile(r"^│ x\s*│$", re.M)  # the query box's first row, holding "x"
TIMEOUT = 60.0
SETTLE_SECONDS = 1.0  # between runs: the last tab's app process ends, not competing


def one_run(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    try:
        page = context.new_page()
        mirror = TerminalMirror(page)
        start = time.perf_counter()
        page.goto(url)
        loaded = time.perf_counter() - start
        mirror.wait_for("Describe the problem", TIMEOUT, "the query box")
        painted = time.perf_counter() - start
        focus_terminal(page)
        page.keyboard.type("x")
        mirror.wait_for(lambda screen: bool(QUERY_ROW.search(screen)), TIMEOUT, "typed x")
        return {"loaded": loaded, "painted": painted, "typing": time.perf_counter() - start}
    finally:
        context.close()  # the tab's websocket closes: its app process ends


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs (default 7)")
    args = parser.parse_args()
    if (why := missing_browser_tools()) is not None:
        print(f"serve_start: skipped: {why}")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, JAMFKB_CACHE_DIR=folder, JAMFKB_CONFIG_DIR=folder)
        with served("--lang", "en", env=env) as url, chromium() as browser:
            cold = one_run(browser, url)
            warm = []
            for _ in range(args.runs):
                time.sleep(SETTLE_SECONDS)
                warm.append(one_run(browser, url))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")
    print(f"cold (first tab, content compiled): loaded {cold['loaded']:.2f} s, "
          f"painted {cold['painted']:.2f} s, typing {cold['typing']:.2f} s")
    for key in ("loaded", "painted", "typing"):
        values = [run[key] for run in warm]
        print(f"warm x{len(values)} {key}: median {statistics.median(values):.2f} s "
              f"(min {min(values):.2f}, max {max(values):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
