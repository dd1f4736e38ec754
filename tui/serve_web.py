"""The web server of ``jamfkb serve``: textual-serve (the ``serve`` extra), one app process
per browser tab, each in the language its browser asks for.

textual-serve 1.1.3 runs one fixed command for every tab and builds the tab's
environment from the server's own; the browser's ``Accept-Language`` (sent with the
websocket handshake that starts a tab) reaches only ``Server.handle_websocket``. So
:class:`JamfkbServer` overrides that method to choose the command per tab. It mirrors
textual-serve 1.1.3's (the extra pins that version); only the command differs.

Its page template also links a web font from a third-party host; jamfkb works offline and
its page should not tell another host who opens it, so :meth:`JamfkbServer._make_app`
serves the same template without that link (the font ships in textual-serve's static
folder, and the terminal falls back to a local monospace font).
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from jamfkb.tui.serve import child_command, pick_lang

log = logging.getLogger("textual-serve")
INDEX_TEMPLATE = "app_index.html"
# A <link> element whose href leaves the server (http:, https: or protocol-relative).
EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*/?>", re.S)


def offline_index(templates: Path) -> str:
    """textual-serve's page template without links to other hosts."""
    return EXTERNAL_LINK.sub("", (templates / INDEX_TEMPLATE).read_text(encoding="utf-8"))


class JamfkbServer(Server):
    def __init__(self, *, host: str, port: int, public_url: str, content: Path | None,
                 lang: str | None) -> None:
        super().__init__(child_command(content, lang), host=host, port=port,
                         title="jamfkb", public_url=public_url)
        self.content = content
        self.lang = lang  # --lang: wins over every browser's header

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        loader = jinja2.DictLoader({INDEX_TEMPLATE: offline_index(self.templates_path)})
        aiohttp_jinja2.setup(app, loader=loader)  # replaces the file loader's environment
        return app

    def command_for(self, request: web.Request) -> str:
        lang = pick_lang(self.lang, request.headers.get("Accept-Language"))
        return child_command(self.content, lang)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve 1.1.3's handler, with :meth:`command_for` as the command."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                self.command_for(request),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure must not stop the server
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
