"""Build the Teams app package: the .zip a Teams admin uploads in the Teams admin center.

The manifest is validated against Microsoft's official schema before anything is written. The developer
links default to ``https://<bot_domain>/om``, ``/privatliv`` and ``/vilkaar``; with neither domain nor
links the build fails rather than ship made-up links.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema

from dialogs.commands import Help
from dialogs.router import advertised

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_DIR = REPO_ROOT / "manifest"
TEMPLATE_PATH = MANIFEST_DIR / "manifest.template.json"
DEFAULT_VERSION = "1.0.0"
DEFAULT_DEVELOPER_NAME = "Mødeassistent"
SCHEMA_ENV = "TEAMS_MANIFEST_SCHEMA"
SCHEMA_FILE_NAME = "MicrosoftTeams.schema.json"
# Where the official schema is looked for, first hit wins: an explicit file (env), a copy
# vendored next to the template, the team's shared schema folder beside the repository.
SCHEMA_CANDIDATES = (
    MANIFEST_DIR / SCHEMA_FILE_NAME,
    REPO_ROOT.parent / "shared" / "schemas" / SCHEMA_FILE_NAME,
)
# Teams shows at most this much of a bot command (the localization schema's limits).
COMMAND_TITLE_MAX = 32
COMMAND_DESCRIPTION_MAX = 128
COMMANDS_MAX = 10  # per command list
SCOPES = ("personal", "team", "groupChat")
ENGLISH_FILE = "en.json"

_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_VERSION_RE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
# A host name, optionally with a leading "*." wildcard; no scheme, path or port.
_DOMAIN_RE = re.compile(
    r"^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$", re.IGNORECASE
)
_PLACEHOLDER_RE = re.compile(r"^\{\{([A-Z_]+)\}\}$")


class ManifestError(ValueError):
    """The manifest would not be accepted by Teams; the message says what to fix."""


def build_package(
    app_id: str,
    out: Path,
    *,
    version: str = DEFAULT_VERSION,
    schema_path: Path | None = None,
    **manifest_options: Any,
) -> Path:
    """Write the package to ``out`` (a .zip path, or a directory for ``moedeassistent-<version>.zip``); return its path.

    ``app_id`` (a GUID) is the Teams app id, the bot id and the ``webApplicationInfo`` id; ``manifest_options``
    go to render_manifest. Raises ValueError for unusable arguments, ManifestError (writing nothing) when the
    manifest does not validate.
    """
    app_id = app_id.strip()
    if not _GUID_RE.match(app_id) or not app_id.strip("0-"):
        raise ValueError(
            f"App-id'et {app_id!r} er ikke et gyldigt GUID. Brug bottens Microsoft App Id "
            "(MicrosoftAppId) fra app-registreringen i Azure, på formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx."
        )
    manifest = render_manifest(app_id, version=version, **manifest_options)
    validate_manifest(manifest, schema_path=schema_path)

    files: dict[str, bytes] = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")}
    for name in _package_files(manifest):
        if name == ENGLISH_FILE:
            files[name] = json.dumps(english_strings(manifest), ensure_ascii=False, indent=2).encode("utf-8")
            continue
        source = MANIFEST_DIR / name
        if not source.is_file():
            raise ManifestError(f"Manifestet henviser til {name}, men filen findes ikke i {MANIFEST_DIR}.")
        files[name] = source.read_bytes()

    target = out / f"moedeassistent-{version}.zip" if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_zip_atomically(target, files)
    return target


def render_manifest(
    app_id: str,
    *,
    version: str = DEFAULT_VERSION,
    bot_domain: str | None = None,
    developer_name: str = DEFAULT_DEVELOPER_NAME,
    website_url: str | None = None,
    privacy_url: str | None = None,
    terms_of_use_url: str | None = None,
) -> dict[str, Any]:
    """The manifest template filled with the deployment's values, not yet schema-validated."""
    if not _VERSION_RE.match(version):
        raise ValueError(f"Versionen {version!r} skal have formen major.minor.patch, fx 1.0.0.")
    if bot_domain is not None:
        bot_domain = bot_domain.strip().lower()
        if not _DOMAIN_RE.match(bot_domain):
            raise ValueError(
                f"Domænet {bot_domain!r} er ikke et værtsnavn. Angiv kun domænet, "
                "fx moedeassistent.kommune.dk (uden https:// og uden sti)."
            )
    links = {
        "WEBSITE_URL": website_url or (f"https://{bot_domain}/om" if bot_domain else None),
        "PRIVACY_URL": privacy_url or (f"https://{bot_domain}/privatliv" if bot_domain else None),
        "TERMS_OF_USE_URL": terms_of_use_url or (f"https://{bot_domain}/vilkaar" if bot_domain else None),
    }
    if None in links.values():
        raise ValueError(
            "Teams kræver links til hjemmeside, privatlivspolitik og brugsvilkår. Angiv bottens domæne "
            "(så bruges https://<domæne>/om, /privatliv og /vilkaar) eller alle tre links."
        )
    for url in links.values():
        if not str(url).lower().startswith("https://"):
            raise ValueError(f"Linket {url!r} skal begynde med https://, som Teams kræver.")
    if not developer_name.strip():
        raise ValueError("Udviklerens navn må ikke være tomt.")

    values: dict[str, str | None] = {
        "APP_ID": app_id,
        "VERSION": version,
        "BOT_DOMAIN": bot_domain,
        "DEVELOPER_NAME": developer_name.strip(),
        **links,
    }
    template = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    manifest = _fill(template, values)
    manifest["bots"][0]["commandLists"] = [
        {"scopes": [scope], "commands": [{"title": h.title, "description": _describe(h, "da")} for h in menu()]}
        for scope in SCOPES
    ]
    # Without a domain the bot needs no valid domains; an empty entry would be invalid.
    manifest["validDomains"] = [d for d in manifest.get("validDomains", []) if d is not None]
    if not manifest["validDomains"]:
        del manifest["validDomains"]
    return manifest


