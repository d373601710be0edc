"""A CLI call loads only what it uses: ``status`` and ``--help`` stay clear of the heavy libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cache_factory import build_cache
from wijkdata.config import Settings

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("geopandas", "matplotlib", "sqlalchemy", "cbsodata", "requests", "shapely", "streamlit")


def loaded_after(code: str, data_dir: Path) -> set[str]:
    """The top-level modules loaded by ``code`` in a fresh interpreter (its stdout must be free for the list)."""
    script = f"import contextlib, io, json, sys\nwith contextlib.redirect_stdout(io.StringIO()):\n    {code}\n"
    script += "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    env = dict(os.environ, WIJKDATA_DATA_DIR=str(data_dir), WIJKDATA_CBS_URL="http://127.0.0.1:9")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_status_of_a_filled_cache_loads_no_heavy_library(tmp_path):
    build_cache(Settings(data_dir=tmp_path), (2023,))

    loaded = loaded_after("from wijkdata.cli import main; main(['status'])", tmp_path)

    assert "wijkdata" in loaded and not loaded & set(HEAVY)
    assert "pandas" not in loaded


@pytest.mark.parametrize("code", ["import wijkdata.cbs.sync", "import wijkdata.cbs.national", "import wijkdata.cli"])
def test_importing_the_pull_modules_is_cheap(tmp_path, code):
    loaded = loaded_after(code, tmp_path)

    assert not loaded & {*HEAVY, "pandas", "numpy", "pyarrow"}


def test_help_loads_no_pandas(tmp_path):
    loaded = loaded_after(
        "from wijkdata.cli import main\n    try:\n        main(['--help'])\n    except SystemExit:\n        pass", tmp_path
    )

    assert not loaded & {*HEAVY, "pandas", "numpy", "pyarrow"}
