"""The SMTP server to send through, from the environment, and one connection to it.

``GROUNDGAME_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_FROM`` and ``_SECURITY``
(``starttls``, the default; ``tls`` for a connection encrypted from the start; ``none``, only for a
server on this machine) come from the workflow's repository secrets. Every problem with them is
said at once, as a usage error (exit 2), never as a traceback.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from types import TracebackType

from groundgame.problems import UsageError

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT = 30  # seconds for each SMTP exchange
_LOCAL = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    user: str
    password: str
    sender: str  # the From header as given (``Club network <notify@example.org>`` or a plain address)
    address: str  # its address alone (the envelope sender)
    security: str


def settings(env: Mapping[str, str]) -> Settings:
    """The SMTP settings of ``env``, or a ``UsageError`` naming every missing or bad one."""
    def get(name: str) -> str:
        return env.get(f"GROUNDGAME_SMTP_{name}", "").strip()

    problems = []
    host, sender = get("HOST"), get("FROM")
    security = get("SECURITY").lower() or "starttls"
    if not host:
        problems.append("GROUNDGAME_SMTP_HOST: is required (the SMTP server's name, such as smtp.example.org)")
    elif any(c.isspace() or c in "/@:" for c in host):
        problems.append(f"GROUNDGAME_SMTP_HOST: must be a host name, without a scheme, port or user (got {host!r})")
    if security not in SECURITY:
        problems.append(f"GROUNDGAME_SMTP_SECURITY: must be one of {', '.join(SECURITY)} (got {security!r})")
        security = "starttls"
    elif security == "none" and host and host not in _LOCAL:
        problems.append(f"GROUNDGAME_SMTP_SECURITY: none sends the password and the mail unencrypted; it is only "
                        f"allowed for a server on this machine (got host {host!r}); use starttls or tls")
    port_text = get("PORT")
    port = DEFAULT_PORTS[security]
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            problems.append(f"GROUNDGAME_SMTP_PORT: must be a port number from 1 to 65535 (got {port_text!r})")
        else:
            port = int(port_text)
    user, password = get("USER"), env.get("GROUNDGAME_SMTP_PASSWORD", "")
    if bool(user) != bool(password):
        problems.append("GROUNDGAME_SMTP_USER and GROUNDGAME_SMTP_PASSWORD: give both, or neither for a server "
                        "that needs no login")
    address = _address(sender, problems)
    if problems:
        raise UsageError("the SMTP settings are not usable:\n  " + "\n  ".join(problems))
    return Settings(host, port, user, password, sender, address, security)


def _address(sender: str, problems: list[str]) -> str:
    if not sender:
        problems.append("GROUNDGAME_SMTP_FROM: is required (the From address, such as "
                        "'Open Web Clubs <notify@clubs.example.org>')")
        return ""
    probe = EmailMessage(policy=SMTP)
    try:
        probe["From"] = sender
        addresses = probe["From"].addresses
    except (ValueError, IndexError, TypeError):
        addresses = ()
    if len(addresses) != 1 or not isinstance(addresses[0], Address) or not addresses[0].domain \
            or probe["From"].defects:
        problems.append(f"GROUNDGAME_SMTP_FROM: must be one address, such as 'Open Web Clubs "
                        f"<notify@clubs.example.org>' (got {sender!r})")
        return ""
    return str(addresses[0].addr_spec)


class RefusedError(Exception):
    """The server answered no to this message (it was not accepted): send it again next time."""


class UnreachableError(Exception):
    """The server could not be reached, or the connection broke: nothing more can go this run."""


class Connection:
    """One SMTP session for a run; ``send`` raises ``RefusedError`` or ``UnreachableError``."""

    def __init__(self, config: Settings):
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None

    def _open(self) -> smtplib.SMTP:
        config = self.config
        context = ssl.create_default_context()
        try:
            if config.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT, context=context)
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
                if config.security == "starttls":
                    smtp.starttls(context=context)
            if config.user:
                smtp.login(config.user, config.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise UnreachableError(f"the SMTP server refused the login of GROUNDGAME_SMTP_USER "
                                   f"({exc.smtp_code})") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise UnreachableError(f"cannot reach {config.host}:{config.port} ({type(exc).__name__}: {exc})") from None
        return smtp

    def send(self, mail: EmailMessage, to: str) -> None:
        if self._smtp is None:
            self._smtp = self._open()
        try:
            refused = self._smtp.send_message(mail, from_addr=self.config.address, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as exc:
            raise RefusedError(f"the server refused {to}: {_said(exc.recipients.get(to))}") from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            said = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            raise RefusedError(f"the server refused the message ({exc.smtp_code} {said})") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._smtp = None
            raise UnreachableError(f"the connection to {self.config.host} broke "
                                   f"({type(exc).__name__}: {exc})") from None
        if refused:
            raise RefusedError(f"the server refused {to}: {_said(refused.get(to))}")


def _said(answer: tuple[int, bytes] | None) -> str:
    if answer is None:
        return "no reason given"
    return f"{answer[0]} {answer[1].decode(errors='replace')}"
