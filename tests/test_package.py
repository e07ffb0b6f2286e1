"""The package as users get it: public surface, light import, shipped data files."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import arabic_news

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "arabic_news" / "data"

PUBLIC = {
    "PROFILES",
    "ArabicNewsError",
    "Article",
    "DataFileError",
    "Entity",
    "EntityGroup",
    "InputTypeError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "Normalizer",
    "OffsetMap",
    "RecordError",
    "Section",
    "UnknownOptionError",
    "UnknownProfileError",
    "__version__",
    "analyze",
    "analyze_many",
    "extract_entities",
    "group_entities",
    "normalize",
    "normalize_with_offsets",
    "segment",
    "segment_html",
}


def test_public_surface_is_what_we_meant() -> None:
    assert set(arabic_news.__all__) == PUBLIC

    # isort-style order, as ruff's RUF022 keeps it: CONSTANTS, Classes, functions
    def key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)

    assert list(arabic_news.__all__) == sorted(arabic_news.__all__, key=key)
    for name in arabic_news.__all__:
        assert getattr(arabic_news, name) is not None
    with pytest.raises(AttributeError):
        _ = arabic_news.no_such_name  # type: ignore[attr-defined]


def test_error_hierarchy_inherits_builtins() -> None:
    from arabic_news import errors

    assert issubclass(errors.InputTypeError, TypeError)
    assert issubclass(errors.UnknownProfileError, ValueError)
    assert issubclass(errors.DataFileError, ValueError)
    assert issubclass(errors.MissingDependencyError, ImportError)
    assert issubclass(errors.ModelNotFoundError, LookupError)
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.ArabicNewsError)
    err = errors.MissingDependencyError("pandas", "pandas", "analyze_frame()")
    assert "pip install 'arabic-news[pandas]'" in str(err)


def test_import_is_light() -> None:
    code = (
        "import sys, arabic_news; "
        "heavy = ('camel_tools', 'torch', 'transformers', 'pandas', 'dask', 'numpy'); "
        "print([m for m in sys.modules if m.split('.')[0] in heavy])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_bundled_example_is_the_users_sample() -> None:
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    if not seed.is_file():
        pytest.skip("../shared is not beside the checkout")
    assert (ROOT / "examples" / "article.txt").read_bytes() == seed.read_bytes()


def test_py_typed_is_shipped() -> None:
    assert (ROOT / "arabic_news" / "py.typed").is_file()


@pytest.mark.slow
def test_every_data_file_is_in_the_wheel_and_loads_from_the_installed_package(
    tmp_path: Path,
) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("arabic_news-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file())
    assert shipped, "no data files found"
    missing = [n for n in shipped if f"arabic_news/data/{n}" not in names]
    assert missing == []
    assert "arabic_news/py.typed" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); "
        "import arabic_news; from arabic_news import _resources; "
        "assert arabic_news.__file__.startswith(sys.argv[1]), arabic_news.__file__; "
        "names = json.loads(sys.argv[2]); "
        "sizes = {n: len(_resources.read_bytes(n)) for n in names}; "
        "[_resources.load_json(n) for n in names if n.endswith('.json')]; "
        "print(json.dumps(sizes))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code, str(target), json.dumps(shipped)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    sizes = json.loads(out)
    assert set(sizes) == set(shipped)
    assert all(size > 0 for size in sizes.values())
