"""``groundgame form``: turn a submitted GitHub issue form into the YAML a person would write.

Five forms (``fields.FORMS``), each a template in ``.github/ISSUE_TEMPLATE/``:

* ``club``: register a club, and optionally its first event in the same pull request;
* ``event``: propose an event, one meeting or a series (with accessibility, a second language);
* ``meeting``: change one meeting of a series: cancel it, move it, another venue, online, a note;
* ``change``: change an event: cancel, postpone, a new date, a corrected text;
* ``translation``: add a club's or an event's texts in another language.

The body is data from anyone: it is never evaluated, only split into answers (``parse``),
turned into a record (``records``) or into edits of an existing file that keep its
comments and order (``edits``), written and checked with the same loader as
``groundgame validate`` (``submit``). When something is wrong, nothing is left behind and
the problems come back in plain words, named by the form's labels (``command``).
"""

from groundgame.tools.forms.command import add_arguments, as_json, code_span, command, comment
from groundgame.tools.forms.common import is_github_user
from groundgame.tools.forms.fields import FORMS, Field
from groundgame.tools.forms.parse import NO_RESPONSE, parse_body
from groundgame.tools.forms.submit import FormResult, submit

__all__ = ["FORMS", "NO_RESPONSE", "Field", "FormResult", "add_arguments", "as_json", "code_span", "command",
           "comment", "is_github_user", "parse_body", "submit"]
