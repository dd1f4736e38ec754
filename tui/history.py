"""Back/forward navigation history of the article pane: node IDs only, so it survives a
language switch and a reload."""

from __future__ import annotations

from collections import deque

MAX_HISTORY = 100


class History:
    def __init__(self, limit: int = MAX_HISTORY) -> None:
        self._back: deque[str] = deque(maxlen=limit)
        self._forward: deque[str] = deque(maxlen=limit)
        self.current: str | None = None

    def visit(self, node_id: str) -> None:
        """A new page: the current one goes on the back stack, forward is forgotten."""
        if node_id == self.current:
            return
        if self.current is not None:
            self._back.append(self.current)
        self._forward.clear()
        self.current = node_id

    def back(self) -> str | None:
        return self._move(self._back, self._forward)

    def forward(self) -> str | None:
        return self._move(self._forward, self._back)

    def _move(self, source: deque[str], target: deque[str]) -> str | None:
        if not source:
            return None
        if self.current is not None:
            target.append(self.current)
        self.current = source.pop()
        return self.current

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def forget_missing(self, exists: set[str]) -> None:
        """Drop IDs that no longer exist (after a content reload)."""
        self._back = deque((i for i in self._back if i in exists), maxlen=self._back.maxlen)
        self._forward = deque((i for i in self._forward if i in exists),
                              maxlen=self._forward.maxlen)
        if self.current is not None and self.current not in exists:
            self.current = None
