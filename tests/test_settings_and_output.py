"""Settings are checked once and together; every output file goes through one guarded writer; now is pinned."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from groundgame import clock, config
from groundgame.output import OutputError, Writer
from groundgame.problems import UsageError


def test_settings_read_from_a_pelican_style_mapping():
    site = config.from_settings({"SITEURL": "https://org.github.io/clubs/", "GROUNDGAME_LANGUAGES": ["es", "en"]})
    assert site.site_url == "https://org.github.io/clubs"
    assert site.base_path == "/clubs"
    assert site.default_language == "es"
    assert site.uid_host == "org.github.io"


def test_every_bad_setting_is_reported_together():
    with pytest.raises(UsageError) as caught:
        config.from_settings({"SITEURL": "/relative", "GROUNDGAME_LANGUAGES": "en",
                              "GROUNDGAME_FEED_PAST_DAYS": -1, "GROUNDGAME_FEEDS_MAY_BE_CUT": "yes"})
    message = str(caught.value)
    assert "SITEURL must be an absolute http(s) address" in message
    assert "LANGUAGES must be a list of strings" in message
    assert "GROUNDGAME_FEED_PAST_DAYS must be a whole number of days" in message
    assert "GROUNDGAME_FEEDS_MAY_BE_CUT must be True or False" in message


def test_now_comes_from_source_date_epoch():
    assert clock.now({"SOURCE_DATE_EPOCH": "1796083200"}) == datetime(2026, 12, 1, tzinfo=UTC)
    with pytest.raises(UsageError):
        clock.now({"SOURCE_DATE_EPOCH": "yesterday"})
    assert clock.now({}).tzinfo is UTC


def test_the_writer_refuses_paths_outside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    writer = Writer(out)
    for bad in ("../out-evil/x.html", "/../../etc/passwd", "a/../../b", ""):
        with pytest.raises(OutputError):
            writer.write(bad, "x")
    assert not (tmp_path / "out-evil").exists()


def test_the_writer_refuses_to_write_a_path_twice(tmp_path):
    writer = Writer(tmp_path)
    writer.write("clubs/x/index.html", "one", category="pages")
    with pytest.raises(OutputError, match="twice"):
        writer.write("clubs/x/./index.html", "two")
    assert (tmp_path / "clubs/x/index.html").read_text() == "one"
    assert writer.counts == {"pages": 1}


def test_a_path_another_process_wrote_cannot_be_written_again(tmp_path):
    writer = Writer(tmp_path)
    worker = writer.for_worker()
    worker.write("calendar/events/a/b.ics", "x", category="feeds")
    writer.take(worker.handover())
    with pytest.raises(OutputError, match="twice"):
        writer.write("calendar/events/a/./b.ics", "x")
    with pytest.raises(OutputError, match="names no file"):
        writer.write("calendar/events/", "x")
    assert writer.counts == {"feeds": 1}
