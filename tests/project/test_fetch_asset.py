"""deploy/fetch_asset.py: the image and `make install` take jsQR from the tarball the lock pins,
and nothing else."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "fetch_asset.py"
spec = importlib.util.spec_from_file_location("fetch_asset", SCRIPT)
assert spec is not None and spec.loader is not None
fetch_asset = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch_asset)

LIBRARY = b"window.jsQR = function () { return null; };\n"


def _tarball(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        member = tarfile.TarInfo("package/dist/jsQR.js")
        member.size = len(content)
        archive.addfile(member, io.BytesIO(content))
    return buffer.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


@pytest.fixture
def registry(monkeypatch) -> Iterator[dict[str, bytes]]:
    """A registry on localhost serving whatever the test puts at a path."""
    served: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", f"http://127.0.0.1:{server.server_port}/")
    yield served
    server.shutdown()
    server.server_close()


def _lock(folder: Path, integrity: str) -> Path:
    lock = folder / "package-lock.json"
    packages = {"node_modules/jsqr": {"version": "1.4.0", "integrity": integrity}}
    lock.write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    return lock


def test_the_locked_tarball_gives_the_one_file(registry, tmp_path):
    tarball = _tarball(LIBRARY)
    registry["/jsqr/-/jsqr-1.4.0.tgz"] = tarball
    destination = tmp_path / "static" / "vendor" / "jsQR.js"
    lock = _lock(tmp_path, _integrity(tarball))

    assert fetch_asset.main(["jsqr", "dist/jsQR.js", str(destination), "--lock", str(lock)]) == 0

    assert destination.read_bytes() == LIBRARY
    assert sorted(path.name for path in destination.parent.iterdir()) == ["jsQR.js"]


def test_a_tarball_that_is_not_the_locked_one_is_refused_and_nothing_written(
    registry, tmp_path, capsys
):
    registry["/jsqr/-/jsqr-1.4.0.tgz"] = _tarball(b"alert('not jsQR');\n")
    destination = tmp_path / "jsQR.js"
    lock = _lock(tmp_path, _integrity(_tarball(LIBRARY)))

    with pytest.raises(SystemExit) as exit_:
        fetch_asset.main(["jsqr", "dist/jsQR.js", str(destination), "--lock", str(lock)])

    assert exit_.value.code == 1
    assert "the lock says" in capsys.readouterr().err
    assert not destination.exists()


def test_a_package_the_lock_does_not_name_is_refused(tmp_path):
    lock = _lock(tmp_path, _integrity(b""))
    with pytest.raises(fetch_asset.AssetError, match="does not lock 'qrcode'"):
        fetch_asset.fetch_asset("qrcode", "dist/qrcode.js", tmp_path / "q.js", lock)


def test_the_shipped_lock_pins_jsqr_by_sha512():
    url, integrity = fetch_asset.locked_tarball(fetch_asset.LOCK_FILE, "jsqr")
    assert url.endswith("/jsqr/-/jsqr-1.4.0.tgz")
    assert integrity.startswith("sha512-")
