"""The Teams app package: manifest validity against Microsoft's schema, contents, icons, errors."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image, ImageChops

from bot.teams.package import ManifestError, build_package, render_manifest

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / ".." / "shared" / "schemas"
MANIFEST_SCHEMA = SCHEMAS / "MicrosoftTeams.schema.json"
# Not among the shared schemas today; the test runs as soon as someone adds the official file.
LOCALIZATION_SCHEMA = SCHEMAS / "MicrosoftTeams.Localization.schema.json"
MANIFEST_DIR = REPO / "manifest"

APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
DOMAIN = "moedeassistent.kommune.dk"
COMMANDS = {
    "hjælp",
    "spørg",
    "næste møde",
    "frister",
    "forslag",
    "mine forslag",
    "forslag til behandling",
    "dagsordensudkast",
    "tilknyt udvalg",
    "synkronisering",
}
SECRETARY_COMMANDS = {"forslag til behandling", "dagsordensudkast", "synkronisering"}
# Limits from Microsoft's localization schema; Teams cuts longer command texts and shows at most
# ten commands per scope.
TITLE_MAX, DESCRIPTION_MAX, COMMANDS_MAX = 32, 128, 10


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded = json.loads(MANIFEST_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(loaded)
    return loaded


@pytest.fixture
def package(tmp_path: Path) -> zipfile.ZipFile:
    path = build_package(APP_ID, tmp_path / "app.zip", version="1.2.3", bot_domain=DOMAIN)
    assert path == tmp_path / "app.zip"
    return zipfile.ZipFile(path)


def manifest_of(package: zipfile.ZipFile) -> dict[str, Any]:
    return json.loads(package.read("manifest.json").decode("utf-8"))


def schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    validator = jsonschema.Draft4Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


# ---------------------------------------------------------------------------- contents


def test_zip_holds_manifest_icons_and_language_file_at_the_root(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]
    manifest = manifest_of(package)
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert manifest["localizationInfo"]["additionalLanguages"] == [{"languageTag": "en", "file": "en.json"}]


def test_manifest_is_valid_against_the_newest_official_schema(package: zipfile.ZipFile, schema: dict[str, Any]) -> None:
    manifest = manifest_of(package)
    assert not schema_errors(schema, manifest)
    assert manifest["manifestVersion"] == schema["properties"]["manifestVersion"]["const"] == "1.22"
    assert manifest["$schema"].endswith("/v1.22/MicrosoftTeams.schema.json")


def test_the_schema_check_bites(package: zipfile.ZipFile, schema: dict[str, Any]) -> None:
    manifest = manifest_of(package)
    manifest["bots"][0]["scopes"].append("everywhere")
    assert schema_errors(schema, manifest)


def test_ids_version_and_domains(package: zipfile.ZipFile) -> None:
    manifest = manifest_of(package)
    assert manifest["id"] == manifest["bots"][0]["botId"] == manifest["webApplicationInfo"]["id"] == APP_ID
    assert manifest["version"] == "1.2.3"
    assert manifest["validDomains"] == [DOMAIN]
    assert "{{" not in json.dumps(manifest)


def test_names_and_descriptions_are_danish_and_real(package: zipfile.ZipFile) -> None:
    manifest = manifest_of(package)
    assert manifest["name"]["short"] == "Mødeassistent"
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "da-dk"
    texts = " ".join([manifest["description"]["short"], manifest["description"]["full"], manifest["name"]["full"]])
    assert len(manifest["description"]["full"]) > 200
    for danish in ("referater", "udvalg", "frister", "møde"):
        assert danish in texts.lower()
    for placeholder in ("lorem", "todo", "tbd", "example", "contoso", "xxx", "beskrivelse her"):
        assert placeholder not in texts.lower()


def test_developer_links_default_to_the_bots_own_pages(package: zipfile.ZipFile) -> None:
    developer = manifest_of(package)["developer"]
    assert developer["name"] == "Mødeassistent"
    assert developer["websiteUrl"] == f"https://{DOMAIN}/om"
    assert developer["privacyUrl"] == f"https://{DOMAIN}/privatliv"
    assert developer["termsOfUseUrl"] == f"https://{DOMAIN}/vilkaar"


def test_explicit_developer_links_win_and_domain_is_optional(tmp_path: Path, schema: dict[str, Any]) -> None:
    path = build_package(
        APP_ID,
        tmp_path / "app.zip",
        developer_name="Region Syddanmark",
        website_url="https://sundhedsaftale.rsyd.dk/moedeassistent",
        privacy_url="https://sundhedsaftale.rsyd.dk/privatliv",
        terms_of_use_url="https://sundhedsaftale.rsyd.dk/vilkaar",
    )
    manifest = manifest_of(zipfile.ZipFile(path))
    assert not schema_errors(schema, manifest)
    assert manifest["developer"]["name"] == "Region Syddanmark"
    assert manifest["developer"]["privacyUrl"] == "https://sundhedsaftale.rsyd.dk/privatliv"
    assert "validDomains" not in manifest


def test_bot_scopes_files_and_one_command_list_per_scope(package: zipfile.ZipFile) -> None:
    bot = manifest_of(package)["bots"][0]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert bot["supportsFiles"] is True
    assert sorted(s for lst in bot["commandLists"] for s in lst["scopes"]) == ["groupChat", "personal", "team"]
    for command_list in bot["commandLists"]:
        assert len(command_list["commands"]) <= COMMANDS_MAX
        assert {c["title"] for c in command_list["commands"]} == COMMANDS
        for command in command_list["commands"]:
            assert len(command["title"]) <= TITLE_MAX
            assert 10 <= len(command["description"]) <= DESCRIPTION_MAX
            # A member who picks a secretary command should know beforehand that it is not for them.
            assert ("sekretær" in command["description"]) == (command["title"] in SECRETARY_COMMANDS)


def test_accent_color_matches_the_icon(package: zipfile.ZipFile) -> None:
    accent = manifest_of(package)["accentColor"]
    color = Image.open(io.BytesIO(package.read("color.png"))).convert("RGB")
    corner = "#{:02X}{:02X}{:02X}".format(*color.getpixel((2, 2)))
    assert corner == accent.upper()


# ---------------------------------------------------------------------------- language file


def resolve(manifest: dict[str, Any], key: str) -> Any:
    """Follow a localization key such as "bots[0].commandLists[1].commands[2].title"."""
    node: Any = manifest
    for part in key.split("."):
        match = re.fullmatch(r"(\w+)((?:\[\d+\])*)", part)
        assert match, key
        node = node[match.group(1)]
        for index in re.findall(r"\[(\d+)\]", match.group(2)):
            node = node[int(index)]
    return node


def test_english_file_translates_existing_manifest_strings(package: zipfile.ZipFile) -> None:
    manifest = manifest_of(package)
    english = json.loads(package.read("en.json").decode("utf-8"))
    assert {"name.short", "description.short", "description.full"} <= set(english)
    assert len(english["description.short"]) <= 80 and len(english["name.full"]) <= 100
    keys = [k for k in english if k != "$schema"]
    assert len(keys) >= 4 + 3 * len(COMMANDS)
    for key in keys:
        assert isinstance(resolve(manifest, key), str), key
        if key.endswith(".description") and key.startswith("bots"):
            assert len(english[key]) <= DESCRIPTION_MAX
            title = resolve(manifest, key.removesuffix(".description") + ".title")
            assert ("secretar" in english[key]) == (title in SECRETARY_COMMANDS), key
    # Every command is described in English, not left in Danish.
    commands = [
        f"bots[0].commandLists[{i}].commands[{j}].description"
        for i, command_list in enumerate(manifest["bots"][0]["commandLists"])
        for j in range(len(command_list["commands"]))
    ]
    assert set(commands) <= set(english)
    # English descriptions, not copies of the Danish ones.
    assert english["description.full"] != manifest["description"]["full"]
    assert "minutes" in english["description.full"]


@pytest.mark.skipif(not LOCALIZATION_SCHEMA.is_file(), reason="the localization schema is not available offline")
def test_english_file_is_valid_against_the_localization_schema(package: zipfile.ZipFile) -> None:
    localization_schema = json.loads(LOCALIZATION_SCHEMA.read_text(encoding="utf-8"))
    english = json.loads(package.read("en.json").decode("utf-8"))
    assert not schema_errors(localization_schema, english)


# ---------------------------------------------------------------------------- icons


def test_color_icon_is_192_square_and_opaque(package: zipfile.ZipFile) -> None:
    icon = Image.open(io.BytesIO(package.read("color.png")))
    assert icon.format == "PNG" and icon.size == (192, 192)
    alpha = icon.convert("RGBA").getchannel("A")
    assert alpha.getextrema() == (255, 255)


def test_outline_icon_is_white_on_transparent(package: zipfile.ZipFile) -> None:
    icon = Image.open(io.BytesIO(package.read("outline.png")))
    assert icon.format == "PNG" and icon.size == (32, 32) and icon.mode == "RGBA"
    pixels = [icon.getpixel((x, y)) for y in range(32) for x in range(32)]
    visible = [p for p in pixels if p[3] > 0]
    assert all(p[:3] == (255, 255, 255) for p in visible)
    assert sum(1 for p in pixels if p[3] == 0) > len(pixels) * 0.3  # a real transparent background
    assert sum(1 for p in pixels if p[3] == 255) > 50  # and a real symbol
    for corner in ((0, 0), (31, 0), (0, 31), (31, 31)):
        assert icon.getpixel(corner)[3] == 0


def test_committed_icons_match_the_drawing_script() -> None:
    spec = importlib.util.spec_from_file_location("make_icons", MANIFEST_DIR / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, drawn in (("color.png", module.draw_color()), ("outline.png", module.draw_outline())):
        committed = Image.open(MANIFEST_DIR / name)
        assert committed.size == drawn.size and committed.mode == drawn.mode, name
        assert ImageChops.difference(committed, drawn).getbbox() is None, name


# ---------------------------------------------------------------------------- errors and output


@pytest.mark.parametrize(
    "bad_id",
    [
        "",
        "not-a-guid",
        "3f2504e0-4f89-41d3-9a0c-0305e82c330",
        "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
        "00000000-0000-0000-0000-000000000000",
    ],
)
def test_bad_app_id_is_refused_in_danish(tmp_path: Path, bad_id: str) -> None:
    with pytest.raises(ValueError, match="ikke et gyldigt GUID"):
        build_package(bad_id, tmp_path / "app.zip", bot_domain=DOMAIN)
    assert list(tmp_path.iterdir()) == []


def test_invalid_manifest_is_never_zipped(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="developer/name"):
        too_long = "Et udviklernavn der er alt for langt til Teams"
        build_package(APP_ID, tmp_path / "app.zip", bot_domain=DOMAIN, developer_name=too_long)
    assert list(tmp_path.iterdir()) == []


def test_links_are_required_without_a_domain(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="privatlivspolitik"):
        build_package(APP_ID, tmp_path / "app.zip")
    with pytest.raises(ValueError, match="https://"):
        build_package(APP_ID, tmp_path / "app.zip", bot_domain=DOMAIN, privacy_url="http://usikker.dk/privatliv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "domain", ["https://moedeassistent.kommune.dk", "moedeassistent.kommune.dk/api", "localhost", ""]
)
def test_bot_domain_must_be_a_host_name(domain: str) -> None:
    with pytest.raises(ValueError, match="værtsnavn"):
        render_manifest(APP_ID, bot_domain=domain)


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0"])
def test_version_must_be_major_minor_patch(version: str) -> None:
    with pytest.raises(ValueError, match=r"major\.minor\.patch"):
        render_manifest(APP_ID, version=version, bot_domain=DOMAIN)


def test_missing_schema_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="skema"):
        build_package(APP_ID, tmp_path / "app.zip", bot_domain=DOMAIN, schema_path=tmp_path / "mangler.json")
    assert list(tmp_path.iterdir()) == []


def test_output_directory_and_reproducible_bytes(tmp_path: Path) -> None:
    first = build_package(APP_ID, tmp_path, bot_domain=DOMAIN)
    assert first == tmp_path / "moedeassistent-1.0.0.zip"
    again = build_package(APP_ID, tmp_path / "sub" / "again.zip", bot_domain=DOMAIN)
    assert first.read_bytes() == again.read_bytes()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["again.zip", "moedeassistent-1.0.0.zip"]
