"""iCalendar feeds of the network: which calendar files there are, and writing them.

The network, each UI language, region, club, campaign and topic; each event or series
on its own; and each meeting of a series on its own (a club's, event's and meeting's file in
the record's own language, with a variant per UI language whose texts differ). The components
and bytes come from ``calendars.Calendars``. On a large network, the files of single events and
meetings (nine files in ten) are made and written by worker processes (``parallel``) while
this one makes the aggregate feeds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from groundgame import parallel, urls
from groundgame.config import SiteConfig
from groundgame.content.network import Network
from groundgame.feeds.calendars import MAX_FEED_BYTES, REFRESH, Calendars, Feed, language_name, same_language, uid
from groundgame.feeds.facet_feeds import facet_feeds, feed_values
from groundgame.feeds.feedtext import pick
from groundgame.feeds.history import History
from groundgame.model import inputs
from groundgame.model.records import Club, Event, Localized
from groundgame.model.schedule import Schedule
from groundgame.output import Writer

__all__ = ["MAX_FEED_BYTES", "REFRESH", "Calendars", "Feed", "club_feed_path", "event_feed", "event_feed_path", "feeds",
           "occurrence_feed_path", "uid", "write_calendars"]

CATEGORY = "feeds"
PARALLEL_FROM = 2000  # events; below this, starting a worker costs more than it saves
CHUNK = 500  # events per task


# -- which feeds there are ---------------------------------------------------------------
# A club's, an event's and a meeting's file has its texts in the record's own language (a
# club's first language, an event's primary one); each UI language whose texts would differ
# (the calendar's name or description, an event's title, summary, description or change
# note, as ``Localized.get`` picks them) gets a variant beside it (``urls.variant``), and the
# page in that language links it. ``variant_for`` decides both what is written and what is
# linked. The network, region, campaign and topic feeds stay in the default language.
Texts = Callable[[str], tuple[str, ...]]


def variant_for(config: SiteConfig, record_lang: str, texts: Texts, lang: str) -> str | None:
    """``lang`` if its variant exists (a UI language whose texts differ from the record's own), else None."""
    if lang == record_lang or lang not in config.languages:
        return None
    return lang if texts(lang) != texts(record_lang) else None


def variants(config: SiteConfig, record_lang: str, texts: Texts) -> list[str]:
    """The UI languages that get a variant of a record's file."""
    return [lang for lang in config.languages if variant_for(config, record_lang, texts, lang)]


def _pick(loc: Localized | None, lang: str, config: SiteConfig | None = None) -> str:
    return pick(loc, lang, config)[0] if loc is not None else ""


def event_texts(event: Event, lang: str, original: date | None = None,
                config: SiteConfig | None = None) -> tuple[str, ...]:
    """What an event's VEVENTs say in ``lang`` (along ``config``'s fallback chain); with
    ``original``, what that one meeting's file says."""
    picked = [_pick(event.title, lang, config), _pick(event.summary, lang, config)]
    changes = event.repeat.changes if event.repeat is not None else {}
    if original is None:
        picked.append(_pick(event.description, lang, config))
        chosen = [change for _, change in sorted(changes.items())]
    else:
        chosen = [changes[original]] if original in changes else []
    for change in chosen:  # a meeting's own note and title
        picked.extend((_pick(change.note, lang, config), _pick(change.title, lang, config)))
    return tuple(picked)


def _meeting_texts(event: Event, original: date, lang: str, config: SiteConfig | None = None) -> tuple[str, ...]:
    return event_texts(event, lang, original, config)


def club_texts(club: Club, events: Sequence[Event], config: SiteConfig | None = None) -> Texts:
    def texts(lang: str) -> tuple[str, ...]:
        return (_pick(club.name, lang, config), _pick(club.summary, lang, config),
                *(t for e in events for t in event_texts(e, lang, config=config)))
    return texts


def feed_topics(network: Network) -> list[str]:
    """The topics that have a feed: those of any event or club."""
    return feed_values(network, "topic")


def _names(loc: Localized, lang: str, config: SiteConfig | None = None) -> dict[str, str]:
    """A record's names, the one ``lang`` picks first (it is also X-WR-CALNAME)."""
    text, found = pick(loc, lang, config)
    return {found: text, **{tag: value for tag, value in loc.texts.items() if tag != found}}


def club_feeds(config: SiteConfig, club: Club, events: tuple[Event, ...]) -> list[Feed]:
    """A club's feed in its first language, then its variants."""
    own = club.languages[0]

    def feed(lang: str, path: str) -> Feed:
        return Feed(path, lang, _names(club.name, lang, config), pick(club.summary, lang, config)[0],
                    urls.absolute(config, urls.club(config, lang, club.id)), events)
    path = urls.ical_club(club.id)
    return [feed(own, path), *(feed(lang, urls.variant(path, lang))
                               for lang in variants(config, own, club_texts(club, events, config)))]


def club_feed_path(config: SiteConfig, club: Club, events: tuple[Event, ...], lang: str) -> str:
    """The file of a club the page in UI language ``lang`` links."""
    texts = club_texts(club, events, config)
    return urls.variant(urls.ical_club(club.id), variant_for(config, club.languages[0], texts, lang))


def event_feed_path(config: SiteConfig, event: Event, lang: str) -> str:
    """The file of an event or series the page in UI language ``lang`` links."""
    chosen = variant_for(config, event.primary_language, lambda t: event_texts(event, t, config=config), lang)
    return urls.variant(urls.ical_event(event.id), chosen)


def occurrence_feed_path(config: SiteConfig, event: Event, original: date, lang: str) -> str:
    """The file of one meeting the page in UI language ``lang`` links."""
    chosen = variant_for(config, event.primary_language, lambda t: event_texts(event, t, original, config), lang)
    return urls.variant(urls.ical_occurrence(event.id, original), chosen)


def feeds(network: Network, config: SiteConfig, schedule: Schedule | None = None) -> list[Feed]:
    """Every aggregate feed: the network, each UI language, club (and its variants), region, campaign,
    and each topic, format, scale and audience (``facet_feeds``)."""
    default = config.default_language
    events = tuple(network.events.values())
    home = urls.absolute(config, urls.home(config, default))
    found = [Feed(urls.ical_all(), default, {default: config.site_name}, "", home, events)]
    for lang in config.languages:
        found.append(Feed(
            urls.ical_language(lang), lang, {lang: f"{config.site_name} · {language_name(lang)}"}, "",
            urls.absolute(config, urls.home(config, lang)),
            tuple(e for e in events if any(same_language(t, lang) for t in e.languages))))
    schedule = schedule or Schedule.of(network)
    for club in network.clubs.values():
        found.extend(club_feeds(config, club, tuple(schedule.events_of(club.id))))
    for region in network.regions.values():
        members = {c.id for c in network.clubs.values() if c.region == region.id}
        description = pick(region.description, default, config)[0] if region.description else ""
        found.append(Feed(urls.ical_region(region.id), default, dict(region.name.texts), description,
                          urls.absolute(config, urls.region(config, default, region.id)),
                          tuple(e for e in events if members.intersection((e.club, *schedule.cohosts_of(e.id))))))
    for campaign in network.campaigns.values():
        found.append(Feed(urls.ical_campaign(campaign.id), default, dict(campaign.name.texts),
                          pick(campaign.summary, default, config)[0],
                          urls.absolute(config, urls.campaign(config, default, campaign.id)),
                          tuple(e for e in events if e.campaign == campaign.id)))
    found.extend(facet_feeds(network, config, schedule))  # each topic, format, scale and audience
    return found


def event_feed(config: SiteConfig, event: Event, lang: str | None = None) -> Feed:
    """The file of one event or whole series (every meeting, whatever the date), in ``lang``:
    by default the event's own language at ``urls.ical_event``, else that variant's."""
    own = event.primary_language
    lang = lang or own
    path = urls.ical_event(event.id)
    summary = pick(event.summary, lang, config)[0] if event.summary else ""
    return Feed(path if lang == own else urls.variant(path, lang), lang, _names(event.title, lang, config), summary,
                urls.absolute(config, urls.event(config, lang, event.id)), (event,), windowed=False)


def event_files(calendars: Calendars, events: Sequence[Event]) -> Iterator[tuple[str, bytes]]:
    """The file of each event or series and its variants, and of each meeting of a series and its variants."""
    config = calendars.config
    for event in events:
        own = event.primary_language
        for lang in (own, *variants(config, own, functools.partial(event_texts, event, config=config))):
            feed = event_feed(config, event, lang)
            yield feed.path, calendars.feed_file(feed)
        if event.repeat is not None:
            for meeting in calendars.meetings(event):
                original = meeting.original_date
                path = urls.ical_occurrence(event.id, original)
                yield path, calendars.occurrence_file(meeting, own)
                texts = functools.partial(_meeting_texts, event, original, config=config)
                for lang in variants(config, own, texts):
                    yield urls.variant(path, lang), calendars.occurrence_file(meeting, lang)


def write_calendars(network: Network, config: SiteConfig, writer: Writer, now: datetime, history: History,
                    schedule: Schedule | None = None) -> None:
    """Write every calendar feed of the network through ``writer`` (category ``feeds``).

    Each feed is a unit made from its events (``Writer.needs``); each event's own files are another."""
    calendars = Calendars(network, config, now, history, schedule, writer.inputs)
    network = calendars.network  # with the events deleted lately, cancelled
    events = [e for e in network.events.values()
              if writer.needs(_event_unit(e.id), functools.partial(inputs.event_inputs, network, e.id),
                              category=CATEGORY, salt=functools.partial(_zones, calendars, [e]))]
    chunks = [[e.id for e in events[i:i + CHUNK]] for i in range(0, len(events), CHUNK)]
    parallel.write_each(chunks, functools.partial(_write_events, calendars), writer, minimum=-(-PARALLEL_FROM // CHUNK),
                        alongside=functools.partial(_write_feeds, calendars, writer))
    if writer.inputs is not None:
        calendars.keep_vevents()


def _write_events(calendars: Calendars, event_ids: list[str], writer: Writer) -> None:
    """Write the calendar files of these events, each event a unit."""
    for event_id in event_ids:
        for path, data in event_files(calendars, [calendars.network.events[event_id]]):
            writer.write(path, data, category=CATEGORY, unit=_event_unit(event_id))


def _write_feeds(calendars: Calendars, writer: Writer) -> None:
    network = calendars.network
    for feed in feeds(network, calendars.config, calendars.schedule):
        made_from = functools.partial(inputs.events_inputs, network, [e.id for e in feed.events])
        about = functools.partial(_feed_about, calendars, feed)
        if writer.needs(f"ical:{feed.path}", made_from, category=CATEGORY, salt=about):
            writer.write(feed.path, calendars.feed_file(feed), category=CATEGORY, unit=f"ical:{feed.path}")


def _feed_about(calendars: Calendars, feed: Feed) -> str:
    """What a feed is made from besides its events: its names and page, and its zones' first years."""
    return repr((feed.lang, feed.names, feed.description, feed.page, feed.windowed, _zones(calendars, feed.events)))


def _zones(calendars: Calendars, events: Sequence[Event]) -> str:
    """What a calendar's VTIMEZONEs are made from besides its events: each zone's first year,
    which the network's earliest meeting in that zone sets."""
    return repr(sorted({(e.timezone, calendars.zone_since(e.timezone)) for e in events}))


def _event_unit(event_id: str) -> str:
    return f"ical-event:{event_id}"
