"""Configuration read from the environment, with defaults that need no server."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

#: The languages of the interface, e-mails and packs: those the translations cover.
LANGUAGES = ("en", "fr", "ko")
#: Where the database (SQLite), secret key, packs and outbox live: ``PLANNER_INSTANCE_PATH``,
#: else ``instance/`` in the working directory at start (the checkout for `make run`; an
#: installed package has no checkout, and its own folder in site-packages is not for data).
INSTANCE_PATH = Path(os.environ.get("PLANNER_INSTANCE_PATH", "instance")).resolve()


def keep_files_private() -> None:
    """From now on, every file this process creates is its user's alone (0600, folders 0700):
    the SQLite database (and its journal), packs and run files (some written by pdfunite or
    zipfile, which take their mode from the umask), e-mails in the outbox, the broker's folder.
    A umask covers them all from their creation, where a chmod after each would leave a window
    and miss the files other programs write."""
    os.umask(0o077)


def default_secret_key(instance_path: str) -> str:
    """A random key kept in the instance folder, so sessions survive restarts without set-up.

    Written whole to a private temporary file, then linked to its name: the first process to
    link it wins, and no process ever reads a half-written or readable-by-others key."""
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=key_file.parent)
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return key_file.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_PATH / 'planner.db'}")
    # Heroku-style URLs and plain "postgresql://" both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's options for the database the configuration names (tests change it after
    ``Config`` has read the environment), the configuration's own winning."""
    options: dict[str, Any] = {}
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A server's connections can die between requests; a SQLite file's cannot. One that
        # does not answer fails a request in seconds, not when the system gives up (minutes).
        options["pool_pre_ping"] = True
        options["connect_args"] = {"connect_timeout": config["DATABASE_CONNECT_TIMEOUT"]}
    return {**options, **config["SQLALCHEMY_ENGINE_OPTIONS"]}


