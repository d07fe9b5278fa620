"""What the outputs are made from: a digest of every record as loaded, and of what every file reads.

The names are those of ``groundgame.model.inputs`` (``event:x``, ``club:x``, ...), plus a
few that stand for network-wide lists (every news article: ``news``; the months of the calendar, the directory's facet
values, the feed topics, the regions in order, the vocabulary, the list of pages, each record's past events in
order: ``past:club:x``) and ``*`` for all of it.
A record's digest is that of its loaded value (so a change that reaches it through another
file, such as its club's time zone, counts) and of its file's history (revision, dates):
what the feeds and the API print. What every file reads (the settings, the theme's
templates, the catalogs and "now") goes into the shared digest: when it changes, all is
made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from groundgame import i18n, output
from groundgame.config import SiteConfig
from groundgame.content import vocabulary as vocab
from groundgame.content.network import Network
from groundgame.feeds.history import History
from groundgame.feeds.ical import feed_topics
from groundgame.model import inputs as model_inputs
from groundgame.site.pages import NewsItem, Page, PageModel


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _files_digest(folders: Iterable[Path], pattern: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob(pattern)):
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def shared_digest(config: SiteConfig, theme: Path | None, now: datetime) -> str:
    """What every output reads: the settings, the theme's templates, the UI catalogs and "now"."""
    return _digest(config, now.isoformat(), _files_digest([theme / "templates"] if theme else [], "*.html"),
                   _files_digest([i18n.LOCALE_DIR], "*.mo"))


def record_digests(network: Network, history: History, config: SiteConfig, now: datetime,
                   news: Sequence[NewsItem], model: PageModel, pages: Sequence[Page]) -> dict[str, str]:
    """A digest per input name (see the module's docstring)."""
    found: dict[str, str] = {}
    for kind, table in (("region", network.regions), ("club", network.clubs), ("campaign", network.campaigns)):
        for record_id, record in table.items():
            found[f"{kind}:{record_id}"] = _digest(record, record.path, _file_facts(history, record.path))
    revisions = history.revisions(network)
    for event_id, event in network.events.items():
        found[f"event:{event_id}"] = _digest(event, revisions.of(event), _file_facts(history, event.path))
    since = now - timedelta(days=config.feed_cancelled_days)
    for deleted in revisions.deleted(since):  # kept in the feeds, cancelled
        found.setdefault(f"event:{deleted.event.id}", _digest("deleted", deleted))
    by_club: dict[str, list[NewsItem]] = {}
    for item in news:
        by_club.setdefault(item.club, []).append(item)
    for club_id, items in by_club.items():
        found[f"news:{club_id}"] = _digest(sorted(items, key=repr))
    for event_id, groups in model.news_of_event.items():
        found[model_inputs.event_news(event_id)] = _digest(groups)
    found["news"] = _digest(model.all_news)
    found["clubs"] = _digest(sorted((k, v) for k, v in found.items() if k.startswith(("club:", "region:"))))
    found["months"] = _digest(list(model.months))
    found["facets"] = _digest({name: list(values) for name, values in model.facets.items()})
    found["topics"] = _digest(feed_topics(network))
    found["regions"] = _digest(list(network.regions))
    found["vocabulary"] = _digest(network.vocabulary,  # the labels of topics, formats, ... (#15)
                                  [_file_facts(history, vocab.file_of(kind)) for kind in network.vocabulary.kinds
                                   if network.vocabulary.has(kind)])  # and their dates (vocabulary.json's "updated")
    found["pages"] = _digest([page.key for page in pages])
    for (kind, record_id), meetings in model.past_of.items():
        found[model_inputs.past_list(kind, record_id)] = _digest([m.event.id for m in meetings])
    found[output.EVERYTHING] = _digest(sorted(found.items()))
    return found


def _file_facts(history: History, path: Path | str) -> tuple[object, ...]:
    return history.modified(path), history.created(path), history.sequence(path)


def network_inputs(config: SiteConfig, theme: Path | None, now: datetime, network: Network, history: History,
                   news: Sequence[NewsItem], model: PageModel, pages: Sequence[Page]) -> output.Inputs:
    return output.Inputs(record_digests(network, history, config, now, news, model, pages),
                         shared_digest(config, theme, now))

