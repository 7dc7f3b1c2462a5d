"""The service's one typed configuration, read and validated once at start."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigurationError
from bot.graph.config import DEFAULT_MAX_FILE_MB, GRAPH_BASE_URL, LOGIN_HOST, GraphSettings
from bot.limits import ANSWER_BUDGET_SECONDS
from bot.minutes.limits import DEFAULT_READ_LIMITS, ReadLimits
from bot.people.model import is_guid
from storage.database import DEFAULT_DATABASE_URL, DatabaseUrlError, normalise_url

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = PROJECT_ROOT / "examples"

__all__ = ["EXAMPLES_DIR", "BotCredentials", "ConfigurationError", "Settings"]

APP_TYPES = {"multitenant": "MultiTenant", "singletenant": "SingleTenant", "userassignedmsi": "UserAssignedMSI"}


@dataclass(frozen=True, slots=True)
class BotCredentials:
    """The bot's app registration; without an app id the bot runs in local mode (no tokens in or out), as the
    Bot Framework Emulator expects."""

    app_id: str | None = None
    app_password: str | None = field(default=None, repr=False)
    app_type: str = "MultiTenant"
    tenant_id: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BotCredentials:
        """Read MicrosoftApp{Id,Password,Type,TenantId}, failing fast on half-set credentials rather than
        silently running unauthenticated."""
        env = os.environ if env is None else env

        def value(name: str) -> str | None:
            text = env.get(name, "").strip()
            return text or None

        raw_type = value("MicrosoftAppType") or "MultiTenant"
        app_type = APP_TYPES.get(raw_type.lower())
        if app_type is None:
            raise ConfigurationError(
                f"MicrosoftAppType skal være MultiTenant, SingleTenant eller UserAssignedMSI, ikke {raw_type!r}"
            )
        app_id, password, tenant_id = (
            value("MicrosoftAppId"),
            value("MicrosoftAppPassword"),
            value("MicrosoftAppTenantId"),
        )
        if app_type == "UserAssignedMSI":
            if not app_id or not tenant_id:
                raise ConfigurationError("UserAssignedMSI kræver både MicrosoftAppId og MicrosoftAppTenantId")
        elif password and not app_id:
            raise ConfigurationError("MicrosoftAppPassword er sat, men MicrosoftAppId mangler")
        elif app_id and not password:
            raise ConfigurationError("MicrosoftAppId er sat, men MicrosoftAppPassword mangler")
        elif app_type == "SingleTenant" and app_id and not tenant_id:
            raise ConfigurationError("SingleTenant kræver MicrosoftAppTenantId")
        return cls(app_id, password, app_type, tenant_id)

    @property
    def local_mode(self) -> bool:
        return not self.app_id


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the service is configured with (README lists the variables); an empty ``allowed_tenants``
    accepts all, ``graph`` is None when Microsoft Graph is not configured."""

    database_url: str
    port: int = 3978
    credentials: BotCredentials = BotCredentials()
    allowed_tenants: frozenset[str] = frozenset()
    admins: frozenset[str] = frozenset()
    max_body_bytes: int = 256 * 1024
    load_examples: bool = True
    secretaries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    upload_max_mb: int = 25
    upload_timeout_seconds: int = 60
    graph: GraphSettings | None = None
    graph_sync_minutes: int = 15
    reminders: ReminderSettings = field(default_factory=lambda: ReminderSettings())
    read_limits: ReadLimits = DEFAULT_READ_LIMITS
    answer_budget_seconds: float = ANSWER_BUDGET_SECONDS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, database_url: str | None = None) -> Settings:
        """Read and validate the environment; an explicit database_url (from --db) wins."""
        env = os.environ if env is None else env
        try:
            url = normalise_url(database_url or env.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
        except DatabaseUrlError as error:
            raise ConfigurationError(f"DATABASE_URL: {error}") from None
        tenants = frozenset(t.strip().lower() for t in env.get("ALLOWED_TENANTS", "").split(",") if t.strip())
        credentials = BotCredentials.from_env(env)
        return cls(
            database_url=url,
            port=_int(env, "PORT", 3978, 1, 65535),
            credentials=credentials,
            allowed_tenants=tenants,
            max_body_bytes=_int(env, "MAX_BODY_BYTES", 256 * 1024, 1024, 64 * 1024 * 1024),
            load_examples=env.get("LOAD_EXAMPLES", "1").strip().lower() not in {"0", "false", "nej", "no"},
            secretaries=_secretaries(env.get("SECRETARIES", "")),
            admins=_admins(env.get("ADMINS", "")),
            upload_max_mb=_int(env, "UPLOAD_MAX_MB", 25, 1, 250),
            upload_timeout_seconds=_int(env, "UPLOAD_TIMEOUT_SECONDS", 60, 5, 600),
            graph=_graph(env, credentials),
            graph_sync_minutes=_int(env, "GRAPH_SYNC_MINUTES", 15, 1, 24 * 60),
            reminders=ReminderSettings.from_env(env),
            read_limits=_read_limits(env),
            answer_budget_seconds=_int(env, "ANSWER_BUDGET_SECONDS", int(ANSWER_BUDGET_SECONDS), 1, 300),
        )

    @property
    def home_tenants(self) -> frozenset[str]:
        """The tenants a committee set up for none belongs to: the app's own and the allowed ones."""
        own = self.credentials.tenant_id
        return self.allowed_tenants | ({own.lower()} if own else set())


def default_replica_id() -> str:
    """This process's name among replicas: host name and process id."""
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """Reminder delivery (bot/reminders/delivery.py). A ``lease_seconds`` below 30 may exceed Teams' 30-second
    window when a tenant changes hands."""

    enabled: bool = True
    replica_id: str = field(default_factory=default_replica_id)
    tenant_rps: int = 50
    interval_seconds: int = 30
    grace_minutes: int = 360
    lease_seconds: int = 30
    max_attempts: int = 6

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ReminderSettings:
        replica_id = env.get("REPLICA_ID", "").strip() or default_replica_id()
        if len(replica_id) > 200:
            raise ConfigurationError("REPLICA_ID må højst være 200 tegn")
        return cls(
            enabled=env.get("REMINDERS_ENABLED", "1").strip().lower() not in {"0", "false", "nej", "no", "off"},
            replica_id=replica_id,
            tenant_rps=_int(env, "REMINDER_TENANT_RPS", 50, 1, 10_000),
            interval_seconds=_int(env, "REMINDER_INTERVAL_SECONDS", 30, 1, 3600),
            grace_minutes=_int(env, "REMINDER_GRACE_MINUTES", 360, 1, 3 * 24 * 60),
            lease_seconds=_int(env, "REMINDER_LEASE_SECONDS", 30, 2, 3600),
            max_attempts=_int(env, "REMINDER_MAX_ATTEMPTS", 6, 1, 100),
        )


def _secretaries(text: str) -> dict[str, tuple[str, ...]]:
    """SECRETARIES: "Udvalg A=oid1,oid2; Udvalg B=oid3" (committee names as in the minutes)."""
    result: dict[str, tuple[str, ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        committee, sep, ids = part.partition("=")
        oids = tuple(i.strip() for i in ids.split(",") if i.strip())
        if not sep or not committee.strip() or not oids:
            raise ConfigurationError(f"SECRETARIES: {part!r} skal have formen 'Udvalgets navn=objekt-id,objekt-id'")
        bad = [oid for oid in oids if not is_guid(oid)]
        if bad:
            raise ConfigurationError(f"SECRETARIES: {', '.join(bad)} er ikke Entra-objekt-id'er (GUID)")
        result[committee.strip()] = oids
    return result


def _admins(text: str) -> frozenset[str]:
    oids = [i.strip() for i in text.split(",") if i.strip()]
    bad = [oid for oid in oids if not is_guid(oid)]
    if bad:
        raise ConfigurationError(f"ADMINS: {', '.join(bad)} er ikke Entra-objekt-id'er (GUID)")
    return frozenset(oid.lower() for oid in oids)


def _read_limits(env: Mapping[str, str]) -> ReadLimits:
    mb = 1024 * 1024
    default = DEFAULT_READ_LIMITS
    return ReadLimits(
        max_file_bytes=_int(env, "READ_MAX_FILE_MB", default.max_file_bytes // mb, 1, 1024) * mb,
        docx_max_uncompressed_bytes=_int(
            env, "DOCX_MAX_UNCOMPRESSED_MB", default.docx_max_uncompressed_bytes // mb, 1, 1024
        )
        * mb,
        docx_max_ratio=_int(env, "DOCX_MAX_RATIO", default.docx_max_ratio, 2, 10_000),
        pdf_max_pages=_int(env, "PDF_MAX_PAGES", default.pdf_max_pages, 1, 100_000),
        memory_mb=_int(env, "READ_MAX_MEMORY_MB", default.memory_mb, 256, 64 * 1024),
        seconds=_int(env, "READ_TIMEOUT_SECONDS", int(default.seconds), 1, 3600),
    )


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigurationError(f"{name} skal være et helt tal, ikke {text!r}") from None
    if not low <= value <= high:
        raise ConfigurationError(f"{name} skal ligge mellem {low} og {high}, ikke {value}")
    return value


_THUMBPRINT_RE = re.compile(r"^[0-9a-fA-F]{40}$")


def _graph(env: Mapping[str, str], credentials: BotCredentials) -> GraphSettings | None:
    """Graph from the bot's app registration (a certificate, else the password); None without a tenant (Graph
    tokens are for one, also for a multi-tenant bot) or a credential."""
    path = env.get("GRAPH_CERTIFICATE_PATH", "").strip()
    thumbprint = env.get("GRAPH_CERTIFICATE_THUMBPRINT", "").strip().replace(":", "")
    if bool(path) != bool(thumbprint):
        raise ConfigurationError("GRAPH_CERTIFICATE_PATH og GRAPH_CERTIFICATE_THUMBPRINT skal sættes sammen")
    if thumbprint and not _THUMBPRINT_RE.match(thumbprint):
        raise ConfigurationError("GRAPH_CERTIFICATE_THUMBPRINT skal være certifikatets SHA-1-aftryk (40 hex-tegn)")
    certificate = Path(path).expanduser() if path else None
    if certificate is not None and not certificate.is_file():
        raise ConfigurationError(f"GRAPH_CERTIFICATE_PATH: filen {certificate} findes ikke")
    urls = {name: (env.get(name, "").strip() or default).rstrip("/") for name, default in
            (("GRAPH_BASE_URL", GRAPH_BASE_URL), ("GRAPH_LOGIN_HOST", LOGIN_HOST))}  # fmt: skip  # keyword arguments grouped by meaning
    for name, url in urls.items():
        if not url.startswith("https://"):
            raise ConfigurationError(f"{name} skal være en https://-adresse, ikke {url!r}")
    max_mb = _int(env, "GRAPH_MAX_FILE_MB", DEFAULT_MAX_FILE_MB, 1, 250)
    if not credentials.app_id or not credentials.tenant_id or not (certificate or credentials.app_password):
        if certificate is not None:
            raise ConfigurationError("GRAPH_CERTIFICATE_PATH kræver MicrosoftAppId og MicrosoftAppTenantId")
        return None
    return GraphSettings(
        client_id=credentials.app_id,
        tenant_id=credentials.tenant_id,
        client_secret=None if certificate else credentials.app_password,
        certificate_path=certificate,
        certificate_thumbprint=thumbprint or None,
        max_file_bytes=max_mb * 1024 * 1024,
        base_url=urls["GRAPH_BASE_URL"],
        login_host=urls["GRAPH_LOGIN_HOST"],
    )
