"""The questions of the five issue forms: the contract with ``.github/ISSUE_TEMPLATE/*.yml``.

Each form is a tuple of ``Field``s, in the order GitHub renders them. A test checks that
each template asks exactly these questions (id, label, type, required, description,
options), so a change here and in the template go together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Field:
    """One question of an issue form: its id, its heading (label), and how it is asked."""

    id: str
    label: str
    type: str = "input"  # input, textarea, dropdown or checkboxes
    required: bool = False
    description: str = ""
    options: tuple[str, ...] = ()


FORMATS = ("workshop", "hackfest", "meetup", "maker-party", "talk", "study-group", "conference", "hack-night",
           "mentoring", "showcase", "sprint", "festival", "other")

# The dropdown's options, and the ``repeat.every`` each means.
REPEATS = {"Daily": "day", "Weekly": "week", "Monthly": "month", "Yearly": "year"}

# The accessibility checkboxes, and the ``venue.accessibility`` field each sets to true.
ACCESS = {"Step-free access to every room used": "step_free", "Talks are captioned": "captions",
          "Sign language interpretation": "sign_language", "A quiet room": "quiet_room"}

# The online accessibility checkboxes, and the ``online.accessibility`` field each sets to true.
ONLINE_ACCESS = {"Captions (live captions or subtitles)": "captions",
                 "Sign language interpretation": "sign_language",
                 "Captions or sign language (not said which)": "captions_or_sign_language",
                 "Written transcripts of the talks": "transcripts"}

CANCELLED, POSTPONED, RESTORED = ("It is cancelled", "It is postponed; the new date is not known yet",
                                  "It takes place after all (it was cancelled or postponed)")
ONLINE_CLUB = "The club meets online"
CANCEL_MEETING = "This meeting is cancelled"
ONLINE_MEETING = "This meeting is held online only"
ONLINE_LATER = "The online address will be sent to registered people"

_SERIES = (
    Field("repeat", "Repeats", "dropdown", options=tuple(REPEATS),
          description="Optional: for a series of meetings. Leave it empty for an event that happens once."),
    Field("interval", "Every how many",
          description="Optional, for a series: 2 for every other week (or day, month, year). Empty: every one."),
    Field("days", "On which days",
          description="Optional, for a series: weekdays, such as 'thursday' or 'tuesday thursday' for a weekly "
                      "series, '2nd tuesday' or 'last friday' for a monthly one. Empty: the day of the start."),
    Field("until", "Last date",
          description="For a series: the date of its last meeting, such as 2027-06-24. "
                      "Give this or the number of meetings."),
    Field("count", "Number of meetings",
          description="For a series: how many meetings in all, counting the ones you later cancel or move. "
                      "Give this or the last date."),
)

_ACCESS = (
    Field("access", "Accessibility", "checkboxes", options=tuple(ACCESS),
          description="Optional: tick what the venue and the event offer."),
    Field("access_notes", "Accessibility notes", "textarea",
          description="Optional: anything else visitors should know about access, such as where the lift is."),
)

_EVENT_HEAD = (
    Field("title", "Event title", required=True, description="The name of the event, as on a poster."),
    Field("slug", "Short name for the file",
          description="Optional: lowercase words joined by hyphens, such as december-workshop. "
                      "Left empty, it is made from the title."),
    Field("summary", "Summary", "textarea", description="One or two sentences: what happens, and for whom."),
    Field("description", "Description", "textarea",
          description="Optional: everything else people should know. You can use Markdown."),
    Field("start", "Start", required=True,
          description="Local date and time, such as 2026-12-01 19:00; a date alone (2026-12-01) for an all-day "
                      "event. For a series, its first meeting."),
    Field("end", "End", description="Optional, in the same form. Without it, an event lasts two hours."),
)
_VENUE_NAME = Field("venue", "Venue name",
                    description="Where people meet, such as a library. Empty for an online event, for one at "
                                "the club's usual place, or when only the City and Country code are known.")
_ONLINE_ETC = (
    Field("online", "Online address",
          description="The address of the call or stream, starting with https://. Empty for an in-person event."),
    Field("online_later", "Online address sent later", "checkboxes", options=(ONLINE_LATER,),
          description="Optional: tick it for an online event whose address only registered people get. "
                      "Then leave the Online address empty."),
    Field("online_access", "Online accessibility", "checkboxes", options=tuple(ONLINE_ACCESS),
          description="Optional, for an online event: tick what it offers so that everyone can follow."),
    Field("registration", "Sign-up address", description="Optional: where people register, starting with https://."),
    Field("format", "Format", "dropdown", description="Optional: what kind of event it is.", options=FORMATS),
)
_MORE = (
    Field("website", "Event website",
          description="Optional: the event's own website, starting with https://."),
    Field("code_of_conduct", "Code of conduct",
          description="Optional: the address of the event's code of conduct. Empty: the club's is shown."),
    Field("cfp", "Call for proposals",
          description="Optional: where people propose a talk or workshop, starting with https:// (or mailto:)."),
    Field("cfp_closes", "Proposals close",
          description="Optional: the last day proposals are taken, such as 2026-11-01; before the event. "
                      "Empty: open until the event starts."),
    Field("social", "Social accounts", "textarea",
          description="Optional: the event's own profiles on Mastodon, Bluesky and the like, one https:// "
                      "address a line (at most 10)."),
)

EVENT = (
    Field("club", "Club id", required=True,
          description="Your club's id: its file name in content/clubs/ without .yaml, such as paris-atelier-du-web."),
    *_EVENT_HEAD,
    Field("timezone", "Time zone",
          description="Optional: an IANA time zone such as Europe/Paris. Without it, the club's."),
    *_SERIES,
    _VENUE_NAME,
    Field("address", "Street address", description="Optional."),
    Field("city", "City", description="Optional."),
    Field("country", "Country code", description="Optional: two letters, such as FR or BR."),
    *_ACCESS,
    *_ONLINE_ETC,
    *_MORE,
    Field("languages", "Languages",
          description="Optional: language codes, the main one first, such as 'fr en'. Without it, the club's."),
    Field("second_language", "Second language",
          description="Optional: the code of another language you give the title and summary in, such as pt."),
    Field("second_title", "Title in the second language", description="Optional."),
    Field("second_summary", "Summary in the second language", "textarea", description="Optional."),
)

# The club form's first event: the event form's questions about the event itself, each id
# prefixed ``event_`` and each label ``First event: ``; the club gives the rest (its city,
# country, time zone and languages).
# Its own code of conduct and social accounts are left out: the club's are shown.
_FIRST_EVENT_IDS = ("title", "slug", "summary", "description", "start", "end", "repeat", "interval", "days", "until",
                    "count", "venue", "address", "access", "access_notes", "online", "online_later", "online_access",
                    "registration", "format", "website", "cfp", "cfp_closes")
_FIRST_LABELS = {"title": "Title", "website": "Website"}
_FIRST_DESCRIPTIONS = {
    "title": "Optional: to propose the club's first event in the same pull request, its name. "
             "Leave this part empty to register the club alone.",
    "venue": "Where people meet, in the club's city, such as a library. Empty for an online event, "
             "or one at the club's usual place.",
}
FIRST_EVENT = "First event: "


def _first_event() -> tuple[Field, ...]:
    by_id = {f.id: f for f in EVENT}
    return tuple(replace(by_id[i], id=f"event_{i}", label=FIRST_EVENT + _FIRST_LABELS.get(i, by_id[i].label),
                         required=False, description=_FIRST_DESCRIPTIONS.get(i, by_id[i].description))
                 for i in _FIRST_EVENT_IDS)


CLUB = (
    Field("name", "Club name", required=True, description="The club's name."),
    Field("slug", "Short name for the file",
          description="Optional: lowercase words joined by hyphens, such as lisbon-makers. "
                      "Left empty, it is made from the name."),
    Field("summary", "Summary", "textarea", required=True, description="One sentence about the club."),
    Field("description", "Description", "textarea",
          description="Optional: what you do, where, and how to join. You can use Markdown."),
    Field("languages", "Languages", required=True,
          description="Language codes, the main one first, such as 'pt-BR en'."),
    Field("region", "Region", required=True,
          description="The id of your region: a file name in content/regions/ without .yaml, such as europe."),
    Field("city", "City", description="Where the club meets. Empty for an online-only club."),
    Field("country", "Country code", description="Two letters, such as PT or KE. Empty for an online-only club."),
    Field("online", "Online", "checkboxes", options=(ONLINE_CLUB,), description="Optional."),
    Field("timezone", "Time zone", required=True, description="An IANA time zone such as Europe/Lisbon."),
    Field("leader", "Your name", required=True,
          description="You will be the club's first leader, with the GitHub account that opens this issue."),
    Field("website", "Website", description="Optional: the club's own site, starting with https://."),
    Field("code_of_conduct", "Code of conduct",
          description="Optional: the address of the code of conduct your meetings follow, starting with https://."),
    Field("social", "Social accounts", "textarea",
          description="Optional: the club's profiles on Mastodon, Bluesky and the like, one https:// address a line "
                      "(at most 10)."),
    *_first_event(),
)

_EVENT_ID = Field("event", "Event id", required=True,
                  description="The event's id, such as lisbon-web/encontros: the club's id, a slash, the event's "
                              "short name. Filled in when you come from the event's page.")

MEETING = (
    _EVENT_ID,
    Field("date", "Date of the meeting", required=True,
          description="The meeting's date as the series gives it, such as 2027-01-28 (its first date, if it was "
                      "moved before). Filled in when you come from the meeting's page."),
    Field("cancel", "Cancelled", "checkboxes", options=(CANCEL_MEETING,), description="Optional."),
    Field("start", "New start",
          description="Optional: when the meeting moves, its new local date and time, such as 2027-02-12 19:00 "
                      "(a date alone keeps the usual time)."),
    Field("end", "New end", description="Optional, in the same form. Empty: it lasts as long as the others."),
    Field("venue", "Venue name",
          description="Optional: when this meeting is at another place in the same city, the place's name."),
    Field("address", "Street address", description="Optional: that place's street address."),
    Field("online_only", "Online only", "checkboxes", options=(ONLINE_MEETING,), description="Optional."),
    Field("online", "Online address",
          description="Optional: the address of the call for this meeting, starting with https://."),
    Field("title", "Title of this meeting", description="Optional: a title for this meeting only, such as a talk's."),
    Field("note", "Note", "textarea", description="Optional: why it changed, for visitors. Shown with the meeting."),
)

CHANGE = (
    _EVENT_ID,
    Field("status", "What happens", "dropdown", options=(CANCELLED, POSTPONED, RESTORED),
          description="Optional: whether the event is called off."),
    Field("start", "New start",
          description="Optional: the new local date and time, such as 2026-12-01 19:00 (for a series, "
                      "its first meeting)."),
    Field("end", "New end", description="Optional, in the same form."),
    Field("title", "New title", description="Optional: the corrected title, in the event's main language."),
    Field("summary", "New summary", "textarea", description="Optional: the corrected summary."),
    Field("description", "New description", "textarea", description="Optional: the corrected description."),
    Field("venue", "New venue name", description="Optional: where people meet now."),
    Field("address", "New street address", description="Optional."),
    Field("online", "New online address", description="Optional: starting with https://."),
    Field("registration", "New sign-up address", description="Optional: starting with https://."),
    Field("website", "New event website", description="Optional: the event's own website, starting with https://."),
    Field("code_of_conduct", "New code of conduct",
          description="Optional: the address of the event's own code of conduct, starting with https://."),
    Field("cfp", "New call for proposals",
          description="Optional: where people propose a talk or workshop, starting with https:// (or mailto:)."),
    Field("cfp_closes", "New closing date for proposals",
          description="Optional: the last day proposals are taken, such as 2026-11-01. Without it, a date "
                      "already given stays."),
)

TRANSLATION = (
    Field("record", "Club or event id", required=True,
          description="A club's id, such as lisbon-web, or an event's, such as lisbon-web/encontros. "
                      "Filled in when you come from its page."),
    Field("language", "Language", required=True,
          description="The code of the language you translate into, such as pt, pt-BR or en."),
    Field("name", "Name or title", description="The club's name or the event's title in that language."),
    Field("summary", "Summary", "textarea", description="Optional: the summary in that language."),
    Field("description", "Description", "textarea",
          description="Optional: the description in that language. You can use Markdown."),
)

FORMS: dict[str, tuple[Field, ...]] = {"club": CLUB, "event": EVENT, "meeting": MEETING, "change": CHANGE,
                                       "translation": TRANSLATION}

# Where each field of a record came from on the form, to name a problem by its label.
CLUB_LABELS = {"name": "Club name", "summary": "Summary", "description": "Description", "languages": "Languages",
               "region": "Region", "location.city": "City", "location.country": "Country code", "location": "City",
               "timezone": "Time zone", "leaders": "Your name", "contact.website": "Website",
               "code_of_conduct": "Code of conduct", "contact.social": "Social accounts"}
MEETING_LABELS = {"start": "New start", "end": "New end", "venue": "Venue name", "venue.name": "Venue name",
                  "venue.address": "Street address", "online.url": "Online address", "online": "Online address",
                  "online_only": "Online only", "title": "Title of this meeting", "note": "Note"}
CHANGE_LABELS = {"start": "New start", "end": "New end", "title": "New title", "summary": "New summary",
                 "description": "New description", "venue": "New venue name", "venue.name": "New venue name",
                 "venue.address": "New street address", "online.url": "New online address",
                 "registration.url": "New sign-up address", "status": "What happens", "website": "New event website",
                 "code_of_conduct": "New code of conduct", "call_for_proposals": "New call for proposals",
                 "call_for_proposals.url": "New call for proposals",
                 "call_for_proposals.closes": "New closing date for proposals"}
TRANSLATION_LABELS = {"name": "Name or title", "title": "Name or title", "summary": "Summary",
                      "description": "Description"}
