"""Content that lives on another site (a video, a post, a track, a map), known by its address.

A page here loads nothing from another site (the CSP forbids it, and a third-party
player would follow readers around): an embed is shown as a card linking to where the
content lives, saying what it is and where. This module tells the service from the
address, and turns the address of a service's player (``youtube.com/embed/ID``) into the
address of the content itself (``youtube.com/watch?v=ID``), which is what a reader can open.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class Provider:
    name: str
    # What a reader does there, as the card's call to action says it: "Watch on YouTube".
    action: str


_PROVIDERS: dict[str, Provider] = {
    "youtube.com": Provider("YouTube", "Watch"),
    "youtu.be": Provider("YouTube", "Watch"),
    "youtube-nocookie.com": Provider("YouTube", "Watch"),
    "vimeo.com": Provider("Vimeo", "Watch"),
    "dailymotion.com": Provider("Dailymotion", "Watch"),
    "tiktok.com": Provider("TikTok", "Watch"),
    "twitch.tv": Provider("Twitch", "Watch"),
    "twitter.com": Provider("X (Twitter)", "Read"),
    "x.com": Provider("X (Twitter)", "Read"),
    "instagram.com": Provider("Instagram", "See"),
    "facebook.com": Provider("Facebook", "See"),
    "threads.net": Provider("Threads", "Read"),
    "bsky.app": Provider("Bluesky", "Read"),
    "linkedin.com": Provider("LinkedIn", "Read"),
    "reddit.com": Provider("Reddit", "Read"),
    "soundcloud.com": Provider("SoundCloud", "Listen"),
    "spotify.com": Provider("Spotify", "Listen"),
    "podcasts.apple.com": Provider("Apple Podcasts", "Listen"),
    "music.apple.com": Provider("Apple Music", "Listen"),
    "bandcamp.com": Provider("Bandcamp", "Listen"),
    "mixcloud.com": Provider("Mixcloud", "Listen"),
    "google.com/maps": Provider("Google Maps", "See the map"),
    "maps.google.com": Provider("Google Maps", "See the map"),
    "openstreetmap.org": Provider("OpenStreetMap", "See the map"),
    "datawrapper.de": Provider("Datawrapper", "See the chart"),
    "flourish.studio": Provider("Flourish", "See the chart"),
    "infogram.com": Provider("Infogram", "See the chart"),
    "public.tableau.com": Provider("Tableau", "See the chart"),
    "docs.google.com": Provider("Google Docs", "Open"),
    "slideshare.net": Provider("SlideShare", "See the slides"),
    "speakerdeck.com": Provider("Speaker Deck", "See the slides"),
    "codepen.io": Provider("CodePen", "See the code"),
    "gist.github.com": Provider("GitHub Gist", "See the code"),
    "scribd.com": Provider("Scribd", "Read"),
    "giphy.com": Provider("GIPHY", "See"),
    "imgur.com": Provider("Imgur", "See"),
    "flickr.com": Provider("Flickr", "See"),
    "pinterest.com": Provider("Pinterest", "See"),
    "tumblr.com": Provider("Tumblr", "Read"),
    "wordpress.tv": Provider("WordPress.tv", "Watch"),
    "ted.com": Provider("TED", "Watch"),
}
_PROVIDER_NAMES = {provider.name for provider in _PROVIDERS.values()}
_VIDEO_FILE = re.compile(r"\.(?:mp4|m4v|webm|ogv|mov)$", re.IGNORECASE)
_AUDIO_FILE = re.compile(r"\.(?:mp3|m4a|ogg|oga|wav|flac|aac|opus)$", re.IGNORECASE)
_YOUTUBE_ID = re.compile(r"^/(?:embed|v|shorts|live)/(?P<id>[\w-]{6,})")
_VIMEO_ID = re.compile(r"^/video/(?P<id>\d+)")
_SPOTIFY_EMBED = re.compile(r"^/embed(?:-podcast)?/")
_INSTAGRAM_EMBED = re.compile(r"^(?P<post>/(?:p|reel|tv)/[\w-]+)/embed/?(?:captioned/?)?$")
_TWITTER_EMBED_HOSTS = {"platform.twitter.com", "syndication.twitter.com"}
# Hosts that wrap another service's player and name its address in a parameter.
_WRAPPERS = {"cdn.embedly.com": ("url", "src"), "w.soundcloud.com": ("url",)}


def embed_provider(url: str) -> Provider:
    """Which service ``url`` leads to; the site's own host name for one not listed."""
    parts = _split(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    for key, provider in _PROVIDERS.items():
        domain, _, path = key.partition("/")
        if (host == domain or host.endswith("." + domain)) and parts.path.startswith(
            "/" + path if path else ""
        ):
            return provider
    if _VIDEO_FILE.search(parts.path):
        return Provider(host or "the web", "Watch")
    if _AUDIO_FILE.search(parts.path):
        return Provider(host or "the web", "Listen")
    return Provider(host or "the web", "Open")


def embed_provider_known(url: str) -> bool:
    """Whether ``url`` leads to one of the services listed here (a video, a post, a map)."""
    return embed_provider(url).name in _PROVIDER_NAMES


def content_url(url: str) -> str:
    """The address of the content a player address shows; any other address as it is."""
    parts = _split(url)
    host = (parts.hostname or "").removeprefix("www.")
    query = parse_qs(parts.query)
    for param in _WRAPPERS.get(host, ()):
        if query.get(param) and query[param][0].startswith(("http://", "https://")):
            return content_url(unquote(query[param][0]))
    if host in {"youtube.com", "youtube-nocookie.com", "m.youtube.com"}:
        match = _YOUTUBE_ID.match(parts.path)
        if match:
            return "https://www.youtube.com/watch?" + urlencode({"v": match["id"]})
    if host == "player.vimeo.com":
        match = _VIMEO_ID.match(parts.path)
        if match:
            return f"https://vimeo.com/{match['id']}"
    if host == "open.spotify.com" and _SPOTIFY_EMBED.match(parts.path):
        return urlunsplit(("https", host, _SPOTIFY_EMBED.sub("/", parts.path), "", ""))
    if host == "instagram.com":
        match = _INSTAGRAM_EMBED.match(parts.path)
        if match:
            return f"https://www.instagram.com{match['post']}/"
    if host in _TWITTER_EMBED_HOSTS and query.get("id"):
        return f"https://twitter.com/i/status/{query['id'][0]}"
    return url


def _split(url: str):
    try:
        return urlsplit(url.strip())
    except ValueError:  # an address urllib cannot read, such as "http://[::1"
        return urlsplit("")
