"""arabic_news: raw Arabic news text in, structured data out."""

from __future__ import annotations

__version__ = "0.1.0"
