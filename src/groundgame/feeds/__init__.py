"""Machine outputs: iCalendar feeds (with their VTIMEZONEs), the JSON API and the Atom feeds, and the
git history and revisions behind their SEQUENCE and LAST-MODIFIED.
"""
