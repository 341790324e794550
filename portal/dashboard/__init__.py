"""The live dashboard: participation per commune by sex and kind, the per-event screen, and the report exports."""
from portal.dashboard import by_source, compare, exports, views  # noqa: F401  (each module adds its views to bp)
from portal.dashboard.blueprint import bp

__all__ = ["bp"]
