"""Write one file of a front-end package exactly as package-lock.json pins it.

The pages serve their few front-end libraries (jsQR for the check-in desk's camera) from
planner/static/vendor/, never from a CDN. npm would fetch them, but for one tarball an image
build would then install node and npm first, minutes of apt. This reads the package's
version and integrity from the lock, fetches that tarball from the registry, refuses it
unless its digest is the locked one, and writes out the one file the pages load.

    python deploy/fetch_asset.py jsqr dist/jsQR.js planner/static/vendor/jsQR.js
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import tarfile
import urllib.request
from pathlib import Path

LOCK_FILE = Path(__file__).resolve().parent.parent / "package-lock.json"
DEFAULT_REGISTRY = "https://registry.npmjs.org"


class AssetError(Exception):
    """The lock does not name the package, or the registry's tarball is not the locked one."""


def locked_tarball(lock_file: Path, package: str) -> tuple[str, str]:
    """The tarball's address and the integrity the lock holds for it."""
    packages = json.loads(lock_file.read_text(encoding="utf-8"))["packages"]
    entry = packages.get(f"node_modules/{package}")
    if entry is None:
        raise AssetError(f"{lock_file.name} does not lock {package!r}")
    registry = os.environ.get("NPM_CONFIG_REGISTRY", DEFAULT_REGISTRY).rstrip("/")
    basename = package.rsplit("/", 1)[-1]
    url = entry.get("resolved") or f"{registry}/{package}/-/{basename}-{entry['version']}.tgz"
    return url, entry["integrity"]


def check_integrity(data: bytes, integrity: str) -> None:
    """Subresource-integrity form, as npm writes it: ``sha512-<base64 digest>``."""
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if actual != expected:
        raise AssetError(f"the tarball's {algorithm} is {actual}, the lock says {expected}")


def fetch_asset(package: str, member: str, destination: Path, lock_file: Path = LOCK_FILE) -> None:
    url, integrity = locked_tarball(lock_file, package)
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    check_integrity(data, integrity)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        extracted = archive.extractfile(f"package/{member}")
        if extracted is None:
            raise AssetError(f"{package} has no file {member}")
        content = extracted.read()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    partial.write_bytes(content)
    partial.replace(destination)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="the name package-lock.json locks, e.g. jsqr")
    parser.add_argument("member", help="the file inside the package, e.g. dist/jsQR.js")
    parser.add_argument("destination", type=Path)
    parser.add_argument("--lock", type=Path, default=LOCK_FILE)
    arguments = parser.parse_args(argv)
    try:
        fetch_asset(arguments.package, arguments.member, arguments.destination, arguments.lock)
    except AssetError as error:
        parser.exit(1, f"fetch_asset: {error}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
