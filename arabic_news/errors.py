"""One error hierarchy for arabic_news.

Every error the library raises on purpose derives from :class:`ArabicNewsError`;
leaves also inherit the matching builtin so that ``except ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = [
    "ArabicNewsError",
    "DataFileError",
    "InputTypeError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "UnknownOptionError",
    "UnknownProfileError",
]


class ArabicNewsError(Exception):
    """Base class of every error raised by arabic_news."""


class InputTypeError(ArabicNewsError, TypeError):
    """The input is not a ``str`` (``bytes`` must be decoded first)."""

    def __init__(self, value: object, what: str = "text") -> None:
        self.type_name = type(value).__name__
        if isinstance(value, bytes | bytearray | memoryview):
            msg = (
                f"{what} must be str, got {self.type_name}: decode it first, "
                "e.g. data.decode('utf-8')"
            )
        else:
            msg = f"{what} must be str, got {self.type_name}"
        super().__init__(msg)


class UnknownProfileError(ArabicNewsError, ValueError):
    """A normalization profile name that does not exist."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown normalization profile {name!r}; known: {', '.join(known)}")


class UnknownOptionError(ArabicNewsError, ValueError):
    """An option name or value that a stage does not accept."""


class DataFileError(ArabicNewsError, ValueError):
    """A shipped data file is missing or fails its load-time checks."""


class MissingDependencyError(ArabicNewsError, ImportError):
    """An optional dependency is not installed; the message names the extra."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs {package}, which is not installed: pip install 'arabic-news[{extra}]'"
        )


class ModelNotFoundError(ArabicNewsError, LookupError):
    """An optional backend is installed but its model data is not."""
