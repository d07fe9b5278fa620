"""One planned message as an e-mail: text and HTML (multipart/alternative), the event's calendar
file attached, and the headers a mailing list expects.

Organizer text is hostile: in headers it is one line (``texts.one_line``; the ``email`` package
then encodes and folds it, and refuses a line break outright); in HTML it is escaped by Jinja's
autoescape, and a report (Markdown) goes through the site's sanitizing renderer. The calendar
file is the feeds' own (``Calendars.feed_file`` of ``ical.event_feed``): the same UID, METHOD:PUBLISH.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup

from groundgame import i18n, urls
from groundgame.config import SiteConfig
from groundgame.content.markdown import Renderer
from groundgame.feeds.calendars import Calendars
from groundgame.feeds.feedtext import PlainText, pick
from groundgame.feeds.ical import event_feed, event_feed_path
from groundgame.model.records import Club, Event, Localized, Venue
from groundgame.model.schedule import Meeting
from groundgame.tools.notify import texts
from groundgame.tools.notify.plan import Item, Message
from groundgame.tools.notify.texts import one_line, words

MAX_ITEMS = 10  # meetings listed in one message; the page has the rest

_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
{% for s in sections %}<div lang="{{ s.lang }}" dir="{{ s.direction }}">
<h1 style="font-size: 1.3em">{{ s.heading }}</h1>
{% for p in s.paragraphs %}<p>{{ p }}</p>
{% endfor %}{% if s.facts %}<table>{% for label, value in s.facts %}
<tr><th style="text-align: start; padding-inline-end: 1em">{{ label }}</th><td>{{ value }}</td></tr>{% endfor %}
</table>{% endif %}
{% for title, items in s.lists %}<h2 style="font-size: 1.1em">{{ title }}</h2>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
{% endfor %}{% if s.report %}<h2 style="font-size: 1.1em">{{ s.report_title }}</h2>
{{ s.report }}
{% endif %}{% if s.links %}<p>{% for label, href in s.links %}<a href="{{ href }}">{{ label }}</a>{% if not loop.last %}
· {% endif %}{% endfor %}</p>{% endif %}
<p><small>{{ s.footer }}</small></p>
</div>{% if not loop.last %}<hr>{% endif %}
{% endfor %}</body></html>
"""
_ENV = Environment(loader=DictLoader({"message.html": _HTML}), autoescape=select_autoescape(default=True))


@dataclass
class Section:
    """What a message says in one language, before it is written as text and as HTML."""

    lang: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    report_title: str = ""
    report_text: str = ""
    report: Markup | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    footer: str = ""

    @property
    def direction(self) -> str:
        return i18n.direction(self.lang)

    def text(self) -> str:
        lines = [self.heading, "=" * min(len(self.heading), 72), ""]
        lines += [p + "\n" for p in self.paragraphs]
        lines += [f"{label}: {value}" for label, value in self.facts]
        for title, items in self.lists:
            lines += ["", f"{title}:", *(f"- {item}" for item in items)]
        if self.report_text:
            lines += ["", f"{self.report_title}:", "", self.report_text]
        lines += ["", *(f"{label}: {href}" for label, href in self.links), "", "-- ", self.footer]
        return "\n".join(lines).replace("\n\n\n", "\n\n")


