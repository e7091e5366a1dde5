"""The deterministic demo département « Haute-Maille » (`python -m app --db FILE demo`)."""

from app.services.demo.writer import write_demo

__all__ = ["write_demo"]
