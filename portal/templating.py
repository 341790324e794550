"""Small template helpers that are not about language: attribute merging and the CSRF field for bare forms."""
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup


def combine_attrs(attrs, extra):
    """Merge two attribute dicts for a form field (templates cannot update a dict in place)."""
    return {**attrs, **extra}


def csrf_input():
    """The hidden CSRF field for one-button forms that have no form class."""
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()


def init_app(app):
    """Expose the helpers to templates."""
    app.jinja_env.globals.update(csrf_input=csrf_input)
    app.jinja_env.filters.update(combine_attrs=combine_attrs)
