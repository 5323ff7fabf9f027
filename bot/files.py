"""Writing the files commands produce (exports, templates) so that a failure leaves no half file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from fm_domain.errors import CatalogError, LocatedError


def write_atomically(
    path: Path, write: Callable[[Path], None], *, error: type[LocatedError] = CatalogError
) -> None:
    """Write through a temporary file in the same folder, then move it into place; ``error`` (Chinese,
    naming the folder) when the folder does not exist."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise error("目标文件夹不存在", str(directory))
    handle, temporary = tempfile.mkstemp(suffix=path.suffix or ".tmp", dir=directory)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
