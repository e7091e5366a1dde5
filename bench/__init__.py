"""Benchmarks: `python bench/run.py` prints one line per figure (see bench/README.md)."""
