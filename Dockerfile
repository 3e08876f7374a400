# Assembly Planner: one image for every process of docker-compose.yml
# (web on gunicorn, Celery worker and beat, the one-shot migrate job).

# The pages' front-end libraries (jsQR for the check-in desk's camera) are not in git: the
# tarball package-lock.json pins is fetched and checked against its integrity in a stage of
# its own, so that only the one file the pages load reaches the image.
FROM python:3.11-slim AS assets
WORKDIR /assets
COPY package-lock.json ./
COPY deploy/fetch_asset.py ./deploy/
RUN python deploy/fetch_asset.py jsqr dist/jsQR.js jsQR.js

FROM python:3.11-slim

# The code runs from the installed package in site-packages (templates, migrations, catalogs and
# fonts travel inside it); /app holds only the instance folder.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FLASK_APP=planner \
    PLANNER_INSTANCE_PATH=/app/instance

# poppler-utils: pdfunite joins the print PDF of a bulk pack run.
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils \
    && rm -rf /var/lib/apt/lists/*

# A home of its own: gunicorn keeps its control socket in ~/.gunicorn.
RUN groupadd --system --gid 10001 planner \
    && useradd --system --uid 10001 --gid planner --create-home --home-dir /home/planner \
        --shell /usr/sbin/nologin planner

WORKDIR /src

# Dependencies first, in their own layer: with only pyproject.toml present there is no package
# to find yet, so this installs the pinned dependencies (no dev extras) and an empty shell of
# the project. A change to the code then reuses this layer.
COPY pyproject.toml ./
RUN pip install . && rm -rf build ./*.egg-info

# The catalogs are compiled before the install, which copies the .mo files into the package;
# the source is then removed, so nothing can run from it by accident.
COPY planner ./planner
COPY --from=assets /assets/jsQR.js ./planner/static/vendor/jsQR.js
RUN pybabel compile -d planner/translations \
    && pip install --no-deps . \
    && cd / && rm -rf /src \
    && install -d -m 0700 -o planner -g planner /app/instance

WORKDIR /app

# Numeric, so platforms that insist on a non-root uid can check it.
USER 10001:10001
EXPOSE 8000

CMD ["gunicorn", "-c", "python:planner.gunicorn_conf", "-w", "2", "-b", "0.0.0.0:8000", "planner:create_app()"]
