# libreport: the portal under gunicorn; the same image runs the task worker.
#   docker compose up         (see docker-compose.yml and README.md)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF exports) needs Pango and fonts, CairoSVG (charts in the DOCX) Cairo;
# gettext is for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libcairo2 \
        fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not re-install them (packages = [] in
# pyproject.toml: `pip install .` installs the dependencies only).
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Translations (.mo files are committed; this only refreshes them) and static files,
# collected with WhiteNoise's compressed manifest storage (DEBUG off).
RUN DEBUG=false SECRET_KEY=build-only-not-secret \
        python manage.py compilemessages --ignore=.venv -v 0 \
    && DEBUG=false SECRET_KEY=build-only-not-secret \
        python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 1000 --home-dir /app libreport \
    && mkdir -p /app/media \
    && chown libreport /app/media
USER libreport

ENV DEBUG=false \
    MEDIA_ROOT=/app/media
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4).status != 200)"]

# Migrate, then serve. The worker service overrides the command (`manage.py worker`).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn libreport.wsgi -c gunicorn.conf.py"]
