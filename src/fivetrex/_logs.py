"""Opt-in logging: ``FIVETREX_LOG=debug`` (or ``info``) prints the ``fivetrex`` logger to stderr.

The library logs each request, response status, retry decision and throttle wait at
DEBUG on ``logging.getLogger("fivetrex")``; it never logs headers, bodies or secrets.
"""

from __future__ import annotations

import logging
import os

__all__ = ["setup_from_env"]

_configured = False


def setup_from_env() -> None:
    """Attach a stderr handler to the ``fivetrex`` logger when ``FIVETREX_LOG`` asks for it."""
    global _configured
    level_name = os.environ.get("FIVETREX_LOG", "").strip().upper()
    if _configured or level_name not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        return
    logger = logging.getLogger("fivetrex")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(getattr(logging, level_name))
    _configured = True
