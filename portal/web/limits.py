"""Keys for rate limits and bindings that a client cannot reset or read back: always keyed hashes, never the value."""
import hashlib
import hmac

from flask import current_app, request

from portal import phones
from portal.extensions import limiter


def keyed(purpose, value):
    """Return a short keyed hash of value for purpose; without the secret key it cannot be reversed or guessed."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()[:24]


def tried_phone():
    """The last nine digits of the phone number in the posted form, so 0912…, +84912…, 84912… and fullwidth
    digits are one number."""
    return phones.digits_of(request.form.get("phone", ""))[-9:]


def no_phone_tried():
    """True when the posted form names no phone number (nothing to limit per phone)."""
    return not tried_phone()


def phone_key():
    """Limit key for the phone number tried, wherever it is tried (ticket recovery, self check-in)."""
    return "phone:" + keyed("phone", tried_phone())


def phone_at_event_key():
    """Limit key for the phone number tried at the event whose self check-in address is requested."""
    code = (request.view_args or {}).get("code", "")[:40]
    return "phone-event:" + keyed("phone-event", f"{code}:{tried_phone()}")


def phone_tries(view):
    """Limit the tries naming one phone number across every form that takes one with a second fact (PHONE_TRIES_LIMIT)."""
    return limiter.shared_limit(lambda: current_app.config["PHONE_TRIES_LIMIT"], scope="phone-tries",
                                key_func=phone_key, exempt_when=no_phone_tried, methods=["POST"])(view)
