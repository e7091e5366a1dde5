"""One module per area; each exposes `figures() -> Iterable[Figure]` and is collected by bench/run.py."""
