"""The personal-data notice people consent to, as numbered versions kept in files.

Each version is a file `v<number>.md` in `notice_texts/`: a front matter naming the date it took effect, a `# `
title line and paragraphs. `notice_texts/SHA256SUMS` (as `sha256sum` writes it) holds each version's digest: a
version whose file no longer matches its digest is refused, so a text people consented to cannot change silently.
To publish a new version, add the next file and append its line (`sha256sum v2.md >> SHA256SUMS`); registrations
and walk-ins store the number and the digest of the version they were shown.
"""
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app

FOLDER = Path(__file__).with_name("notice_texts")
FILE_NAME = re.compile(r"v([1-9][0-9]*)\.md")


class NoticeChanged(Exception):
    """A notice's file no longer matches the digest recorded when it was published (or has none)."""


@dataclass(frozen=True)
class Notice:
    """One version of the notice: its number, the date it took effect, its text and the text's SHA-256."""

    number: int
    effective: date
    title: str
    paragraphs: tuple[str, ...]
    digest: str


def folder():
    """Where the versions are kept (CONSENT_NOTICES_DIR, for a test that publishes one, else the package's)."""
    return Path(current_app.config.get("CONSENT_NOTICES_DIR") or FOLDER)


def published():
    """Every version, oldest first; raises NoticeChanged when a file does not match its recorded digest."""
    where = folder()
    sums = _recorded_digests(where)
    notices = []
    for path in where.iterdir():
        match = FILE_NAME.fullmatch(path.name)
        if match:
            notices.append(_read(path, int(match.group(1)), sums))
    return sorted(notices, key=lambda notice: notice.number)


def current(today):
    """The version in effect on today: the newest that has taken effect (the first while none has)."""
    notices = published()
    in_effect = [notice for notice in notices if notice.effective <= today]
    return (in_effect or notices)[-1]


def version(number):
    """The version with this number, or None."""
    return next((notice for notice in published() if notice.number == number), None)


def _recorded_digests(where):
    """File name -> SHA-256, from SHA256SUMS."""
    lines = (where / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name.lstrip("*"): digest for digest, name in (line.split(maxsplit=1) for line in lines if line.strip())}


def _read(path, number, sums):
    """Parse one version's file after checking it against its recorded digest."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if sums.get(path.name) != digest:
        raise NoticeChanged(f"{path.name} does not match its line in SHA256SUMS")
    _start, front, body = raw.decode("utf-8").split("---\n", 2)
    fields = dict(line.split(":", 1) for line in front.splitlines() if ":" in line)
    blocks = [block.strip() for block in body.split("\n\n") if block.strip()]
    title = blocks.pop(0).removeprefix("# ") if blocks and blocks[0].startswith("# ") else ""
    return Notice(number=number, effective=date.fromisoformat(fields["effective"].strip()), title=title,
                  paragraphs=tuple(" ".join(block.split()) for block in blocks), digest=digest)
