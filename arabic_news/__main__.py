"""``python -m arabic_news``: the ``arabic-news`` command (see :mod:`arabic_news.cli`)."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
