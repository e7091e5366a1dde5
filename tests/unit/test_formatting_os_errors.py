"""OS errors told in French (app.formatting.os_error_text): the system's own text follows its locale."""

from __future__ import annotations

import errno

from app.formatting import os_error_text


def test_the_usual_errors_read_in_french_and_the_others_with_their_number() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    assert os_error_text(missing) == "le dossier n'existe pas"
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "disque plein"
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "accès refusé"
    assert os_error_text(NotADirectoryError(errno.ENOTDIR, "Not a directory")) == "ce n'est pas un dossier"
    assert os_error_text(OSError(errno.ESTALE, "Stale file handle")).startswith("fichier réseau périmé")
    other = OSError(errno.ELOOP, "Too many levels of symbolic links")
    assert os_error_text(other) == f"erreur du système n° {errno.ELOOP} (Too many levels of symbolic links)"
    assert os_error_text(other, "fichier ouvert ailleurs") == "fichier ouvert ailleurs"
    assert os_error_text(OSError("sans numéro")) == "erreur du système (sans numéro)"
