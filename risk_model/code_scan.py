"""The code scanner of discovery: what in a file's text is an AI SDK or model library.

Text in, findings out: dependency manifests and imports matched against the signature
catalogue. Walking a repository's files is ``monitors.repository_scan``'s job.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from risk_model.discovery import Finding, ScanResult, Signature, code_signatures

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Larger files are skipped and counted: generated bundles and data, not code anyone wrote."""

SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "site-packages"}
)
"""Folders of tools and installed third-party code, not of the repository's own code."""

SOURCE_SUFFIXES = {
    ".py": "python",
    ".js": "npm",
    ".jsx": "npm",
    ".mjs": "npm",
    ".cjs": "npm",
    ".ts": "npm",
    ".tsx": "npm",
    ".java": "maven",
    ".kt": "maven",
    ".go": "go",
}
MANIFESTS = {"pyproject.toml", "Pipfile", "package.json", "pom.xml", "go.mod"}
EVIDENCE_CHARS = 200

_PY_FROM = re.compile(r"^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+\(?\s*([\w\s,]*)")
_PY_IMPORT = re.compile(
    r"^\s*import\s+([A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*)"
)
_JS_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\s]+)['"]""")
_JAVA_IMPORT = re.compile(r"^\s*import\s+(?:static\s+)?([\w.]*\w)")
"""A Java import (``;``) or a Kotlin one (none, perhaps ``as``); ``.*`` is left out."""
_GO_IMPORT_LINE = re.compile(r'^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"')
_GO_BLOCK_LINE = re.compile(r'^\s*(?:[\w.]+\s+)?"([^"]+)"')
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_POM_DEPENDENCY = re.compile(r"<dependency>(.*?)</dependency>", re.S)
_POM_GROUP = re.compile(r"<groupId>\s*([^<\s]+)\s*</groupId>")
_POM_ARTIFACT = re.compile(r"<artifactId>\s*([^<\s]+)\s*</artifactId>")


def normalise_package(name: str) -> str:
    """PEP 503: ``Scikit_Learn`` and ``scikit-learn`` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Catalogue:
    """The signatures, indexed for the scanner."""

    packages: dict[tuple[str, str], Signature]
    """``(ecosystem, package)`` -> signature; Python names normalised."""
    maven_groups: dict[str, Signature]
    """Maven ``groupId:*`` (any artifact of the group) -> signature."""
    maven_prefixes: tuple[tuple[str, Signature], ...]
    modules: dict[str, dict[str, Signature]]
    """ecosystem -> module -> signature."""
    patterns: dict[str, tuple[tuple[re.Pattern, Signature], ...]]

    @classmethod
    def build(cls, signatures: Iterable[Signature] | None = None) -> Catalogue:
        packages, groups, prefixes, modules, patterns = {}, {}, [], {}, {}
        for s in signatures if signatures is not None else code_signatures():
            if s.package:
                if s.ecosystem == "maven" and s.package.endswith(":*"):
                    groups[s.package[:-2]] = s
                elif s.ecosystem == "maven" and s.package.endswith("*"):
                    prefixes.append((s.package[:-1], s))
                else:
                    name = normalise_package(s.package) if s.ecosystem == "python" else s.package
                    packages[(s.ecosystem, name)] = s
            if s.module.startswith("re:"):
                patterns.setdefault(s.ecosystem, []).append((re.compile(s.module[3:]), s))
            elif s.module:
                modules.setdefault(s.ecosystem, {})[s.module] = s
        return cls(
            packages,
            groups,
            tuple(prefixes),
            modules,
            {k: tuple(v) for k, v in patterns.items()},
        )

    def module(self, ecosystem: str, name: str) -> Signature | None:
        """The most specific signature whose module is ``name`` or a parent of it (at a ``.``
        or ``/``): ``openai.types`` is OpenAI, ``openai_helpers`` and ``torchlight`` are not."""
        table = self.modules.get(ecosystem, {})
        while name:
            if name in table:
                return table[name]
            cut = max(name.rfind("."), name.rfind("/"))
            name = name[:cut] if cut > 0 else ""
        return None

    def package(self, ecosystem: str, name: str) -> Signature | None:
        if ecosystem == "python":
            return self.packages.get((ecosystem, normalise_package(name)))
        if ecosystem == "maven":
            group, _, artifact = name.partition(":")
            found = self.packages.get((ecosystem, name)) or self.maven_groups.get(group)
            return found or next((s for p, s in self.maven_prefixes if name.startswith(p)), None)
        if ecosystem == "go":
            return (
                self.module("go", name)
                if (ecosystem, name) not in self.packages
                else (self.packages[(ecosystem, name)])
            )
        return self.packages.get((ecosystem, name))


def is_scanned(filename: str) -> bool:
    """Whether a file of this name is read: a source file of a known language or a manifest."""
    return os.path.splitext(filename)[1] in SOURCE_SUFFIXES or is_manifest(filename)


def is_manifest(filename: str) -> bool:
    return filename in MANIFESTS or _is_requirements(filename)


def file_findings(
    location: str,
    relative: str,
    text: str,
    catalogue: Catalogue,
    result: ScanResult,
    owner: str | None = None,
) -> list[Finding]:
    """The findings in one file's ``text`` (``relative``: its path inside the repository, with
    ``/``); a manifest that cannot be parsed is a problem added to ``result``."""
    filename = relative.rsplit("/", 1)[-1]
    found = (
        _manifest(filename, relative, text, catalogue, result)
        if is_manifest(filename)
        else _source(SOURCE_SUFFIXES[os.path.splitext(filename)[1]], text, catalogue)
    )
    return [
        Finding(
            "code",
            location,
            relative,
            line,
            signature.signature,
            signature.provider,
            signature.product,
            signature.kind,
            evidence.strip()[:EVIDENCE_CHARS],
            {"owner": owner} if owner else {},
        )
        for line, signature, evidence in found
    ]


def _is_requirements(filename: str) -> bool:
    return filename.startswith("requirements") and filename.endswith(".txt")


Hit = tuple[int, Signature, str]


def _source(ecosystem: str, text: str, catalogue: Catalogue) -> list[Hit]:
    hits: list[Hit] = []
    patterns = catalogue.patterns.get(ecosystem, ())
    in_go_block = False
    for number, line in enumerate(text.splitlines(), 1):
        names: list[str] = []
        if ecosystem == "python":
            names = _python_modules(line, catalogue)
        elif ecosystem == "npm":
            names = _JS_IMPORT.findall(line)
        elif ecosystem == "maven":
            names = _JAVA_IMPORT.findall(line)
        elif ecosystem == "go":
            stripped = line.strip()
            if in_go_block:
                if stripped.startswith(")"):
                    in_go_block = False
                else:
                    names = _GO_BLOCK_LINE.findall(line)
            elif stripped.startswith("import ("):
                in_go_block = True
            else:
                names = _GO_IMPORT_LINE.findall(line)
        seen = set()
        for name in names:
            signature = catalogue.module(ecosystem, name)
            if signature is not None and signature.signature not in seen:
                seen.add(signature.signature)
                hits.append((number, signature, line))
        for pattern, signature in patterns:
            if signature.signature not in seen and pattern.search(line):
                seen.add(signature.signature)
                hits.append((number, signature, line))
    return hits


def _python_modules(line: str, catalogue: Catalogue) -> list[str]:
    """The modules a Python line imports; for ``from openai import AzureOpenAI`` the name
    ``openai.AzureOpenAI`` when the catalogue knows it (Azure), else ``openai``."""
    match = _PY_FROM.match(line)
    if match:
        module = match.group(1)
        names = [n.split()[0] for n in match.group(2).split(",") if n.strip()]
        specific = [
            f"{module}.{n}"
            for n in names
            if (s := catalogue.module("python", f"{module}.{n}")) is not None
            and s.module == f"{module}.{n}"
        ]
        return specific or [module]
    match = _PY_IMPORT.match(line)
    if match:
        return [part.split()[0] for part in match.group(1).split(",")]
    return []


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def _manifest(
    filename: str, relative: str, text: str, catalogue: Catalogue, result: ScanResult
) -> list[Hit]:
    try:
        if _is_requirements(filename):
            return _requirements(text, catalogue)
        if filename == "go.mod":
            return _go_mod(text, catalogue)
        if filename == "pom.xml":
            return _pom(text, catalogue)
        if filename == "package.json":
            return _package_json(text, catalogue)
        return _toml_manifest(filename, text, catalogue)
    except ManifestUnreadable as error:
        result.problems.append((relative, str(error)))
        return []


class ManifestUnreadable(ValueError):
    """A dependency manifest that is not what its name says; the message says why."""


def _requirements(text: str, catalogue: Catalogue) -> list[Hit]:
    hits = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0].strip()
        if not stripped or stripped.startswith("-"):
            continue
        match = _REQUIREMENT.match(stripped)
        signature = match and catalogue.package("python", match.group(1))
        if signature:
            hits.append((number, signature, line))
    return hits


def _toml_manifest(filename: str, text: str, catalogue: Catalogue) -> list[Hit]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ManifestUnreadable(f"{filename} is not valid TOML: {error}") from None
    names: list[str] = []
    if filename == "Pipfile":
        for table in ("packages", "dev-packages"):
            names += list(_table(data, table))
    else:
        project = _table(data, "project")
        specs = list(project.get("dependencies") or [])
        for extra in _table(project, "optional-dependencies").values():
            specs += list(extra or [])
        for group in _table(data, "dependency-groups").values():
            specs += [s for s in group or [] if isinstance(s, str)]
        names += [m.group(1) for s in specs if isinstance(s, str) and (m := _REQUIREMENT.match(s))]
        names += list(_table(_table(_table(data, "tool"), "poetry"), "dependencies"))
    hits = []
    for name in dict.fromkeys(names):
        signature = catalogue.package("python", name)
        if signature:
            line = _quoted_line(text, name)
            hits.append((line or 1, signature, text.splitlines()[line - 1] if line else name))
    return hits


def _table(data: object, key: str) -> dict:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _quoted_line(text: str, name: str) -> int | None:
    pattern = re.compile(rf"""(^|["'\s]){re.escape(name)}(?=[\s"'=<>~!\[;,]|$)""", re.M)
    match = pattern.search(text)
    return None if match is None else text.count("\n", 0, match.end(1)) + 1


def _package_json(text: str, catalogue: Catalogue) -> list[Hit]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ManifestUnreadable(
            f"package.json is not valid JSON (line {error.lineno}): {error.msg}"
        ) from None
    if not isinstance(data, dict):
        raise ManifestUnreadable("package.json does not hold an object")
    hits = []
    for section in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
        for name in _table(data, section):
            signature = catalogue.package("npm", name)
            if signature:
                line = _line_of(text, f'"{name}"') or 1
                hits.append((line, signature, text.splitlines()[line - 1]))
    return hits


def _pom(text: str, catalogue: Catalogue) -> list[Hit]:
    if "<project" not in text:
        raise ManifestUnreadable("pom.xml has no <project> element: not a Maven POM")
    hits = []
    for block in _POM_DEPENDENCY.finditer(text):
        group, artifact = _POM_GROUP.search(block.group(1)), _POM_ARTIFACT.search(block.group(1))
        if not group or not artifact:
            continue
        signature = catalogue.package("maven", f"{group.group(1)}:{artifact.group(1)}")
        if signature:
            start = block.start(1) + artifact.start()
            line = text.count("\n", 0, start) + 1
            hits.append((line, signature, f"{group.group(1)}:{artifact.group(1)}"))
    return hits


def _go_mod(text: str, catalogue: Catalogue) -> list[Hit]:
    hits = []
    in_block = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("//", 1)[0].strip()
        if in_block:
            if stripped.startswith(")"):
                in_block = False
                continue
            module = stripped.split()[0] if stripped else ""
        elif stripped.startswith("require ("):
            in_block = True
            continue
        elif stripped.startswith("require "):
            module = stripped.split()[1]
        else:
            continue
        signature = module and catalogue.package("go", module)
        if signature:
            hits.append((number, signature, line))
    return hits


OWNER_FILES = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS")


def codeowners_owner(text: str) -> str | None:
    """The owner of CODEOWNERS' catch-all rule (``* @team``), or None."""
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) > 1 and parts[0] in ("*", "/", "/*"):
            return parts[1].lstrip("@")
    return None


def manifest_author(filename: str, text: str) -> str | None:
    """The author that ``package.json`` or ``pyproject.toml`` names, or None."""
    read = _json_author if filename == "package.json" else _toml_author
    try:
        return read(text)
    except (ValueError, tomllib.TOMLDecodeError):
        return None


def _json_author(text: str) -> str | None:
    author = json.loads(text).get("author") if text.strip().startswith("{") else None
    if isinstance(author, dict):
        author = author.get("name")
    return re.sub(r"\s*[<(].*$", "", author).strip() or None if isinstance(author, str) else None


def _toml_author(text: str) -> str | None:
    authors = _table(tomllib.loads(text), "project").get("authors") or []
    first = authors[0] if authors and isinstance(authors[0], dict) else {}
    return first.get("name") or first.get("email")
