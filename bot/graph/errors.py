"""One error type for every Microsoft Graph failure, with a sentence a secretary can act on (Danish or English)."""

from __future__ import annotations

import math

from bot.words import is_english

# reasons
UNAUTHORIZED = "unauthorized"  # 401: Graph refused the token
FORBIDDEN = "forbidden"  # 403: the app lacks the permission
NOT_FOUND = "not_found"  # 404
THROTTLED = "throttled"  # 429 (or 503) still after the retries
TIMEOUT = "timeout"
TOO_LARGE = "too_large"  # larger than GRAPH_MAX_FILE_MB
UNREACHABLE = "unreachable"  # no connection, or Graph answered 5xx
BAD_RESPONSE = "bad_response"  # an answer we cannot read
SIGN_IN = "sign_in"  # msal got no token from Entra ID (wrong secret, certificate or tenant)
NOT_CONFIGURED = "not_configured"  # the bot runs without Graph (bot/graph/unconfigured.py)

# operations: what the bot was doing, which decides the permission a 401/403 asks for
FILE = "file"
FOLDER = "folder"
CALENDAR = "calendar"


class GraphError(Exception):
    """A failed Graph call: ``reason`` (a constant above), ``operation`` (FILE, FOLDER, CALENDAR); name, size
    and limit for too_large; ``detail`` (Graph's own code and message) only for the log."""

    def __init__(
        self,
        reason: str,
        operation: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        name: str | None = None,
        size: int | None = None,
        limit: int | None = None,
        detail: str = "",
    ) -> None:
        self.reason = reason
        self.operation = operation
        self.status = status
        self.retry_after = retry_after
        self.name = name
        self.size = size
        self.limit = limit
        self.detail = detail
        status_text = f" {status}" if status is not None else ""
        super().__init__(f"Microsoft Graph {operation}: {reason}{status_text}: {detail}".rstrip(": "))

    def explain(self, language: str | None = "da") -> str:
        """What went wrong and what to do, in English for an "en…" language, else Danish."""
        return _sentence(self, "en" if is_english(language) else "da")