class Config:
    """Settings for a running deployment; tests pass overrides to ``create_app``."""

    def __init__(self) -> None:
        # Unset: create_app keeps a generated one in the instance folder.
        self.SECRET_KEY = os.environ.get("SECRET_KEY")
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}  # engine_options() adds to them
        # Seconds to wait for a database server to accept a connection.
        self.DATABASE_CONNECT_TIMEOUT = int(os.environ.get("PLANNER_DATABASE_CONNECT_TIMEOUT", 5))
        self.CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
        self.MAIL_URL = os.environ.get("MAIL_URL", "")
        # A pending message is the sweep's only after this long (its own task may be coming).
        self.OUTBOX_SWEEP_GRACE_SECONDS = float(
            os.environ.get("PLANNER_OUTBOX_SWEEP_GRACE_SECONDS", 60)
        )
        # The same default as ``make run`` gives its web server, worker and beat.
        self.PLANNER_BASE_URL = os.environ.get(
            "PLANNER_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
        )
        # Who invitations come from: the ORGANIZER of every iTIP message.
        self.PLANNER_ORGANISER_EMAIL = os.environ.get(
            "PLANNER_ORGANISER_EMAIL", "secretariat@assembly-planner.example"
        )
        self.PLANNER_ORGANISER_NAME = os.environ.get(
            "PLANNER_ORGANISER_NAME", "Network Secretariat"
        )
        self.INSTANCE_PATH = str(INSTANCE_PATH)
        # The network whose meetings these are: printed on packs and badges.
        self.PLANNER_NETWORK_NAME = os.environ.get(
            "PLANNER_NETWORK_NAME", "Asia-Pacific City Network"
        )
        # Where the secretariat works: "today" for the directory's current seats and a
        # member's standing is this zone's date (a meeting's own dates follow its zone).
        self.PLANNER_TIMEZONE = os.environ.get("PLANNER_TIMEZONE", "Asia/Seoul")
        # Built packs (a cache, safe to delete) and the files of bulk pack jobs: their folder
        # when STORAGE is local; unset: the instance folder's packs/.
        self.PACK_STORAGE = os.environ.get("PLANNER_PACK_STORAGE")
        # Days a finished bulk run's files (zip, print PDF, badges) are kept before deletion.
        self.PACK_RUN_RETENTION_DAYS = int(os.environ.get("PLANNER_PACK_RUN_RETENTION_DAYS", 7))
        # A run still under way after this long is given up (its worker is gone): it failed,
        # and no longer stops a new run of the meeting.
        self.PACK_RUN_TIMEOUT_MINUTES = int(os.environ.get("PLANNER_PACK_RUN_TIMEOUT_MINUTES", 60))
        # A run nothing has moved for this long lost its work (a worker killed, a queue
        # restarted): what remains is queued again (beat checks each minute).
        self.PACK_RUN_STALL_SECONDS = int(os.environ.get("PLANNER_PACK_RUN_STALL_SECONDS", 300))
        # Uploaded files (authority letters...): their folder when STORAGE is local (default:
        # the instance folder's uploads/), and the largest file taken. Upload routes accept
        # bodies this much larger than MAX_CONTENT_LENGTH.
        self.UPLOAD_STORAGE = os.environ.get("PLANNER_UPLOAD_STORAGE")
        # Where uploads, cached packs and run files live (planner.storage): "local", the two
        # folders above, for one host; or "s3", an S3-compatible bucket that every host
        # reaches. Unset endpoint, region or keys: boto3's own defaults (AWS, its
        # environment variables and credential files, an instance role).
        self.STORAGE = os.environ.get("PLANNER_STORAGE", "local")
        self.S3_BUCKET = os.environ.get("PLANNER_S3_BUCKET", "")
        self.S3_PREFIX = os.environ.get("PLANNER_S3_PREFIX", "")
        self.S3_ENDPOINT_URL = os.environ.get("PLANNER_S3_ENDPOINT_URL", "")
        self.S3_REGION = os.environ.get("PLANNER_S3_REGION", "")
        self.S3_ACCESS_KEY_ID = os.environ.get("PLANNER_S3_ACCESS_KEY_ID", "")
        self.S3_SECRET_ACCESS_KEY = os.environ.get("PLANNER_S3_SECRET_ACCESS_KEY", "")
        # "path" (bucket in the URL's path: MinIO, Ceph) or "virtual" (bucket in the host
        # name); unset: "path" with an endpoint URL, boto3's choice without.
        self.S3_ADDRESSING_STYLE = os.environ.get("PLANNER_S3_ADDRESSING_STYLE", "")
        self.UPLOAD_MAX_BYTES = int(os.environ.get("PLANNER_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
        # Meeting papers (documents.service): PDFs, often larger than a letter.
        self.PAPERS_MAX_BYTES = int(os.environ.get("PLANNER_PAPERS_MAX_BYTES", 30 * 1024 * 1024))
        # Largest accepted request body; bigger ones get 413 before any parsing.
        self.MAX_CONTENT_LENGTH = int(os.environ.get("PLANNER_MAX_CONTENT_LENGTH", 1024 * 1024))
        # Visa invitation letters: who signs them (and an optional image of the signature, a
        # PNG or JPEG file), the secretariat's address on the letterhead, who pays for what
        # (printed as is, in English and in Korean), and how many days after its meeting's
        # end a letter's passport data is erased (``flask planner erase-visa-data``).
        self.VISA_SIGNATORY_NAME = os.environ.get("PLANNER_VISA_SIGNATORY_NAME", "Lee Seo-yeon")
        self.VISA_SIGNATORY_TITLE = os.environ.get(
            "PLANNER_VISA_SIGNATORY_TITLE", "Secretary General"
        )
        self.VISA_SIGNATURE_IMAGE = os.environ.get("PLANNER_VISA_SIGNATURE_IMAGE", "")
        self.VISA_LETTERHEAD_ADDRESS = os.environ.get(
            "PLANNER_VISA_LETTERHEAD_ADDRESS",
            "110 Sejong-daero, Jung-gu, Seoul 04524, Republic of Korea",
        )
        self.VISA_PAYMENT_TEXT = os.environ.get(
            "PLANNER_VISA_PAYMENT_TEXT",
            "The Secretariat covers the participant's accommodation and meals during the "
            "meeting; international travel is paid by the participant's organisation.",
        )
        self.VISA_PAYMENT_TEXT_KO = os.environ.get(
            "PLANNER_VISA_PAYMENT_TEXT_KO",
            "회의 기간 중 숙박과 식사는 사무국이 부담하며, 국제 항공료는 참가자의 소속 기관이 "
            "부담합니다.",
        )
        self.VISA_ERASE_AFTER_DAYS = int(os.environ.get("PLANNER_VISA_ERASE_AFTER_DAYS", 30))
        self.API_TOKEN_TTL_HOURS = int(os.environ.get("PLANNER_API_TOKEN_TTL_HOURS", 24 * 30))
        # Operations: "json" writes every log line as one JSON object (with the request id);
        # a bearer token that /metrics then asks for (unset: /metrics is open).
        self.LOG_FORMAT = os.environ.get("PLANNER_LOG_FORMAT", "text")
        self.METRICS_TOKEN = os.environ.get("PLANNER_METRICS_TOKEN", "")
        # Sign-in throttling (auth.service.SignInThrottle): failed sign-ins allowed per client
        # address in the window, and the longest wait an account's failures impose.
        self.LOGIN_FAILURE_LIMIT = int(os.environ.get("PLANNER_LOGIN_FAILURE_LIMIT", 5))
        self.LOGIN_FAILURE_WINDOW_MINUTES = 15
        self.LOGIN_BACKOFF_MAX_SECONDS = int(
            os.environ.get("PLANNER_LOGIN_BACKOFF_MAX_SECONDS", 60)
        )
        # Behind reverse proxies: how many of them to trust for the client's address (their
        # X-Forwarded-For). Unset (0) behind a proxy, every client has the proxy's address and
        # one client's failures throttle everyone's sign-in. Never set it without a proxy that
        # overwrites the header: a client could then pick its own address.
        self.PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", 0))
        # A page session ends this long after its last request (and at sign-out).
        self.PERMANENT_SESSION_LIFETIME = timedelta(
            hours=float(os.environ.get("PLANNER_SESSION_HOURS", 8))
        )

        self.API_TITLE = "Assembly Planner"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.API_SPEC_OPTIONS = {
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        }
        self.BABEL_DEFAULT_LOCALE = "en"
        self.LANGUAGES = LANGUAGES
