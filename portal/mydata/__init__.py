"""A person's own data: prove who they are, then see, download, withdraw consent, ask for erasure."""
from portal.mydata import views  # noqa: F401  (adds its views to bp)
from portal.mydata.blueprint import bp

__all__ = ["bp"]
