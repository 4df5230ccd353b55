"""Files shipped with a part (scenarios, experiment files, calibration files), found by name.

Wherever a user names a file of one of these kinds (on the command line, in ``extends``, in an
experiment or calibration file) the same rule applies: a path (relative to the folder of the
file that names it, if any), else the bare name of a shipped file, with or without ``.toml``.
A path wins over a shipped file of the same name, so a user's own ``baseline.toml`` next to
their scenario is the one it extends. A name that is neither is one line naming what is
shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import TremplinError

SUFFIX = ".toml"


@dataclass(frozen=True)
class ShippedFiles:
    """The TOML files of one kind shipped inside a package.

    Attributes:
        package: the package whose folder holds them (``tremplin.scenarios``).
        noun: what one file is, for messages (``scenario``, ``experiment``).
        error: the error the part reports, a TremplinError naming the file.
    """

    package: str
    noun: str
    error: type[TremplinError]

    @property
    def folder(self) -> Path:
        """The folder of the shipped files (inside the installed package)."""
        return Path(str(resources.files(self.package)))

    def names(self) -> list[str]:
        """The names by which the shipped files can be given, sorted."""
        return sorted(p.stem for p in self.folder.glob(f"*{SUFFIX}"))

    def shipped(self, name: str) -> Path | None:
        """The shipped file called ``name`` (``baseline`` or ``baseline.toml``), if any.

        Only a bare name qualifies: ``../x`` never reaches outside the shipped folder.
        """
        stem = name.removesuffix(SUFFIX)
        if not stem or Path(stem).name != stem:
            return None
        path = self.folder / f"{stem}{SUFFIX}"
        return path if path.is_file() else None

    def resolve(self, ref: str | Path, near: Path | None = None, label: str | None = None
                ) -> Path:
        """The file ``ref`` names: a path (relative to ``near`` when given, else to the
        working folder), else a shipped file of that name.

        Args:
            ref: what the user wrote.
            near: the folder of the file in which ``ref`` was written.
            label: how to name ``ref`` in an error (default: ``ref`` itself), e.g.
                ``"child.toml: extends = 'parent'"``.

        Raises:
            error: ``ref`` is a folder or a special file (a device, a FIFO), or neither a
                file nor a shipped name.
        """
        path = Path(ref) if near is None else near / ref
        if path.is_file():
            return path
        found = self.shipped(str(ref))
        if found is not None:
            return found
        label = label or str(ref)
        if path.is_dir():
            raise self.error(f"{label}: is a folder, not a {self.noun} file")
        if path.exists():
            raise self.error(f"{label}: not a regular file (a {self.noun} file is expected)")
        where = " next to it" if near is not None else ""
        raise self.error(f"{label}: no such {self.noun} file{where} (shipped: "
                         f"{', '.join(self.names())})")
