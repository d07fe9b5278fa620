"""Social accounts: the network a profile's address is on, named from its host.

Accounts are https addresses (``contact.social`` of a club, ``social`` of an event). A
known host names its network (``bsky.app`` → Bluesky); so does a host that says what it
runs in its first label (``mastodon.example.org`` → Mastodon), as fediverse servers
usually do. Any other host is shown as it is: the address itself is the fact.
"""

from __future__ import annotations

from urllib.parse import urlsplit

NETWORKS = {
    "bsky.app": "Bluesky", "mastodon.social": "Mastodon", "mastodon.online": "Mastodon",
    "mastodon.world": "Mastodon", "mstdn.social": "Mastodon", "mas.to": "Mastodon", "fosstodon.org": "Mastodon",
    "hachyderm.io": "Mastodon", "techhub.social": "Mastodon", "infosec.exchange": "Mastodon",
    "chaos.social": "Mastodon", "social.coop": "Mastodon", "floss.social": "Mastodon",
    "pixelfed.social": "Pixelfed", "threads.net": "Threads", "threads.com": "Threads", "x.com": "X",
    "twitter.com": "X", "linkedin.com": "LinkedIn", "instagram.com": "Instagram", "facebook.com": "Facebook",
    "youtube.com": "YouTube", "youtu.be": "YouTube", "tiktok.com": "TikTok", "github.com": "GitHub",
    "gitlab.com": "GitLab", "codeberg.org": "Codeberg", "meetup.com": "Meetup", "discord.gg": "Discord",
    "discord.com": "Discord", "t.me": "Telegram", "matrix.to": "Matrix", "twitch.tv": "Twitch",
    "lu.ma": "Luma", "luma.com": "Luma",
}
_FIRST_LABELS = {"mastodon": "Mastodon", "mstdn": "Mastodon", "pixelfed": "Pixelfed", "peertube": "PeerTube",
                 "lemmy": "Lemmy", "misskey": "Misskey"}
_PREFIXES = ("www.", "m.", "mobile.")


def host_of(url: str) -> str:
    """The host of an address, lowercase, without ``www.``; "" when there is none."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    for prefix in _PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix):]
    return host


def network_of(url: str) -> str:
    """The network a profile is on (``Mastodon``, ``Bluesky``), or "" when the host does not say."""
    host = host_of(url)
    if host in NETWORKS:
        return NETWORKS[host]
    if host.endswith(".bsky.social"):
        return "Bluesky"
    return _FIRST_LABELS.get(host.split(".", 1)[0], "") if "." in host else ""


def account_name(url: str) -> str:
    """What a link to the account says: its network, else its host."""
    return network_of(url) or host_of(url) or url
