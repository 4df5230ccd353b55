"""The dashboard's front-end files, served by the app itself so it works offline.

Solara's server answers ``/_solara/cdn/<package>@<version>/<file>`` from its asset cache folder
and otherwise downloads the file from a public CDN, which a council room cannot rely on (and
these machines cannot reach). We fill that folder once from the npm registry: each package's
tarball holds the files at the same paths as the CDN does. ``tremplin dashboard``, ``make
assets`` and the browser tests all call ``ensure_assets()``, so nothing installed by hand is
needed. Folder names are the versions Solara asks for (``vega@5``), filled from pinned
releases that are known to work.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tremplin.errors import TremplinError

# (folder Solara requests, npm package@version that fills it); solara 1.64 with ipyvue 1.x
ASSETS: tuple[tuple[str, str], ...] = (
    ("@widgetti/solara-vuetify-app@10.1.1", "@widgetti/solara-vuetify-app@10.1.1"),
    ("requirejs@2.3.6", "requirejs@2.3.6"),
    ("font-awesome@4.5.0", "font-awesome@4.5.0"),
    ("@widgetti/vue-grid-layout@2.3.13-alpha.2", "@widgetti/vue-grid-layout@2.3.13-alpha.2"),
    ("vega@5", "vega@5.33.1"),
    ("vega-lite@5", "vega-lite@5.23.0"),
    ("vega-embed@6", "vega-embed@6.29.0"),
    ("katex@0.16.9", "katex@0.16.9"),
    ("mermaid@10.8.0", "mermaid@10.8.0"),
)
_DONE = ".tremplin-complete"  # written last, so an interrupted fill is redone


class AssetError(TremplinError):
    """The front-end files could not be put in the asset cache."""


def cache_dir() -> Path:
    """Solara's asset cache: ``SOLARA_ASSETS_PROXY_CACHE_DIR`` or Solara's default inside the
    Python environment (``<prefix>/share/solara/cdn``)."""
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    return Path(env) if env else Path(sys.prefix) / "share" / "solara" / "cdn"


def missing(cache: Path | None = None) -> list[str]:
    """Folders of ``ASSETS`` not (completely) in the cache."""
    cache = cache or cache_dir()
    return [folder for folder, _ in ASSETS if not (cache / folder / _DONE).is_file()]


def ensure_assets(cache: Path | None = None, quiet: bool = False) -> Path:
    """Fill the cache with every missing package (``npm pack`` + unpack); return the folder."""
    cache = cache or cache_dir()
    todo = missing(cache)
    if not todo:
        return cache
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError("dashboard assets: npm not found; install it (Debian: apt-get install "
                         f"-y npm) or fill {cache} by hand")
    cache.mkdir(parents=True, exist_ok=True)
    specs = dict(ASSETS)
    for folder in todo:
        if not quiet:
            print(f"tremplin: fetching front-end package {specs[folder]} -> {cache / folder}",
                  file=sys.stderr)
        _fill(npm, specs[folder], cache / folder)
    return cache


def _fill(npm: str, spec: str, dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([npm, "pack", spec, "--silent", "--pack-destination", tmp],
                           capture_output=True, text=True, cwd=tmp, check=False)
        tgz = sorted(Path(tmp).glob("*.tgz"))
        if r.returncode != 0 or not tgz:
            tail = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["no tarball"]
            raise AssetError(f"dashboard assets: npm pack {spec} failed ({tail[0]})")
        if dest.exists():
            shutil.rmtree(dest)
        staging = Path(tmp) / "unpacked"
        with tarfile.open(tgz[0]) as tar:
            tar.extractall(staging, filter="data")
        # npm tarballs hold one top folder (usually 'package/'): strip it
        tops = list(staging.iterdir())
        root = tops[0] if len(tops) == 1 and tops[0].is_dir() else staging
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(root), str(dest))
        (dest / _DONE).write_text(spec + "\n")


def main() -> int:
    """``python -m tremplin.dashboards.assets``: fill the cache (``make assets``)."""
    try:
        where = ensure_assets()
    except TremplinError as e:
        print(f"tremplin: {e}", file=sys.stderr)
        return 2
    print(f"dashboard assets ready in {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
