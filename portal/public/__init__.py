"""The campaign home, earlier campaigns and the language switch."""
from portal.public import campaigns, views  # noqa: F401  (each module adds its views to bp)
from portal.public.blueprint import bp

__all__ = ["bp"]
