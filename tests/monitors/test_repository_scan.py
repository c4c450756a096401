"""The code scanner: the exact AI uses of fixture repositories, with file and line, and nothing
on look-alikes (a hand-written ``openai_helpers``, ``torchlight``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from monitors.repository_scan import MAX_FILE_BYTES, Catalogue, scan_repository
from risk_model.discovery import Signature, code_signatures

REPOS = Path(__file__).parents[1] / "data" / "discovery"


def found(result) -> set[tuple[str, int, str]]:
    return {(f.file, f.line, f.signature) for f in result.findings}


def test_python_repository_exact_set():
    result = scan_repository(REPOS / "claims-triage")
    assert found(result) == {
        ("pyproject.toml", 5, "py-anthropic"),
        ("requirements.txt", 3, "py-openai"),
        ("requirements.txt", 4, "py-scikit-learn"),  # Scikit_Learn, normalised
        ("src/claims/azure.py", 1, "py-azure-openai"),  # from openai import AzureOpenAI
        ("src/claims/bedrock.py", 3, "py-bedrock"),  # boto3.client("bedrock-runtime")
        ("src/claims/model.py", 2, "py-scikit-learn"),
        ("src/claims/summarise.py", 5, "py-openai"),
    }
    assert result.target == "claims-triage"
    assert {f.details["owner"] for f in result.findings} == {"claims-ml-team"}  # CODEOWNERS
    assert result.problems == []


def test_javascript_repository_exact_set():
    result = scan_repository(REPOS / "support-bot")
    assert found(result) == {
        ("package.json", 6, "js-openai"),
        ("package.json", 7, "js-anthropic"),
        ("src/bot.ts", 2, "js-openai"),
        ("src/claude.js", 1, "js-anthropic"),
        ("src/vision.mjs", 2, "js-tensorflow"),  # a dynamic import()
    }
    assert {f.details["owner"] for f in result.findings} == {"Support Engineering"}


def test_java_repository_exact_set():
    result = scan_repository(REPOS / "credit-scoring")
    assert found(result) == {
        ("pom.xml", 10, "java-azure-openai"),
        ("pom.xml", 15, "java-djl"),  # ai.djl:* matches any artifact of the group
        ("src/main/java/com/example/Score.java", 3, "java-azure-openai"),
        ("src/main/java/com/example/Score.java", 4, "java-azure-openai"),
        ("src/main/java/com/example/Score.java", 5, "java-djl"),
    }


def test_go_repository_exact_set():
    result = scan_repository(REPOS / "pricing-go")
    assert found(result) == {("go.mod", 6, "go-openai"), ("main.go", 6, "go-openai")}


def test_no_finding_on_look_alikes():
    files = {
        f.file
        for repo in ("claims-triage", "support-bot", "credit-scoring")
        for f in scan_repository(REPOS / repo).findings
    }
    for look_alike in ("src/claims/openai_helpers.py", "src/openai_helpers.ts"):
        assert look_alike not in files
    evidence = " ".join(
        f.evidence
        for r in ("claims-triage", "support-bot")
        for f in scan_repository(REPOS / r).findings
    )
    assert "torchlight" not in evidence and "openai_helpers" not in evidence


def test_evidence_is_the_line_itself():
    result = scan_repository(REPOS / "claims-triage")
    by_file = {(f.file, f.line): f.evidence for f in result.findings}
    lines = (REPOS / "claims-triage/src/claims/summarise.py").read_text().splitlines()
    assert by_file[("src/claims/summarise.py", 5)] == lines[4].strip()


def test_catalogue_is_data_and_can_be_extended():
    extra = Signature("py-torchlight", "python", "torchlight", "torchlight", "X", "X", "api")
    result = scan_repository(REPOS / "claims-triage", Catalogue.build((*code_signatures(), extra)))
    assert ("requirements.txt", 5, "py-torchlight") in found(result)
    assert ("src/claims/summarise.py", 7, "py-torchlight") in found(result)


def test_symlinks_binary_and_huge_files_are_skipped_and_counted(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("import anthropic\n")
    repo = tmp_path / "repo"
    shutil.copytree(REPOS / "pricing-go", repo)
    os.symlink(outside, repo / "linked-folder")
    os.symlink(outside / "secret.py", repo / "linked.py")
    (repo / "blob.py").write_bytes(b"import openai\n\0\0binary")
    (repo / "huge.py").write_text("import openai\n" + "#" * MAX_FILE_BYTES)
    result = scan_repository(repo)
    assert found(result) == {("go.mod", 6, "go-openai"), ("main.go", 6, "go-openai")}
    assert (result.skipped_symlinks, result.skipped_binary, result.skipped_huge) == (2, 1, 1)
    assert result.files_scanned == 2


def test_scanner_never_runs_repository_code(tmp_path):
    marker = tmp_path / "ran"
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "setup.py").write_text(f"open({str(marker)!r}, 'w').write('x')\nimport openai\n")
    (repo / "conftest.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    result = scan_repository(repo)
    assert found(result) == {("setup.py", 2, "py-openai")}
    assert not marker.exists()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("pyproject.toml", "[project\n", "pyproject.toml is not valid TOML"),
        ("package.json", '{"dependencies": {', "package.json is not valid JSON (line 1)"),
        ("pom.xml", "<html></html>", "pom.xml has no <project> element"),
        ("Pipfile", "[packages\nopenai = '*'", "Pipfile is not valid TOML"),
    ],
)
def test_unreadable_manifest_is_a_named_problem(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    (tmp_path / "app.py").write_text("import openai\n")
    result = scan_repository(tmp_path)
    assert [p[0] for p in result.problems] == [name]
    assert result.problems[0][1].startswith(message)
    assert found(result) == {("app.py", 1, "py-openai")}  # the scan went on


def test_pipfile_and_poetry_dependencies(tmp_path):
    (tmp_path / "Pipfile").write_text("[packages]\nrequests = '*'\ntransformers = '*'\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry.dependencies]\npython = "^3.11"\nlangchain = "^0.3"\n'
    )
    assert found(scan_repository(tmp_path)) == {
        ("Pipfile", 3, "py-transformers"),
        ("pyproject.toml", 3, "py-langchain"),
    }


def test_not_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        scan_repository(tmp_path / "missing")


def test_kotlin_imports_without_semicolons(tmp_path):
    (tmp_path / "Chat.kt").write_text(
        "package x\n\nimport com.anthropic.client.AnthropicClient\nimport ai.djl.*\n"
        "import com.example.openai_helpers.Retry as R\n"
    )
    assert found(scan_repository(tmp_path)) == {
        ("Chat.kt", 3, "java-anthropic"),
        ("Chat.kt", 4, "java-djl"),
    }
