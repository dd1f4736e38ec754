"""Jobs that must run one at a time: a render of the diagnosis, a refresh of the article.

Each is an async function run in a worker of its screen. A call made while it runs asks
for one more run afterwards (the newest state is drawn once, however many calls came).
These workers are never cancelled (no ``exclusive``): they mount and remove widgets, and
cancelling a task that awaits a removal cancels the removal's future under the app's own
message loop, which then stops (the app quits).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode


class SerialJobs:
    """``on_start`` runs when a job starts, ``on_idle`` when one ends (the screen lets a
    paused log scan go on once nothing is left to draw)."""

    def __init__(self, host: DOMNode, on_start: Callable[[], None],
                 on_idle: Callable[[], None]) -> None:
        self.host = host
        self.on_start = on_start
        self.on_idle = on_idle
        self._running: dict[str, bool] = {}  # name → run again when done

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(self, name: str, job: Callable[[], Awaitable[None]]) -> None:
        if name in self._running:
            self._running[name] = True
            return
        self._running[name] = False
        self.on_start()

        async def loop() -> None:
            try:
                while True:
                    self._running[name] = False
                    await job()
                    if not self._running.get(name):
                        break
            finally:
                self._running.pop(name, None)
                self.on_idle()

        self.host.run_worker(loop, group=name)
