"""Flask extensions, created unbound and bound to the app in the factory."""
import sqlite3

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Named constraints keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Objects stay readable after the request's commit (the page shown after a check-in needs no reload queries).
db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING), session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
htmx = Htmx()
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Foreign keys on, WAL so readers never wait for writers, and a busy timeout so writers queue."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()



@event.listens_for(Engine, "handle_error")
def _no_row_values_in_errors(context):
    """Keep only PostgreSQL's primary message: its DETAIL ("Failing row contains (…)", "Key (phone)=(…)") repeats
    names and phone numbers into every log the error reaches (hide_parameters covers only the statement's values)."""
    orig, wrapped = context.original_exception, context.sqlalchemy_exception
    diag = getattr(orig, "diag", None)
    if wrapped is not None and diag is not None and diag.message_detail:
        primary = diag.message_primary or type(orig).__name__
        orig.args = (primary,)
        wrapped.args = (f"({type(orig).__module__}.{type(orig).__name__}) {primary}",)
