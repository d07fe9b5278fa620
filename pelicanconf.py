"""Pelican settings of the site (development; publishconf.py adds the published address).

groundgame's own settings are the GROUNDGAME_* names (see src/groundgame/config.py).
"""

import os

AUTHOR = "groundgame"
SITENAME = "Open Web Clubs"
# Absolute, and may carry a sub-path (https://org.github.io/repo): every link is made from it.
SITEURL = os.environ.get("SITEURL", "http://localhost:8000")
RELATIVE_URLS = False
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["groundgame_site"]

# Pelican reads only the news articles; the YAML records are read by the plugin, and
# nothing in content/ is copied to the output.
ARTICLE_PATHS = ["news"]
PAGE_PATHS = []
STATIC_PATHS = []
IGNORE_FILES = [".*"]
DELETE_OUTPUT_DIRECTORY = True
SLUGIFY_SOURCE = "basename"
# The plugin writes the news pages (at their URL) through groundgame's own writer: Pelican writes none.
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_URL = "news/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DIRECT_TEMPLATES = []
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

GROUNDGAME_JOBS = 0  # page-rendering processes; 0: one per core
GROUNDGAME_STRICT = True  # a warning fails the build
GROUNDGAME_FEEDS = True  # iCal feeds, JSON API and Atom feeds beside the pages
# A calendar feed over 800 KB or 1,000 VEVENTs keeps the events whose next meeting is nearest and
# logs a warning (which fails the build); True makes that an INFO line, for networks whose large
# feeds are expected to be cut (their region, club and topic feeds hold every event).
GROUNDGAME_FEEDS_MAY_BE_CUT = False
# The most bytes the files made from one record may take (its pages in every UI language, its
# calendar files, API document and Atom feed): a record over it fails the build, named, so that no
# small file can make the site huge. The sample's largest record makes 0.4 MB, the largest event the
# schemas allow 2.4 MB, a region of 170 clubs 1.2 MB. 0: no limit.
GROUNDGAME_MAX_BYTES_PER_RECORD = 10_000_000
# Where a text missing in a page's language is taken from, in order: "parent", the language's parent
# (pt-BR → pt) or another region of it; "default", the site's default language (the first of
# GROUNDGAME_LANGUAGES); "primary", the record's first language (also the last resort, named or not).
GROUNDGAME_FALLBACK = ["parent", "default", "primary"]
GROUNDGAME_SEARCH = True  # the Pagefind search index, made after the pages are written
# Remake only what a change affects, from what the last build in this process made (make serve sets it).
GROUNDGAME_INCREMENTAL = False
# The map's tiles (the one third-party request, made only when a visitor asks for them).
GROUNDGAME_TILE_URL = os.environ.get("GROUNDGAME_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
GROUNDGAME_TILE_ATTRIBUTION = os.environ.get("GROUNDGAME_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# The repository's web address: the "Add your club or event", club and event pages link its issue
# forms (pre-filled with the club, event or meeting). Empty: no such links.
GROUNDGAME_REPOSITORY = os.environ.get("GROUNDGAME_REPOSITORY", "https://github.com/example/groundgame")
