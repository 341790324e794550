"""A request guard: control characters (NUL and friends) never reach a view through a path, a query or a form."""
import re

from flask import abort, g, request
from werkzeug.datastructures import ImmutableMultiDict

# C0 and C1 controls and DEL. PostgreSQL refuses NUL in text; the others are invisible and break spreadsheets.
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Tab and line breaks are ordinary in a form's text (a description) and harmless in a search.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(text):
    """True when text holds a control character other than tab and line breaks."""
    return bool(_CONTROL.search(text or ""))


def without_control(text):
    """text with its control characters (other than tab and line breaks) removed."""
    return _CONTROL.sub("", text)


def control_fields():
    """The names of the form fields of this request that held control characters (removed by the guard)."""
    return g.get("control_fields", frozenset())


def _guard():
    """No address has a control character (404); a query with one is garbage (400); a form's are removed.

    Form fields keep what was typed minus the invisible characters, and their names are noted so that
    the form (portal.forms.Form) answers with a message next to each field; raw readers see clean text.
    A cookie with one (the portal never sets such a cookie) is ignored, as if the browser had none.
    """
    if _ANY_CONTROL.search(request.path):
        abort(404)
    if any(has_control(key) or has_control(value) for key, value in request.args.items(multi=True)):
        abort(400)
    if any(has_control(k) or has_control(v) for k, v in request.cookies.items(multi=True)):
        request.cookies = ImmutableMultiDict([(k, v) for k, v in request.cookies.items(multi=True)
                                              if not (has_control(k) or has_control(v))])
    if request.form and any(has_control(k) or has_control(v) for k, v in request.form.items(multi=True)):
        g.control_fields = frozenset(_CONTROL.sub("", k) for k, v in request.form.items(multi=True)
                                     if has_control(k) or has_control(v))
        request.form = ImmutableMultiDict([(_CONTROL.sub("", k), _CONTROL.sub("", v))
                                           for k, v in request.form.items(multi=True)])


def init_app(app):
    """Run the guard before every other request hook (rate-limit keys, CSRF and views read clean input)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _guard)
