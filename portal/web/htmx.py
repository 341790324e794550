"""The only module that knows htmx's headers: page-or-fragment, redirects, and the Vary header."""
from flask import make_response, redirect, render_template, request


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
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=303)


def _vary(response):
    """Caches must keep the page and its fragment apart."""
    response.vary.add("HX-Request")
    return response


def init_app(app):
    """Register the Vary hook."""
    app.after_request(_vary)
