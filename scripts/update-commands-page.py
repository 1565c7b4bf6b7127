#!/usr/bin/env python3
"""Pastes each command's --help into docs/commands.md (the docs tests say when it is stale).

Usage: scripts/update-commands-page.py [path/to/docket]   (default: .build/debug/docket)
"""
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
docket = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/docket")
page = os.path.join(root, "docs/commands.md")
text = open(page, encoding="utf-8").read()
position = 0
while True:
    start = text.find("## docket ", position)
    if start < 0:
        break
    command = text[start + len("## docket "):text.index("\n", start)].strip()
    fence = text.index("```\n", start)
    end = text.index("\n```", fence + 4)
    help_text = subprocess.run([docket, command, "--help"], capture_output=True, text=True,
                               env=dict(os.environ, COLUMNS="100"), check=True).stdout.strip("\n")
    text = text[:fence + 4] + help_text + text[end:]
    position = fence + 4 + len(help_text)
open(page, "w", encoding="utf-8").write(text)
