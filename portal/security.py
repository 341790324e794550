"""Response headers that keep pages from being framed, sniffed or made to load code from elsewhere."""

POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app):
    """Add the headers to every response."""
    app.after_request(_headers)
