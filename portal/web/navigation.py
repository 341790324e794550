"""Where a person may be sent back to after signing in or switching language: only pages of this site."""
from urllib.parse import urlsplit


def local_path(target, default):
    """Return target when it is a path on this site, else default: never another site ('//x', '/\\x', 'https:')."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target
