"""The per-user folders of jamfkb: cache, config and data, one rule for all three.

``JAMFKB_CACHE_DIR`` / ``JAMFKB_CONFIG_DIR`` / ``JAMFKB_DATA_DIR`` win (tests, CI, a
shared machine); otherwise platformdirs gives the right place on Linux, macOS and
Windows, imported only when needed (it is not on the path of a cached start).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

Kind = Literal["cache", "config", "data"]


def user_dir(kind: Kind) -> Path:
    override = os.environ.get(f"JAMFKB_{kind.upper()}_DIR")
    if override:
        return Path(override)
    import platformdirs

    finder = {"cache": platformdirs.user_cache_dir, "config": platformdirs.user_config_dir,
              "data": platformdirs.user_data_dir}[kind]
    return Path(finder("jamfkb", appauthor=False))
