"""Ticket secrets: an unguessable token for the QR and a short code a person can read aloud."""
import secrets
import unicodedata

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: letters and digits that are never mistaken for one another.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 8


def new_token():
    """Return 192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def new_short_code():
    """Return an 8-character code from the unambiguous alphabet (about 35 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_slug():
    """Return a short random public identifier for an event's address."""
    return "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8))


def clean_short_code(text):
    """Upper-case, without spaces and dashes, so "k7hm-3qpx" (or fullwidth "ｋ７ｈｍ－３ｑｐｘ") matches K7HM3QPX."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "").upper() if ch.isalnum())


def format_short_code(code):
    """Print a code in two groups of four: K7HM-3QPX."""
    return f"{code[:4]}-{code[4:]}"


def new_checkin_code():
    """Return the random part of an event's self-check-in address (96 bits)."""
    return secrets.token_urlsafe(12)
