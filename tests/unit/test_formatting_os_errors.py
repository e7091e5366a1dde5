"""OS errors told in French (app.formatting.os_error_text): the system's own text follows its locale."""

from __future__ import annotations

import errno

from app.formatting import os_error_text


def test_the_usual_errors_read_in_french_and_the_others_as_the_system_says() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    assert os_error_text(missing) == "le dossier n'existe pas"
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "disque plein"
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "accès refusé"
    other = OSError(errno.EIO, "Input/output error")
    assert os_error_text(other) == "Input/output error"
    assert os_error_text(other, "fichier ouvert ailleurs") == "fichier ouvert ailleurs"