def message_id(key: str, domain: str) -> str:
    """A Message-ID made from the ledger key and the site's domain: the same on every attempt."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}.notify@{domain}>"


def _safe_href(url: str) -> bool:
    return url.startswith(("https://", "http://", "webcal://", "mailto:")) and not any(
        c.isspace() or ord(c) < 32 for c in url)


class Composer:
    """Writes planned messages as e-mails (one ``Calendars`` for every attachment of a run)."""

    def __init__(self, config: SiteConfig, calendars: Calendars, sender: str, now: datetime):
        self.config = config
        self.calendars = calendars
        self.sender = sender
        self.now = now
        self.plain = PlainText()
        self.markdown = Renderer()

    def _text(self, loc: Localized, lang: str) -> str:
        """A localized field in ``lang`` along the site's fallback chain, as the pages pick it (#15)."""
        return pick(loc, lang, self.config)[0]

    def subject(self, message: Message) -> str:
        lang = message.langs[0]
        if message.digest is not None:
            region = self._text(message.digest.region.name, lang)
            return one_line(words(lang, texts.SUBJECT["digest"]) % {"region": one_line(region)}, 250)
        assert message.event is not None
        title = one_line(self._text(message.event.title, lang))
        kind = message.kind
        if kind == "announce" and message.event.repeat is not None:
            kind = "series"
        if kind == "change" and message.items and all(_cancels(i) for i in message.items):
            kind = "cancel"
        values = {"title": title}
        if kind == "reminder":
            values["day"] = i18n.format_day(message.meetings[0].start.date(), lang, "medium")
        return one_line(words(lang, texts.SUBJECT[kind]) % values, 250)

    def email(self, message: Message) -> EmailMessage:
        sections = [self.section(message, lang) for lang in message.langs] if message.digest is None else \
            [self.digest_section(message, lang) for lang in message.langs]
        subject = self.subject(message)
        mail = EmailMessage(policy=SMTP)
        mail["From"] = self.sender
        mail["To"] = message.to.address
        mail["Subject"] = subject
        mail["Date"] = format_datetime(self.now)
        mail["Message-ID"] = message_id(message.key, self.config.uid_host)
        if message.to.list_id:
            mail["List-Id"] = f"<{message.to.list_id}>"
        mail["Auto-Submitted"] = "auto-generated"
        mail["X-Auto-Response-Suppress"] = "All"
        mail["Content-Language"] = ", ".join(message.langs)
        mail.set_content("\n\n\n".join(s.text() for s in sections) + "\n")
        mail.add_alternative(_ENV.get_template("message.html").render(subject=subject, sections=sections),
                             subtype="html")
        if message.event is not None:
            event = message.event
            data = self.calendars.feed_file(event_feed(self.config, event, message.langs[0]))
            mail.add_attachment(data, maintype="text", subtype="calendar", filename=f"{event.slug}.ics",
                                params={"method": "PUBLISH", "charset": "utf-8"})
        return mail

    # -- an event's message ----------------------------------------------------------------
    def section(self, message: Message, lang: str) -> Section:
        event, club = message.event, message.club
        assert event is not None
        assert club is not None
        club_name = one_line(self._text(club.name, lang))
        kind = "series" if message.kind == "announce" and event.repeat is not None else message.kind
        found = Section(lang, one_line(self._text(event.title, lang), 300))
        found.paragraphs.append(words(lang, texts.LEAD[kind]) % {"club": club_name})
        if event.summary is not None:
            found.paragraphs.append(self._text(event.summary, lang))
        meeting = message.meetings[0] if message.meetings else None
        if meeting is not None:
            found.facts = self._facts(event, meeting, lang)
            if message.kind == "announce" and len(message.meetings) > 1:
                rest = [texts.when(m.start, m.end, event.all_day, lang) for m in message.meetings[1:MAX_ITEMS + 1]]
                more = len(message.meetings) - 1 - len(rest)
                if more > 0:
                    rest.append(words(lang, texts.MORE) % {"count": i18n.format_number(more, lang)})
                found.lists.append((words(lang, texts.NEXT_MEETINGS), rest))
        if message.items:
            lines = [self._item(event, item, lang) for item in message.items[:MAX_ITEMS]]
            if len(message.items) > MAX_ITEMS:
                more = len(message.items) - MAX_ITEMS
                lines.append(words(lang, texts.MORE) % {"count": i18n.format_number(more, lang)})
            found.lists.append((words(lang, texts.MEETINGS_CHANGED), lines))
        if message.kind == "followup":
            self._after(found, event, lang)
        found.links = self._links(event, club, lang)
        found.footer = words(lang, texts.FOOTER) % {"club": club_name, "subscribe": message.to.subscribe}
        return found

    def _facts(self, event: Event, meeting: Meeting, lang: str) -> list[tuple[str, str]]:
        facts = [(words(lang, texts.WHEN), texts.when(meeting.start, meeting.end, event.all_day, lang))]
        place = _place(meeting.venue, lang) if meeting.venue else self._club_place(event, lang)
        if place:
            facts.append((words(lang, texts.WHERE), place))
        if meeting.online_url:
            facts.append((words(lang, texts.ONLINE), meeting.online_url))
        elif event.address_later:
            facts.append((words(lang, texts.ONLINE), words(lang, texts.ADDRESS_LATER)))
        if meeting.registration is not None and meeting.registration.url:
            facts.append((words(lang, texts.REGISTER), meeting.registration.url))
        return facts

    def _club_place(self, event: Event, lang: str) -> str:
        club = self.calendars.network.clubs.get(event.club)
        if not event.at_club_place or club is None or club.location is None:
            return ""
        return one_line(", ".join((club.location.city, i18n.country_name(club.location.country, lang))), 300)

    def _item(self, event: Event, item: Item, lang: str) -> str:
        meeting = item.meeting
        day = i18n.format_day(_day(item.original), lang, "medium")
        said = []
        for what in item.what:
            if what in ("removed", "added"):
                said.append(words(lang, texts.WHAT[what]))
            elif what == "status" and meeting is not None:
                said.append(words(lang, texts.WHAT.get(meeting.status, texts.WHAT["scheduled"])))
            elif what == "time" and meeting is not None:
                before = item.before.get("start", "")
                said.append(words(lang, texts.WHAT["time"]) % {
                    "when": texts.when(meeting.start, meeting.end, event.all_day, lang),
                    "before": _was(before, lang)})
            elif what == "venue" and meeting is not None:
                said.append(words(lang, texts.WHAT["venue"]) % {
                    "place": _place(meeting.venue, lang) if meeting.venue else words(lang, texts.ONLINE)})
            elif what == "online" and meeting is not None and meeting.online_url:
                said.append(words(lang, texts.WHAT["online"]) % {"url": meeting.online_url})
            elif what == "registration" and meeting is not None:
                url = meeting.registration.url if meeting.registration else ""
                said.append(words(lang, texts.WHAT["registration"]) % {"url": url} if url
                            else words(lang, texts.WHAT["registration_closed"]))
        return f"{day}: {' '.join(dict.fromkeys(said))}"

    def _after(self, found: Section, event: Event, lang: str) -> None:
        if event.report is not None:
            source = self._text(event.report, lang)
            found.report_title = words(lang, texts.REPORT)
            found.report_text = self.plain(source)
            found.report = Markup(self.markdown.html(source))  # noqa: S704 - sanitized by the site's renderer
        after = event.activities.get("after", ())
        if after:
            found.lists.append((words(lang, texts.AFTER), [
                one_line(self._text(a.title, lang), 300) + (f" ({a.url})" if a.url else "") for a in after]))

    def _links(self, event: Event, club: Club, lang: str) -> list[tuple[str, str]]:
        ui = urls.ui_language(self.config, lang)
        links = [(words(lang, texts.EVENT_PAGE), urls.absolute(self.config, urls.event(self.config, ui, event.id))),
                 (words(lang, texts.ADD_CALENDAR), urls.absolute(self.config, event_feed_path(self.config, event, ui))),
                 (words(lang, texts.SUBSCRIBE_CLUB), urls.webcal(self.config, urls.ical_club(club.id)))]
        return [(label, href) for label, href in links if _safe_href(href)]

    # -- a region's digest -----------------------------------------------------------------
    def digest_section(self, message: Message, lang: str) -> Section:
        digest = message.digest
        assert digest is not None
        region = one_line(self._text(digest.region.name, lang))
        found = Section(lang, words(lang, texts.SUBJECT["digest"]) % {"region": region})
        found.paragraphs.append(words(lang, texts.DIGEST_LEAD) % {"region": region})
        ui = urls.ui_language(self.config, lang)
        upcoming = [f"{texts.when(m.start, m.end, m.event.all_day, lang)}: {one_line(self._text(m.title, lang))}"
                    + (f" ({words(lang, 'Cancelled')})" if m.cancelled else "")
                    + f" {urls.absolute(self.config, urls.event(self.config, ui, m.event.id))}"
                    for m in digest.upcoming[:50]]
        new = [f"{one_line(self._text(c.name, lang))} "
               f"{urls.absolute(self.config, urls.club(self.config, urls.ui_language(self.config, lang), c.id))}"
               for c in digest.new_clubs]
        quiet = [f"{one_line(self._text(q.club.name, lang))} ("
                 + (words(lang, texts.LAST_MET) % {"day": i18n.format_day(q.last, lang, "medium")} if q.last
                    else words(lang, texts.NEVER_MET)) + f") {q.club.path}" for q in digest.quiet]
        no_report = [f"{one_line(self._text(e.title, lang))} {e.path}" for e in digest.no_report]
        for title, items in ((texts.DIGEST_UPCOMING, upcoming), (texts.DIGEST_NEW_CLUBS, new),
                             (texts.DIGEST_QUIET, quiet), (texts.DIGEST_NO_REPORT, no_report)):
            if items:
                found.lists.append((words(lang, title), items))
        if not found.lists:
            found.paragraphs.append(words(lang, texts.DIGEST_NOTHING))
        found.footer = words(lang, texts.DIGEST_FOOTER) % {"region": region}
        return found


def _cancels(item: Item) -> bool:
    return "removed" in item.what or (item.meeting is not None and item.meeting.cancelled and "status" in item.what)


def _was(value: str, lang: str) -> str:
    """Where a meeting was (its local start as the ledger kept it), in words."""
    if "T" not in value:
        return i18n.format_day(_day(value), lang)
    moment = datetime.fromisoformat(value)
    return f"{i18n.format_day(moment.date(), lang)}, {i18n.format_time(moment.time(), lang)}"


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _place(venue: Venue | None, lang: str) -> str:
    if venue is None:
        return ""
    parts = [venue.name, venue.address, venue.city, i18n.country_name(venue.country, lang) if venue.country else ""]
    return one_line(", ".join(p for p in parts if p and p.strip()), 300)
