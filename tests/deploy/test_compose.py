"""The installation files hold what the README promises (Docker cannot run here: they are read, not started).

compose.yaml: the app in two or more replicas behind nginx, PostgreSQL with a health check and a
volume, the data folder on a shared volume, the sign-in secrets and the roles file mounted,
migrations first. Dockerfile: python:3.11-slim, a non-root user, the health check, /data.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HEALTH = "/_stcore/health"


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _joined(value: object) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def test_compose_runs_replicas_behind_a_sticky_proxy_on_postgres():
    services = _compose()["services"]
    assert set(services) == {"db", "migrate", "app", "proxy"}
    app, proxy, pg, migrate = services["app"], services["proxy"], services["db"], services["migrate"]

    assert app["deploy"]["replicas"] >= 2
    assert HEALTH in _joined(app["healthcheck"]["test"])
    assert "data:/data" in app["volumes"]
    env = app["environment"]
    assert env["WIJKDATA_DATA_DIR"] == "/data"
    assert env["WIJKDATA_DATABASE_URL"].startswith("postgresql+psycopg://") and "@db:5432/" in env["WIJKDATA_DATABASE_URL"]
    targets = {s["target"] for s in app["secrets"]}
    assert "/app/.streamlit/secrets.toml" in targets  # [auth] for st.login
    assert env["WIJKDATA_ROLLEN"] in targets  # the roles file is where the app looks for it
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"

    assert _joined(migrate["command"]) == "python -m deploy.migrate"
    assert migrate["environment"] == env  # the same database as the app
    assert "pg_isready" in _joined(pg["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in pg["volumes"])
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    assert HEALTH in _joined(proxy["healthcheck"]["test"])
    assert set(_compose()["volumes"]) == {"pgdata", "data"}
    files = {name: s["file"] for name, s in _compose()["secrets"].items()}
    assert files == {"streamlit_secrets": "./.streamlit/secrets.toml", "rollen": "./deploy/rollen.toml"}


def test_nginx_is_sticky_and_upgrades_the_websocket():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream wijkdata \{(.*?)\}", conf, re.S).group(1)
    assert re.search(r"^\s*(ip_hash|hash \$\S+ consistent);", upstream, re.M)
    assert "server app:8501" in upstream
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", conf, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    timeout = re.search(r"proxy_read_timeout (\d+)s;", stream)
    assert timeout and int(timeout.group(1)) >= 3600


def test_the_image_runs_as_a_user_with_a_health_check_and_data_on_a_volume():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert "pip install -r requirements.txt" in text
    user = re.search(r"^USER (\S+)$", text, re.M)
    assert user and user.group(1) not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*" + re.escape(HEALTH), text, re.M)
    assert 'VOLUME ["/data"]' in text and "WIJKDATA_DATA_DIR=/data" in text
    cmd = re.search(r"^CMD (\[.*?\])$", text, re.M | re.S).group(1)
    assert '"streamlit", "run", "app.py", "--server.address", "0.0.0.0"' in cmd
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"data/", ".git/", ".venv/", ".streamlit/secrets.toml"} <= set(ignored)


def test_the_readme_names_what_compose_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Installeren voor de hele gemeente", 1)[1].split("\n## ", 1)[0]
    for service in _compose()["services"]:
        assert f"`{service}`" in section, service
    assert "docker compose up -d" in section
    assert "docker compose run --rm app python -m wijkdata sync --alle --jaar 2024" in section
    assert "pg_dump" in section and "WIJKDATA_ROLLEN" in section and "secrets.toml" in section
    assert "benchmarks/load.py" in section
