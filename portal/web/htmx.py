"""The only module that reads or writes htmx's headers: page-or-fragment, redirects, the Vary header."""
from urllib.parse import urlsplit

from flask import make_response, redirect, render_template, request


def is_htmx():
    """True when htmx sent the request (a swap is expected, not a page)."""
    return request.headers.get("HX-Request") == "true"


def trigger_name():
    """The name of the form field whose change sent this htmx request, or ''."""
    return request.headers.get("HX-Trigger-Name", "")


def current_page():
    """The local path (and query) of the page that sent this htmx request, or None."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    return current.path + (f"?{current.query}" if current.query else "") if current.path else None


def is_partial(target=None):
    """True for an htmx request wanting a fragment: not boosted, not a history restore, aimed at target."""
    hx = getattr(request, "htmx", None)
    if not hx or hx.boosted or hx.history_restore_request:
        return False
    return target is None or hx.target in (None, target)


def render(page_template, fragment_template, target, status=200, **context):
    """Render the fragment for an htmx request aimed at target, else the full page."""
    template = fragment_template if is_partial(target) else page_template
    return make_response(render_template(template, **context), status)


def redirect_after_post(location):
    """Send the browser to location: HX-Redirect for htmx (a full page load), 303 otherwise."""
    return full_page_redirect(location, htmx_status=204, status=303)


def full_page_redirect(location, htmx_status, status=302):
    """Load location as a whole page: for htmx an HX-Redirect with htmx_status (no fragment swapped), else a
    redirect with status."""
    if is_htmx():
        response = make_response("", htmx_status)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=status)


def retarget(response, target):
    """Make htmx put response in place of the element target (a CSS selector) rather than where it asked."""
    response.headers["HX-Retarget"] = target
    response.headers["HX-Reswap"] = "outerHTML"
    return response


def _vary(response):
    """Caches must keep the page and its fragment apart."""
    response.vary.add("HX-Request")
    return response


def init_app(app):
    """Register the Vary hook."""
    app.after_request(_vary)
