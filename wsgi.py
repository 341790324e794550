"""WSGI entry point: `flask --app wsgi run` or `gunicorn wsgi:app`."""
import gc

from portal import create_app

app = create_app()

# What start-up built (modules, the app, its statements and templates) lives as long as the process. Frozen, it is
# left out of the cyclic garbage collector's full passes, which stop every thread of the process while they walk all
# tracked objects: under a crowd of scans such a pass took 77-137 ms, with the SQLite write lock possibly held
# meanwhile; it now walks only what requests left behind (2-3 ms). Start-up's own garbage goes first.
gc.collect()
gc.freeze()