# What each failure says, per language; {what} is the thing read, {grant} the permission to give it.
_TEXTS = {
    "da": {
        FILE: "filen",
        FOLDER: "mappen",
        CALENDAR: "gruppekalenderen",
        "grant_files": "applikationstilladelsen Sites.Selected (med læseadgang til webstedet) eller Files.Read.All",
        "grant_calendar": "applikationstilladelsen Calendars.Read",
        "later": "om {seconds} sekunder",
        "soon": "om lidt",
        UNAUTHORIZED: (
            "Microsoft Graph godkendte ikke bottens adgang til {what} (401). Tjek at app-registreringens "
            "hemmelighed eller certifikat er gyldigt, og at den har {grant} med administratorsamtykke."
        ),
        FORBIDDEN: (
            "Botten har ikke lov til at læse {what} (403). En administrator skal give app-registreringen "
            "{grant} og give administratorsamtykke."
        ),
        NOT_FOUND: (
            "Microsoft Graph kan ikke finde {what} (404). Tjek at linket eller id'et er rigtigt, og at "
            "{what} ikke er slettet eller flyttet."
        ),
        THROTTLED: (
            "Microsoft Graph beder botten vente, fordi der er for mange forespørgsler (429). Prøv igen {later}."
        ),
        TIMEOUT: "Microsoft Graph svarede ikke i tide, da botten hentede {what}. Prøv igen om lidt.",
        TOO_LARGE: (
            "Filen {name}fylder {size} MB; botten henter højst {limit} MB (GRAPH_MAX_FILE_MB). Del referatet "
            "uden store bilag, eller hæv grænsen."
        ),
        UNREACHABLE: (
            "Botten kunne ikke nå Microsoft Graph{status}. Prøv igen om lidt; bliver det ved, så tjek "
            "serverens netforbindelse eller Microsoft 365's driftsstatus."
        ),
        BAD_RESPONSE: (
            "Microsoft Graph svarede på en måde, botten ikke kan læse, da den hentede {what}. Prøv igen om lidt."
        ),
        SIGN_IN: (
            "Botten kunne ikke logge ind hos Microsoft Entra ID for at bruge Microsoft Graph. Tjek "
            "MicrosoftAppId, MicrosoftAppTenantId og hemmeligheden (MicrosoftAppPassword) eller certifikatet "
            "(GRAPH_CERTIFICATE_PATH og GRAPH_CERTIFICATE_THUMBPRINT)."
        ),
        NOT_CONFIGURED: (
            "Microsoft Graph er ikke sat op for botten, så jeg kan ikke hente referater fra mapper eller møder fra "
            "gruppekalendere. En administrator kan sætte det op (se README, »Microsoft Graph«)."
        ),
    },
    "en": {
        FILE: "the file",
        FOLDER: "the folder",
        CALENDAR: "the group calendar",
        "grant_files": "the application permission Sites.Selected (with read access to the site) or Files.Read.All",
        "grant_calendar": "the application permission Calendars.Read",
        "later": "in {seconds} seconds",
        "soon": "in a moment",
        UNAUTHORIZED: (
            "Microsoft Graph did not accept the bot's access to {what} (401). Check that the app "
            "registration's secret or certificate is valid and that it has {grant} with admin consent."
        ),
        FORBIDDEN: (
            "The bot is not allowed to read {what} (403). An administrator must give the app registration "
            "{grant} and grant admin consent."
        ),
        NOT_FOUND: (
            "Microsoft Graph cannot find {what} (404). Check the link or id, and that {what} has not been "
            "deleted or moved."
        ),
        THROTTLED: "Microsoft Graph asks the bot to slow down because of too many requests (429). Try again {later}.",
        TIMEOUT: "Microsoft Graph did not answer in time while the bot was reading {what}. Try again in a moment.",
        TOO_LARGE: (
            "The file {name}is {size} MB; the bot fetches at most {limit} MB (GRAPH_MAX_FILE_MB). Share the "
            "minutes without large attachments, or raise the limit."
        ),
        UNREACHABLE: (
            "The bot could not reach Microsoft Graph{status}. Try again in a moment; if it persists, check "
            "the server's network connection or the Microsoft 365 service health."
        ),
        BAD_RESPONSE: "Microsoft Graph gave an answer the bot cannot read while reading {what}. Try again in a moment.",
        SIGN_IN: (
            "The bot could not sign in to Microsoft Entra ID to use Microsoft Graph. Check MicrosoftAppId, "
            "MicrosoftAppTenantId and the secret (MicrosoftAppPassword) or the certificate "
            "(GRAPH_CERTIFICATE_PATH and GRAPH_CERTIFICATE_THUMBPRINT)."
        ),
        NOT_CONFIGURED: (
            "Microsoft Graph is not set up for the bot, so I cannot fetch minutes from folders or meetings from group "
            "calendars. An administrator can set it up (see the README, “Microsoft Graph”)."
        ),
    },
}


def _sentence(error: GraphError, language: str) -> str:
    texts = _TEXTS[language]
    wait = None if error.retry_after is None else max(1, math.ceil(error.retry_after))
    name = ""
    if error.name:
        name = f"»{error.name}« " if language == "da" else f"'{error.name}' "
    return texts[error.reason].format(
        what=texts[error.operation],
        grant=texts["grant_calendar" if error.operation == CALENDAR else "grant_files"],
        later=texts["soon"] if wait is None else texts["later"].format(seconds=wait),
        name=name,
        size=_megabytes(error.size, language),
        limit=_megabytes(error.limit, language),
        status=f" ({error.status})" if error.status else "",
    )


def _megabytes(size: int | None, language: str) -> str:
    if size is None:
        return "?"
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return text.replace(".", ",") if language == "da" else text
