# Wijkdata as a container: the Streamlit app on port 8501, the data folder on the /data volume.
# Built and run by compose.yaml (two or more replicas behind nginx, PostgreSQL); see README,
# "Installeren voor de hele gemeente".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WIJKDATA_DATA_DIR=/data

WORKDIR /app

# Dependencies first: a code change does not reinstall them.
COPY requirements.txt ./
RUN python -m pip install -r requirements.txt

COPY . .

# A user without rights on the code; only the data folder is its own. A new named volume on
# /data takes over this ownership.
RUN useradd --uid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin wijkdata \
    && mkdir -p /data \
    && chown wijkdata /data
USER wijkdata
VOLUME ["/data"]

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# .streamlit/config.toml listens on 127.0.0.1 by default; in the container the proxy must reach it.
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
