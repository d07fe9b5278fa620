"""The dashboard page (``dashboard/``) in one UI language: the network's figures as charts and tables.

The figures are ``feeds.figures.Figures``, the same value ``api/v1/dashboard.json`` is made
from; this module only words them in the page's language (CLDR months, quarters and numbers
through Babel, UI strings through the catalogs) and hands each section's charts
(``charts``) and data table to ``dashboard.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from groundgame import i18n
from groundgame.feeds.figures import Figures, month_text, quarter_text
from groundgame.i18n import N_
from groundgame.model.records import Localized
from groundgame.site import charts
from groundgame.site.charts import Chart, Series

if TYPE_CHECKING:
    from groundgame.site.views import Text, View

SERIES = {
    "meetings": N_("Meetings"),
    "active": N_("Active clubs"), "quiet": N_("Quiet clubs"), "dormant": N_("Dormant clubs"),
    "new": N_("New clubs"), "with_report": N_("With a report"), "without_report": N_("Without a report"),
    "clubs": N_("Clubs taking part"), "events": N_("Events"),
}


@dataclass(frozen=True)
class Table:
    """A chart's data: ``caption``, the header of each column, and rows of (header, cells)."""

    chart: str  # the id of the chart (or the first of the charts) it gives the data of
    caption: str | Markup
    corner: str  # the header of the column of row headers
    columns: tuple[Text | str, ...]
    rows: tuple[tuple[Text | str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str | Markup
    lead: str | Markup
    charts: tuple[tuple[Text | str, Markup], ...]  # each chart with its caption ('' for none)
    table: Table | None
    notes: tuple[str, ...] = field(default_factory=tuple)


class Dashboard:
    """The sections of the dashboard in ``view``'s language."""

    def __init__(self, view: View, figures: Figures):
        self.view = view
        self.figures = figures
        self.rtl = view.dir == "rtl"

    def _(self, message: str, **variables: object) -> str:
        text = self.view.gettext(message)
        return text % variables if variables else text

    def number(self, value: int) -> str:
        return self.view.number(value)

    def region(self, region_id: str) -> Text:
        return self.view.text(self.view.net.regions[region_id].name)

    def name(self, loc: Localized) -> Text:
        return self.view.text(loc)

    def chart(self, chart_id: str, title: str, desc: str, keys: Sequence[str], labels: Sequence[Text | str],
              series: Sequence[Series]) -> Chart:
        return Chart(chart_id, title, desc, tuple(keys), tuple(str(label) for label in labels), tuple(series),
                     self.rtl, self.number, tuple(_lang(label) for label in labels))

    def series(self, key: str, values: Sequence[int]) -> Series:
        return Series(key, self._(SERIES[key]), tuple(values))

    def sections(self) -> list[Section]:
        return [self.meetings(), self.clubs(), self.new_clubs(), self.reports(), *self.campaigns()]

    # -- the sections ----------------------------------------------------------------------
    def meetings(self) -> Section:
        found, lang = self.figures, self.view.lang
        months = found.months
        keys = [month_text(m) for m in months]
        short = [str(format_skeleton("MMM", date(y, m, 1), locale=i18n.locale(lang))) for y, m in months]
        years = [self.number_year(y) if n == 0 or m == 1 else "" for n, (y, m) in enumerate(months)]
        first, last = i18n.format_month(*months[0], lang), i18n.format_month(*months[-1], lang)
        now = i18n.format_month(*months[found.past_months - 1], lang)
        scale = max([0, *(v for row in found.meetings.values() for v in row)])
        drawn = []
        for region_id in found.regions:
            name = self.region(region_id)
            title = self._("Meetings per month: %(region)s", region=name.value)
            desc = self._("Meetings in %(region)s from %(first)s to %(last)s; those after %(now)s are planned.",
                          region=name.value, first=first, last=last, now=now)
            drawn.append((name, charts.column_chart(
                self.chart(f"meetings-{region_id}", title, desc, keys, short,
                           [self.series("meetings", found.meetings[region_id])]), scale, years)))
        total = found.meetings_total()
        rows = tuple((i18n.format_month(y, m, lang),
                      (*(self.number(found.meetings[r][n]) for r in found.regions), self.number(total[n])))
                     for n, (y, m) in enumerate(months))
        table = Table(f"meetings-{found.regions[0]}" if found.regions else "", self._("Meetings per month by region"),
                      self._("Month"), (*(self.region(r) for r in found.regions), self._("All regions")), rows)
        lead = self._("Every meeting of every event, series included, from %(first)s to %(last)s, by region; "
                      "cancelled meetings are left out, and those after %(now)s are planned.",
                      first=first, last=last, now=now)
        return Section("meetings", self._("Meetings per month"), lead, tuple(drawn), table)

    def number_year(self, year: int) -> str:
        return str(format_skeleton("y", date(year, 1, 1), locale=i18n.locale(self.view.lang)))

    def clubs(self) -> Section:
        found = self.figures
        regions = found.regions
        since = self.view.day(found.quiet_since, "medium")
        kinds = ("active", "quiet", "dormant")
        values = {k: [getattr(found.clubs[r], k) for r in regions] for k in kinds}
        lead = self._("Active clubs that met or will meet, quiet clubs (active, but no meeting since %(day)s and "
                      "none planned) and dormant clubs, by region.", day=since)
        chart = self.chart("clubs", self._("Active and quiet clubs by region"), lead, regions,
                           [self.region(r) for r in regions], [self.series(k, values[k]) for k in kinds])
        table = Table("clubs", self._("Active and quiet clubs by region"), self._("Region"),
                      tuple(self._(SERIES[k]) for k in kinds),
                      tuple((self.region(r), tuple(self.number(values[k][n]) for k in kinds))
                            for n, r in enumerate(regions)))
        return Section("clubs", self._("Active and quiet clubs"), lead, (("", charts.bar_chart(chart)),), table)

    def new_clubs(self) -> Section:
        found, lang = self.figures.new_clubs, self.view.lang
        loc = i18n.locale(lang)
        labels = [str(format_skeleton("yQQQ", date(y, 3 * q - 2, 1), locale=loc)) for y, q in found.quarters]
        short = [str(format_date(date(y, 3 * q - 2, 1), "QQQ", locale=loc)) for y, q in found.quarters]
        years = [self.number_year(y) if n == 0 or q == 1 else "" for n, (y, q) in enumerate(found.quarters)]
        lead = self._("Clubs that joined the network in each of the last %(count)s quarters: a club counts from "
                      "the first commit of its file, or else from the day it was founded.",
                      count=self.number(len(found.quarters)))
        chart = self.chart("new-clubs", self._("New clubs per quarter"), lead,
                           [quarter_text(q) for q in found.quarters], short, [self.series("new", found.counts)])
        table = Table("new-clubs", self._("New clubs per quarter"), self._("Quarter"), (self._(SERIES["new"]),),
                      tuple((label, (self.number(count),)) for label, count in zip(labels, found.counts, strict=True)))
        ngettext = self.view.ntranslate
        notes = (ngettext("%(num)s club gives no date and is not counted.",
                          "%(num)s clubs give no date and are not counted.", found.unknown),) if found.unknown else ()
        drawn = charts.column_chart(chart, None, years)
        return Section("new-clubs", self._("New clubs per quarter"), lead, (("", drawn),), table,
                       tuple(str(n) for n in notes))

    def reports(self) -> Section:
        found = self.figures
        regions = found.regions
        kinds = ("with_report", "without_report")
        values = {k: [getattr(found.reports[r], k) for r in regions] for k in kinds}
        lead = self._("Events that ended since %(day)s and took place, with a report of how they went and "
                      "without one, by region.", day=self.view.day(found.reports_since, "medium"))
        title = self._("Past events with and without a report")
        chart = self.chart("reports", title, lead, regions, [self.region(r) for r in regions],
                           [self.series(k, values[k]) for k in kinds])
        table = Table("reports", title, self._("Region"), tuple(self._(SERIES[k]) for k in kinds),
                      tuple((self.region(r), tuple(self.number(values[k][n]) for k in kinds))
                            for n, r in enumerate(regions)))
        return Section("reports", title, lead, (("", charts.bar_chart(chart)),), table)

    def campaigns(self) -> list[Section]:
        found = self.figures
        regions = found.regions
        if not found.campaigns:
            return [Section("campaigns", self._("Campaign participation"),
                            self._("No campaign is under way, coming or recent."), (), None)]
        sections = []
        for campaign in found.campaigns:
            name = self.name(self.view.net.campaigns[campaign.id].name)
            kinds = ("clubs", "events")
            values = {k: [getattr(campaign.by_region[r], k) for r in regions] for k in kinds}
            days = i18n.format_days(campaign.starts, campaign.ends, self.view.lang, "medium")
            title = N_("Campaign participation: %(campaign)s")
            lead = N_("The clubs and events of each region that join %(campaign)s (%(days)s).")
            chart = self.chart(f"campaign-{campaign.id}", self._(title, campaign=name.value),
                               self._(lead, campaign=name.value, days=days), regions,
                               [self.region(r) for r in regions], [self.series(k, values[k]) for k in kinds])
            heading = self.view.translate(title, campaign=name)  # the name marked where it is in another language
            table = Table(f"campaign-{campaign.id}", heading, self._("Region"),
                          tuple(self._(SERIES[k]) for k in kinds),
                          tuple((self.region(r), tuple(self.number(values[k][n]) for k in kinds))
                                for n, r in enumerate(regions)))
            sections.append(Section(f"campaign-{campaign.id}", heading,
                                    self.view.translate(lead, campaign=name, days=days),
                                    (("", charts.bar_chart(chart)),), table))
        return sections


def _lang(label: Text | str) -> str:
    """The language a label is in when it is not the page's (a name that fell back to another), else ''."""
    return label.lang if not isinstance(label, str) and label.foreign else ""
