"""The campaign home and the language switch."""
from portal.public import views  # noqa: F401  (each module adds its views to bp)
from portal.public.blueprint import bp

__all__ = ["bp"]