def menu() -> list[Help]:
    """The commands in Teams' command menu, as their dialogs declare them (``Help.menu``)."""
    return [h for h in advertised() if h.menu]


def english_strings(manifest: dict[str, Any]) -> dict[str, Any]:
    """The English language file: manifest/en.json plus each menu command's declared description."""
    strings = json.loads((MANIFEST_DIR / ENGLISH_FILE).read_text(encoding="utf-8"))
    for i, command_list in enumerate(manifest["bots"][0].get("commandLists", [])):
        for j, command in enumerate(command_list["commands"]):
            declared = next(h for h in menu() if h.title == command["title"])
            strings[f"bots[0].commandLists[{i}].commands[{j}].description"] = _describe(declared, "en")
    return strings


def _describe(command: Help, language: str) -> str:
    """ "Foreslår et punkt …, fx: forslag Status på PTSD-arbejdet": the help line, capitalised, with its example."""
    text = command.en if language == "en" else command.da
    text = text[:1].upper() + text[1:]
    if command.example:
        text += f", {'e.g.' if language == 'en' else 'fx'}: {command.example}"
    return text


def validate_manifest(manifest: dict[str, Any], *, schema_path: Path | None = None) -> None:
    """Check a manifest against the official schema and Teams' upload limits; ManifestError lists every problem."""
    schema = json.loads(find_schema(schema_path).read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(rod)'}: {error.message}"
        for error in sorted(validator.iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))
    ]
    problems.extend(_teams_limits(manifest))
    if problems:
        raise ManifestError("Manifestet er ikke gyldigt:\n" + "\n".join(f"- {p}" for p in problems))


def find_schema(schema_path: Path | None = None) -> Path:
    """The official Teams manifest schema: ``schema_path``, else $TEAMS_MANIFEST_SCHEMA, else SCHEMA_CANDIDATES."""
    candidates: list[Path] = []
    if schema_path is not None:
        candidates.append(schema_path)
    elif os.environ.get(SCHEMA_ENV):
        candidates.append(Path(os.environ[SCHEMA_ENV]))
    else:
        candidates.extend(SCHEMA_CANDIDATES)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ManifestError(
        "Teams-manifestets skema (MicrosoftTeams.schema.json) blev ikke fundet. Læg det i manifest/ "
        f"eller sæt {SCHEMA_ENV} til filens sti. Søgt: " + ", ".join(str(c) for c in candidates)
    )


def _fill(node: Any, values: dict[str, str | None]) -> Any:
    """Replace "{{NAME}}" placeholders; only whole string values, so no value can alter the JSON."""
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    if isinstance(node, str) and (match := _PLACEHOLDER_RE.match(node)):
        name = match.group(1)
        if name not in values:
            raise ManifestError(f"Skabelonen bruger en ukendt pladsholder: {node}")
        return values[name]
    return node


def _package_files(manifest: dict[str, Any]) -> Iterable[str]:
    """The files the manifest refers to, which must sit next to manifest.json in the zip."""
    icons = manifest.get("icons", {})
    yield from (icons[key] for key in ("color", "outline", "color32x32") if key in icons)
    localization = manifest.get("localizationInfo", {})
    if "defaultLanguageFile" in localization:
        yield localization["defaultLanguageFile"]
    for language in localization.get("additionalLanguages", []):
        yield language["file"]


def _teams_limits(manifest: dict[str, Any]) -> list[str]:
    """Limits Teams enforces that the main schema does not (command text is cut in the UI)."""
    problems: list[str] = []
    for bot_index, bot in enumerate(manifest.get("bots", [])):
        for list_index, command_list in enumerate(bot.get("commandLists", [])):
            if len(command_list.get("commands", [])) > COMMANDS_MAX:
                problems.append(f"bots/{bot_index}/commandLists/{list_index}: over {COMMANDS_MAX} kommandoer")
            for index, command in enumerate(command_list.get("commands", [])):
                where = f"bots/{bot_index}/commandLists/{list_index}/commands/{index}"
                if len(command["title"]) > COMMAND_TITLE_MAX:
                    problems.append(f"{where}: titlen er over {COMMAND_TITLE_MAX} tegn")
                if len(command["description"]) > COMMAND_DESCRIPTION_MAX:
                    problems.append(f"{where}: beskrivelsen er over {COMMAND_DESCRIPTION_MAX} tegn")
    return problems


def _write_zip_atomically(target: Path, files: dict[str, bytes]) -> None:
    """Write the zip beside the target and rename it in place (no half file); fixed timestamps keep it reproducible."""
    handle, temporary = tempfile.mkstemp(prefix=".moedeassistent-", suffix=".zip", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
