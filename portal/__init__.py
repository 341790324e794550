"""The action-month portal: campaign catalogue, registration with QR tickets, check-in and live counts."""
import os

from flask import Flask, current_app, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import extensions, startup
from portal.extensions import babel, compress, csrf, db, limiter, login_manager, migrate


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py, then the environment, then the test mapping."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.config.from_object("portal.config")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    startup.from_environment(app.config)
    app.config.from_prefixed_env("PORTAL")  # any setting, e.g. PORTAL_EVENTS_PER_PAGE=20
    if test_config:
        app.config.update(test_config)
    startup.finish(app)
    if app.config["PROXY_COUNT"]:  # trust exactly that many proxies' X-Forwarded-For/-Proto, no more
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"))
    csrf.init_app(app)
    compress.init_app(app)
    extensions.htmx.init_app(app)  # the package's own htmx module shadows the name once imported
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)

    from portal import cli, i18n, models  # noqa: F401
    from portal.api import bp as api_bp
    from portal.auth import bp as auth_bp
    from portal.auth.views import unauthorized
    from portal.collaborators import bp as collaborators_bp
    from portal.dashboard import bp as dashboard_bp
    from portal.desk_app import bp as desk_app_bp
    from portal.events import bp as events_bp
    from portal.manage import bp as manage_bp
    from portal.mydata import bp as mydata_bp
    from portal.public import bp as public_bp
    from portal.self_checkin import bp as self_checkin_bp
    from portal.tickets import bp as tickets_bp
    from portal.web import converters, errors, guard, security, templating, transaction
    from portal.web import htmx as htmx_helpers

    converters.init_app(app)  # before any route is added
    for blueprint in (public_bp, events_bp, tickets_bp, auth_bp, manage_bp, self_checkin_bp, dashboard_bp,
                      mydata_bp, collaborators_bp, api_bp, desk_app_bp):
        app.register_blueprint(blueprint)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.user_loader(models.load_user)
    cli.init_app(app)
    errors.init_app(app)
    guard.init_app(app)
    htmx_helpers.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    transaction.init_app(app)
    return app


def _select_locale():
    """The language chosen with the switch (a cookie), else Vietnamese."""
    chosen = request.cookies.get("lang") if has_request_context() else None
    return chosen if chosen in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]
