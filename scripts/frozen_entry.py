"""Entry point of the frozen build (build.spec): the same CLI as `python -m app` and `maillage`.

Kept outside `app/` so PyInstaller does not put `app/` itself on the module search path.
"""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
