"""Small template helpers that are not about language: attribute merging, the CSRF field for bare forms, the
current campaign (whose organising body every page names)."""
import hashlib
import os

from flask import current_app, g, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from portal.catalogue.unit_labels import TYPE_LABELS, unit_label
from portal.text import initials


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


def site_campaign():
    """The current campaign (or None), looked up once per request; None too when the database cannot answer, so
    that an error page never fails on its footer."""
    if "site_campaign" not in g:
        from portal import clock
        from portal.catalogue import current_campaign

        try:
            g.site_campaign = current_campaign(clock.now().date())
        except SQLAlchemyError:
            g.site_campaign = None
    return g.site_campaign


def init_app(app):
    """Expose the helpers to templates."""
    app.jinja_env.globals.update(csrf_input=csrf_input, static_url=static_url, TYPE_LABELS=TYPE_LABELS,
                                 unit_label=unit_label, site_campaign=site_campaign)
    app.jinja_env.filters.update(combine_attrs=combine_attrs, initials=initials)
