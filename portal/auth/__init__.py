"""Staff sign-in, sign-out and password change."""
from portal.auth import views  # noqa: F401  (each module adds its views to bp)
from portal.auth.blueprint import bp

__all__ = ["bp"]
