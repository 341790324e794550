"""Small template helpers that are not about language: attribute merging and the CSRF field for bare forms."""
import hashlib
import os

from flask import current_app, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from portal.catalogue.unit_labels import TYPE_LABELS, unit_label


def combine_attrs(attrs, extra):
    """Merge two attribute dicts for a form field (templates cannot update a dict in place)."""
    return {**attrs, **extra}


def csrf_input():
    """The hidden CSRF field for one-button forms that have no form class."""
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()


def static_url(filename):
    """The address of a static file with a hash of its content, so a year-long browser cache never goes stale."""
    versions = current_app.extensions.setdefault("static_versions", {})
    if filename not in versions:
        with open(os.path.join(current_app.static_folder, filename), "rb") as handle:
            versions[filename] = hashlib.sha256(handle.read()).hexdigest()[:10]
    return url_for("static", filename=filename, v=versions[filename])


def init_app(app):
    """Expose the helpers to templates."""
    app.jinja_env.globals.update(csrf_input=csrf_input, static_url=static_url, TYPE_LABELS=TYPE_LABELS,
                                 unit_label=unit_label)
    app.jinja_env.filters.update(combine_attrs=combine_attrs)
