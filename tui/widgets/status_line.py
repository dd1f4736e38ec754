"""The status line at the top: the app's name, the language, what is loaded, and the news
(loading, a scan's progress, the log the causes come from), shortened to fit."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from jamfkb.tui.safe_text import safe_line


def fit_status(title: str, lang: str, counts: str, news: str, width: int) -> str:
    """The status line, shortened to fit ``width`` cells: the counts go first, then the
    subtitle of the app's name; ``news`` (loading, the scan, the log the causes come
    from) is what matters most and stays (cut at the end if it still does not fit)."""
    short_title = title.split(" · ")[0]
    candidates = ([title, lang, counts, news], [title, lang, news], [short_title, lang, news])
    lines = [" │ ".join(p for p in parts if p) for parts in candidates]
    if width <= 0:
        return lines[0]  # not laid out yet
    return next((line for line in lines if Content(line).cell_length <= width), lines[-1])


class StatusLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, title: str, lang: str, counts: str, news: str) -> None:
        """What fits depends on the width: the screen calls this again on a resize."""
        news = safe_line(news, 300)  # names the log file: untrusted
        self.update(Content(fit_status(title, lang, counts, news, self.content_size.width)))
