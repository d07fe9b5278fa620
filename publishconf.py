"""Settings of the published site: pelicanconf.py with the public address.

SITEURL may carry a sub-path (GitHub project pages: https://<org>.github.io/<repo>).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://clubs.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
