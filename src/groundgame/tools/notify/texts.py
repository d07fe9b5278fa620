"""The words of the messages, marked for the UI catalogs (``make catalogs``), and the one-line
forms of organizer text that may go into a header.

A language without a compiled catalog (a record language the site has no UI for) gets English.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from groundgame import i18n
from groundgame.i18n import N_

SUBJECT = {
    "announce": N_("New event: %(title)s"),
    "series": N_("New series: %(title)s"),
    "change": N_("Changed: %(title)s"),
    "cancel": N_("Cancelled: %(title)s"),
    "reminder": N_("Reminder: %(title)s, %(day)s"),
    "followup": N_("Report: %(title)s"),
    "digest": N_("Weekly digest: %(region)s"),
}
LEAD = {
    "announce": N_("%(club)s has a new event."),
    "series": N_("%(club)s starts a new series of meetings."),
    "change": N_("%(club)s changed an event you may be coming to."),
    "reminder": N_("%(club)s meets soon."),
    "followup": N_("%(club)s wrote what happened, and what to do next."),
}
WHAT = {
    "time": N_("Moved: now %(when)s (was %(before)s)."),
    "cancelled": N_("Cancelled."),
    "postponed": N_("Postponed."),
    "scheduled": N_("Takes place again as planned."),
    "venue": N_("New place: %(place)s."),
    "online": N_("New online address: %(url)s"),
    "registration": N_("Registration is open: %(url)s"),
    "registration_closed": N_("Registration is closed."),
    "removed": N_("No longer in the series."),
    "added": N_("New meeting."),
}
WHEN = N_("When")
WHERE = N_("Where")
ONLINE = N_("Online")
REGISTER = N_("Register")
ADDRESS_LATER = N_("Online: the address will be sent to registered people.")
MEETINGS_CHANGED = N_("What changed")
NEXT_MEETINGS = N_("The next meetings")
MORE = N_("and %(count)s more meetings: see the event's page.")
EVENT_PAGE = N_("The event's page")
ADD_CALENDAR = N_("Add it to your calendar: open the attached file, or")
SUBSCRIBE_CLUB = N_("Subscribe to the club's calendar")
REPORT = N_("What happened")
AFTER = N_("To do after the event")
FOOTER = N_("You get this message because you joined the list of %(club)s. To leave it, or to invite others: "
            "%(subscribe)s")
DIGEST_LEAD = N_("This week in %(region)s, for its coordinators.")
DIGEST_UPCOMING = N_("Meetings in the next two weeks")
DIGEST_NEW_CLUBS = N_("New clubs")
DIGEST_QUIET = N_("Quiet clubs: no meeting for six months, and none planned")
DIGEST_NO_REPORT = N_("Past events without a report")
DIGEST_NOTHING = N_("Nothing to report this week.")
DIGEST_FOOTER = N_("Sent by groundgame to the coordinators' address of %(region)s (digest_address in its file).")
NEVER_MET = N_("no meeting yet")
LAST_MET = N_("last meeting %(day)s")


def words(lang: str, message: str) -> str:
    """``message`` in ``lang``'s catalog (English when the site has none for ``lang``)."""
    try:
        return i18n.gettext(lang, message)
    except FileNotFoundError:
        return message


def one_line(text: str, limit: int = 200) -> str:
    """Organizer text fit for a header or a line: every control, format or line/paragraph
    separator character becomes a space, runs of spaces one space, cut to ``limit``."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    flat = " ".join(cleaned.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def when(start: datetime, end: datetime, all_day: bool, lang: str) -> str:
    """``mardi 8 décembre 2026, 19:00–21:00 (heure normale d’Europe centrale)``, or the days of an all-day one."""
    day = i18n.format_day(start.date(), lang)
    if all_day:
        last = (end.date().toordinal() - 1)
        if last <= start.date().toordinal():
            return day
        return f"{day} – {i18n.format_day(datetime.fromordinal(last).date(), lang)}"
    same = end.date() == start.date()
    until = i18n.format_time(end.time(), lang) if same else \
        f"{i18n.format_day(end.date(), lang)} {i18n.format_time(end.time(), lang)}"
    return f"{day}, {i18n.format_time(start.time(), lang)}–{until} ({i18n.zone_name(start, lang)})"
