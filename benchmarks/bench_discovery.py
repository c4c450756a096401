"""Benchmark: the discovery code scanner on a generated 10,000-file repository, against
``git grep`` over the same signatures.

Run: ``.venv/bin/python benchmarks/bench_discovery.py [--files 10000] [--keep DIR]``.

The repository is generated afresh (seeded): Python, JavaScript/TypeScript, Java and Go
sources of realistic length, manifests, Markdown, a few binary and huge files; one source
file in 25 imports an AI SDK, and as many import a look-alike (``openai_helpers``,
``torchlight``). The scanner must finish in under 30 s. ``git grep`` is the reference for
speed only: it searches every file for the catalogue's module and package names as words,
so it also reports look-alikes and mentions in prose, which the scanner does not.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitors.repository_scan import MAX_FILE_BYTES, scan_repository  # noqa: E402
from risk_model.discovery import code_signatures  # noqa: E402

LIMIT_SECONDS = 30.0

AI_LINES = {
    ".py": [
        "from openai import OpenAI",
        "import anthropic",
        "from sklearn.svm import SVC",
        "import torch.nn as nn",
        "from langchain_openai import ChatOpenAI",
    ],
    ".ts": ['import OpenAI from "openai";', 'import Anthropic from "@anthropic-ai/sdk";'],
    ".js": ["const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime');"],
    ".java": [
        "import com.azure.ai.openai.OpenAIClient;",
        "import dev.langchain4j.model.chat.ChatModel;",
    ],
    ".go": ['import openai "github.com/sashabaranov/go-openai"'],
}
LOOK_ALIKES = {
    ".py": ["from openai_helpers import retry", "import torchlight"],
    ".ts": ['import { retry } from "./openai_helpers";'],
    ".js": ["const torchlight = require('torchlight');"],
    ".java": ["import com.example.openai_helpers.Retry;"],
    ".go": ['import "example.com/torchlight"'],
}
PLAIN = {
    ".py": "def f{n}(x):\n    return x * {n} + len(str(x))\n\n",
    ".ts": "export function f{n}(x: number): number {{ return x * {n}; }}\n",
    ".js": "function f{n}(x) {{ return x * {n}; }}\nmodule.exports.f{n} = f{n};\n",
    ".java": "    public int f{n}(int x) {{ return x * {n}; }}\n",
    ".go": "func F{n}(x int) int {{ return x * {n} }}\n",
    ".md": "Paragraph {n}: the service answers questions about its usage policy.\n\n",
}


def generate(root: Path, files: int, seed: int = 7) -> dict[str, int]:
    """Write the repository; return how many AI and look-alike imports it holds."""
    rng = random.Random(seed)
    suffixes = [".py"] * 4 + [".ts", ".js", ".java", ".go", ".md"]
    counts = {"ai": 0, "look_alikes": 0}
    (root / "requirements.txt").write_text("pandas==3.0.6\nopenai==1.50.0\ntorchlight==0.3\n")
    (root / "package.json").write_text('{"dependencies": {"openai": "^4", "express": "^4"}}\n')
    (root / "go.mod").write_text("module x\n\nrequire github.com/sashabaranov/go-openai v1.32.0\n")
    for i in range(files - 3):
        suffix = suffixes[i % len(suffixes)]
        folder = root / f"pkg{i % 97}" / f"mod{i % 13}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"file{i}{suffix}"
        if i % 1000 == 999:
            path.with_suffix(".py").write_bytes(b"import openai\n\0\0" + bytes(range(256)) * 8)
            continue
        if i % 2500 == 1:
            path.with_suffix(".py").write_text("import openai\n" + "#" * (MAX_FILE_BYTES + 1))
            continue
        lines = ["Mentions openai and torch in prose."] if suffix == ".md" else []
        if suffix != ".md" and i % 25 == 3:
            lines.append(rng.choice(AI_LINES[suffix]))
            counts["ai"] += 1
        if suffix != ".md" and i % 25 == 11:
            lines.append(rng.choice(LOOK_ALIKES[suffix]))
            counts["look_alikes"] += 1
        body = "".join(PLAIN[suffix].format(n=n) for n in range(rng.randint(20, 80)))
        path.write_text("\n".join(lines) + "\n" + body)
    return counts


def git_grep_pattern() -> str:
    names = set()
    for s in code_signatures():
        for name in (s.package, s.module):
            if name and not name.startswith("re:"):
                names.add(re.escape(name.rstrip(":*").rstrip("*")))
    return r"(^|[^A-Za-z0-9_.@/-])(" + "|".join(sorted(names)) + r")([^A-Za-z0-9_-]|$)"


def fixed_names() -> list[str]:
    names = {
        name.rstrip(":*").rstrip("*")
        for s in code_signatures()
        for name in (s.package, s.module)
        if name and not name.startswith("re:")
    }
    return sorted(names)


def time_git_grep(root: Path, fixed: bool = False) -> tuple[float, int]:
    """``git grep`` over the generated files: one regular expression of every name as a word,
    or (``fixed``) every name as a fixed string, ``-w``."""
    if fixed:
        pattern = ["-F", "-w", *(arg for name in fixed_names() for arg in ("-e", name))]
    else:
        pattern = ["-E", git_grep_pattern()]
    start = time.perf_counter()
    done = subprocess.run(
        ["git", "grep", "--no-index", "-I", "-n", *pattern],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    return elapsed, len(done.stdout.splitlines())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-discovery-")) / "repo"
    root.mkdir(parents=True, exist_ok=True)
    try:
        counts = generate(root, args.files)
        start = time.perf_counter()
        result = scan_repository(root)
        scan_seconds = time.perf_counter() - start
        grep_seconds, grep_lines = time_git_grep(root)
        fixed_seconds, fixed_lines = time_git_grep(root, fixed=True)
        manifest_hits = sum(1 for f in result.findings if "/" not in f.file)
        print(
            f"repository: {args.files:,} files, {counts['ai']} AI imports, "
            f"{counts['look_alikes']} look-alike imports"
        )
        print(f"{'tool':<24}{'seconds':>9}{'hits':>8}")
        print(f"{'discovery scanner':<24}{scan_seconds:>9.2f}{len(result.findings):>8}")
        print(f"{'git grep -E (reference)':<24}{grep_seconds:>9.2f}{grep_lines:>8}")
        print(f"{'git grep -F -w':<24}{fixed_seconds:>9.2f}{fixed_lines:>8}")
        print(
            f"scanner: {result.files_scanned:,} files read, {result.skipped_binary} binary and "
            f"{result.skipped_huge} huge skipped; {manifest_hits} manifest findings; "
            f"source findings {len(result.findings) - manifest_hits} of {counts['ai']} planted"
        )
        ok = scan_seconds < LIMIT_SECONDS and len(result.findings) - manifest_hits == counts["ai"]
        print("PASS" if ok else f"FAIL (limit {LIMIT_SECONDS:.0f} s, exact AI imports)")
        return 0 if ok else 1
    finally:
        if args.keep is None:
            shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
