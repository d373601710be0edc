"""The README's *Prestaties* section names every benchmark script, so the figures can be reproduced."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_benchmark_script_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Prestaties", 1)[1].split("\n## ", 1)[0]
    scripts = sorted(
        p.name
        for p in (ROOT / "benchmarks").glob("*.py")
        if not p.name.startswith("_") and 'if __name__ == "__main__"' in p.read_text(encoding="utf-8")
    )
    assert "cbs_pull.py" in scripts and "load.py" in scripts
    assert [s for s in scripts if f"benchmarks/{s}" not in section] == []
