"""Response headers that keep pages from being framed, sniffed or made to load code from elsewhere."""
from flask import current_app

POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")


def _headers(response):
    """Add the security headers (and HSTS when the site is served over HTTPS) unless a view set its own."""
    response.headers.setdefault("Content-Security-Policy", POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["SERVED_OVER_HTTPS"]:  # browsers then refuse plain HTTP to this site for a year
        response.headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}")
    return response


def no_store(response):
    """Tell browsers and proxies not to keep the response (a page listing people, a file of them); returns it."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def private(response):
    """A page of one person's secrets (a ticket, their data): not kept, not indexed, no referrer; returns it."""
    no_store(response)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_app(app):
    """Add the headers to every response."""
    app.after_request(_headers)
