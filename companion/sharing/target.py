"""Which caption URLs Companion will post to, and how to show one safely.

Accepted (anything else is refused with a sentence):

- Zoom's caption API URL, "Copy the API token" under Show Captions → Set up
  manual captioner: ``https://<host>.zoom.us/closedcaption?id=…&ns=…&expire=…
  &signature=…`` (a breakout room adds ``subconfid``). Zoom's "Closed Caption
  REST API" article (support.zoom.us, 115002212983) defines the POSTs.
- Teams' CART link, Meeting options → Provide CART captions → Copy link:
  ``https://api.captions.office.microsoft.com/cartcaption?meetingid=…&token=…``
  (Microsoft's "Use CART captions in a Microsoft Teams meeting"; captioning
  software posts finished lines to it, and Teams shows them as they come).
- ``http://127.0.0.1`` or ``http://localhost`` with either path, for tests.

The URL is a secret (whoever holds it can caption the meeting): ``masked``
keeps the host and path and hides every query value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from companion.errors import CompanionError

Platform = Literal["zoom", "teams"]

ZOOM_PATH = "/closedcaption"
TEAMS_HOST = "api.captions.office.microsoft.com"
TEAMS_PATH = "/cartcaption"
LOCAL_HOSTS = ("127.0.0.1", "localhost")
# Parameters Companion adds to every POST; a pasted URL that already has them loses them.
ADDED_PARAMETERS = ("seq", "lang")

WHERE_TO_FIND = {
    "zoom": "Zoom: the host or a co-host chooses Show Captions ▴ → Set up manual captioner "
    "→ Copy the API token; each breakout room has its own.",
    "teams": "Teams: the organiser turns on Provide CART captions in Meeting options "
    "and chooses Copy link.",
}


class SharingError(CompanionError):
    """A caption URL cannot be used."""


@dataclass(frozen=True, slots=True)
class CaptionTarget:
    """A recognised caption URL. Its ``url`` is secret: show ``masked`` instead."""

    platform: Platform
    url: str = field(repr=False)  # as pasted, less any seq/lang Companion adds itself
    breakout: bool = False  # Zoom breakout room (``subconfid``)

    @property
    def masked(self) -> str:
        return mask_url(self.url)

    @property
    def platform_name(self) -> str:
        return "Zoom" if self.platform == "zoom" else "Teams"

    def post_url(self, seq: int, lang: str) -> str:
        """The URL of one POST: the pasted query kept byte for byte, then seq and lang."""
        joiner = "&" if "?" in self.url else "?"
        return f"{self.url}{joiner}seq={seq}&lang={lang}"

    def seq_url(self) -> str | None:
        """Zoom's GET of the last accepted ``seq`` (``…/closedcaption/seq?…``); None for Teams."""
        if self.platform != "zoom":
            return None
        base, _, query = self.url.partition("?")
        return f"{base}/seq?{query}" if query else f"{base}/seq"


def parse_caption_url(text: str) -> CaptionTarget:
    """The caption target ``text`` names, or a ``SharingError`` saying what is wrong."""
    pasted = text.strip()
    parts = urlsplit(pasted)
    host = (parts.hostname or "").lower()
    local = host in LOCAL_HOSTS
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise SharingError(
            "That is not a caption link: paste the https link copied from Zoom "
            "(Copy the API token) or Teams (CART caption link)."
        )
    path = parts.path.rstrip("/")
    platform: Platform
    if path == ZOOM_PATH and (local or host == "zoom.us" or host.endswith(".zoom.us")):
        platform = "zoom"
    elif path == TEAMS_PATH and (local or host == TEAMS_HOST):
        platform = "teams"
    else:
        raise SharingError(
            "Companion only sends captions to Zoom's caption API link or a Teams CART "
            "caption link; copy the link again from the meeting's caption settings."
        )
    names = {p.partition("=")[0] for p in parts.query.split("&") if p}
    if platform == "teams" and not {"meetingid", "token"} <= names:
        raise SharingError(
            "That Teams link has no meeting or token in it; copy the whole CART caption "
            "link again from Meeting options."
        )
    if platform == "zoom" and not names - set(ADDED_PARAMETERS):
        raise SharingError(
            "That Zoom link has no meeting in it; copy the whole link again with "
            "Copy the API token."
        )
    kept = [p for p in parts.query.split("&") if p and p.partition("=")[0] not in ADDED_PARAMETERS]
    base = f"{parts.scheme}://{parts.netloc}{path}"
    url = f"{base}?{'&'.join(kept)}" if kept else base
    return CaptionTarget(platform=platform, url=url, breakout="subconfid" in names)


def mask_url(url: str) -> str:
    """``url`` with every query value hidden, e.g. ``https://h/closedcaption?id=…&signature=…``."""
    base, _, query = url.partition("?")
    if not query:
        return base
    names = [p.partition("=")[0] for p in query.split("&") if p]
    return base + "?" + "&".join(f"{name}=…" for name in names)
