"""Settings that need work at start-up: the database URL and a secret key generated into instance/."""
import os
import secrets

from portal.storage import writes


def from_environment(config):
    """Take the database, its pool, secret key, rate-limit storage, proxy count and HTTPS settings from the
    environment."""
    for name in ("DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI"):
        if os.environ.get(name):
            config["SQLALCHEMY_DATABASE_URI" if name == "DATABASE_URL" else name] = os.environ[name]
    for name in ("PROXY_COUNT", "DATABASE_POOL_SIZE", "DATABASE_MAX_OVERFLOW"):
        if os.environ.get(name):
            config[name] = int(os.environ[name])
    if os.environ.get("DATABASE_SYNCHRONOUS_COMMIT"):  # read as on or off by synchronous_commit()
        config["DATABASE_SYNCHRONOUS_COMMIT"] = os.environ["DATABASE_SYNCHRONOUS_COMMIT"]
    if os.environ.get("SERVED_OVER_HTTPS"):
        config["SERVED_OVER_HTTPS"] = os.environ["SERVED_OVER_HTTPS"].strip().lower() in ("1", "true", "yes", "on")


def database_url(url, instance_path):
    """Default to the SQLite file in instance/; send postgresql:// URLs to the psycopg 3 driver."""
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "portal.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def synchronous_commit(value):
    """PostgreSQL's synchronous_commit from the setting: "on" or "off" (true/false, yes/no and 1/0 too); anything
    else stops the start, as it would reach the connection's options."""
    value = str(value).strip().lower()
    if value in ("on", "true", "yes", "1"):
        return "on"
    if value in ("off", "false", "no", "0"):
        return "off"
    raise ValueError(f"DATABASE_SYNCHRONOUS_COMMIT must be on or off, not {value!r}")


def secret_key(instance_path):
    """Read instance/secret_key, creating it with 256 random bits on first run."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()


def finish(app):
    """Fill in what the layers left open."""
    config = app.config
    config["SQLALCHEMY_DATABASE_URI"] = database_url(config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    options.setdefault("hide_parameters", True)  # even when instance/config.py replaces the options
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": 30})
    else:  # a pool sized for the process's threads (instance/config.py may still name its own in the options)
        options.setdefault("pool_pre_ping", True)  # a server may have dropped the connection; a file cannot
        options.setdefault("pool_size", int(config["DATABASE_POOL_SIZE"]))
        options.setdefault("max_overflow", int(config["DATABASE_MAX_OVERFLOW"]))
        if "connect_args" not in options:
            # Row locks wait no longer than the write lock's timeout, set once per connection (portal.storage.writes
            # sets it per transaction only when this is not the one configured); commits wait for the disk or not.
            milliseconds = writes.lock_timeout_ms(config)
            options["connect_args"] = {"options": f"-c lock_timeout={milliseconds} -c synchronous_commit="
                                                  f"{synchronous_commit(config['DATABASE_SYNCHRONOUS_COMMIT'])}"}
            app.extensions["lock_timeout_at_connect"] = milliseconds
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secret_key(app.instance_path)
    if config["SERVED_OVER_HTTPS"]:
        config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
