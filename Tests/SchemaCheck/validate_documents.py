#!/usr/bin/env python3
"""Validates docket YAML files against schema/ with an independent validator.

Reads each file named on the command line (all its documents), picks the schema by the
document's kind and prints one JSON line per file: {"file", "valid", "errors"}. Scalars are
typed as YAML 1.2's core schema types them (what editors' YAML language server does):
only true/false, null, numbers; dates and times stay strings.
"""
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml


class CoreSchemaLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader without YAML 1.1's timestamps, yes/no/on/off and sexagesimals."""


CoreSchemaLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", list("-+.0123456789")),
]:
    CoreSchemaLoader.add_implicit_resolver(tag, re.compile(pattern), first)

SCHEMAS = Path(__file__).resolve().parents[2] / "schema"


def validators():
    result = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        jsonschema.Draft7Validator.check_schema(schema)
        kind = schema.get("properties", {}).get("kind", {}).get("const")
        if kind:
            result[kind] = jsonschema.Draft7Validator(schema)
    return result


def main(paths):
    by_kind = validators()
    for name in paths:
        errors = []
        try:
            documents = list(yaml.load_all(Path(name).read_text(encoding="utf-8"), Loader=CoreSchemaLoader))
        except Exception as error:  # a file the validator cannot read is invalid for it
            documents, errors = [], [f"unreadable: {error}"]
        for document in documents:
            kind = document.get("kind") if isinstance(document, dict) else None
            validator = by_kind.get(kind)
            if validator is None:
                errors.append(f"no schema for kind {kind!r}")
                continue
            errors += [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
        print(json.dumps({"file": name, "valid": not errors, "errors": errors}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
