"""The thematic review's view of the analysis engine: batches in, plain dicts out, and a fingerprint
of the rules each result depends on.

The fingerprint decides what a cached result is still good for. It is a hash of the bytes of the rule
files under ``nlp/`` (every file in a ``resources`` folder, read with :mod:`importlib.resources`), taken
per kind of evidence (plan, notes) and the engine's version (``nlp.__version__``). The engine does not say
which rule files can change which kind's analysis, so every rule file counts for every kind: editing any
rule file re-analyses everything, which is correct, if not minimal.

The engine's and the loaders' own code (the ``.py`` files of ``nlp`` and ``inspector_kit.evidence``) is
hashed in too: a new version of the engine or of PDF text extraction changes results as surely as a rule
file does, so an upgrade re-analyses everything rather than mixing old and new results.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import inspector_kit.evidence as evidence
import nlp
from nlp.findings import FINDING_CODES, load_finding_rules
from nlp.signals.codebook import SIGNAL_CODES

KINDS = ("plan", "notes")


def rule_files() -> dict[str, bytes]:
    """Every rule data file in the engine, by its path inside ``nlp`` (e.g. ``signals/resources/x.jsonl``)."""
    found: dict[str, bytes] = {}

    def walk(node, prefix: str, inside: bool) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/", inside or child.name == "resources")
            elif inside:
                found[name] = child.read_bytes()

    walk(resources.files("nlp"), "", False)
    return found


def code_hash() -> str:
    """A hash of the engine's and the evidence loaders' Python source (what turns bytes into results)."""
    digest = hashlib.sha256()
    for label, root in (("nlp", Path(nlp.__file__).parent), ("evidence", Path(evidence.__file__).parent)):
        for path in sorted(root.rglob("*.py")):
            if "__pycache__" not in path.parts:
                digest.update(f"{label}/{path.relative_to(root)}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def fingerprints(files: dict[str, bytes] | None = None, code: str | None = None) -> dict[str, str]:
    """``{kind: hash}`` of the rule files each kind of result depends on, and of the engine's code."""
    files = rule_files() if files is None else files
    code = code_hash() if code is None else code
    out = {}
    for kind in KINDS:
        digest = hashlib.sha256(f"{kind}\0{nlp.__version__}\0{code}\0".encode())
        for name in sorted(files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
        out[kind] = digest.hexdigest()[:20]
    return out


@lru_cache(maxsize=1)
def current_fingerprints() -> tuple[tuple[str, str], ...]:
    """The fingerprints of the rules installed, computed once per process."""
    return tuple(sorted(fingerprints().items()))


def analyse_many(items: list[tuple[str, str, str, tuple[int, ...]]]) -> list[dict]:
    """Analyse ``(text, kind, phase, year_groups)`` items; one plain dict (``Analysis.as_dict()``) each.

    One ``nlp.analyse_many`` call (one ``nlp.pipe`` over the batch): plain dicts cross process boundaries
    and go into the result cache as they are.
    """
    results = nlp.analyse_many([{"text": t, "kind": k, "phase": p, "year_groups": y} for t, k, p, y in items])
    return [r.as_dict() for r in results]


def signal_codes() -> tuple[str, ...]:
    """The codebook's signal codes, in the engine's order."""
    return tuple(SIGNAL_CODES)


def finding_codes() -> tuple[str, ...]:
    """The engine's finding codes, in its order (frames add any other code seen in cached results)."""
    return tuple(FINDING_CODES)


@lru_cache(maxsize=1)
def finding_applicability() -> dict[str, dict]:
    """For each finding, when it can be judged, read from the engine's own finding rules:
    ``kinds`` (a finding with no ``notes`` block never applies to notes), ``school_year_groups``
    (``applies_if_serves``: thin_ks3 needs a school with year 7 or 8) and ``notes_year_groups``
    (``sections_overlapping``: notes can show it only if such a group was heard)."""
    out = {}
    for rule in load_finding_rules():
        notes = rule.blocks.get("notes") or {}
        out[rule.code] = {"kinds": tuple(k for k in KINDS if k in rule.blocks),
                          "school_year_groups": tuple(rule.applies_if_serves),
                          "notes_year_groups": tuple(notes.get("sections_overlapping", ()))}
    return out
