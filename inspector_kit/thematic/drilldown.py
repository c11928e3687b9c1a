"""From any cell of an aggregate to the schools and the words behind it.

A reviewer who reads "42% of schools in the North East show academic bias" must be able to open the cell
and read which schools and which sentences. :func:`drill_down` returns both: the schools of the cell, and
one row per quotation with its file, character offsets, line and page, so each can be checked in the
document (``inspector-kit bundle text FILE`` prints the text the offsets count in). Pupils' names are
replaced by ``[Pupil A]``... with one :class:`~inspector_kit.privacy.Redactor` per school, fed the names
from its focus-group headings. A finding that rests on silence has no quotation: its row says what was
searched for and not found.

Suppressed cells can be opened too: suppression protects published figures from being over-read, and the
reviewer still needs the evidence; the result says the cell is suppressed so it is not quoted as a figure.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from inspector_kit.errors import AggregateError
from inspector_kit.privacy import Redactor
from inspector_kit.privacy import log as privacy_log
from inspector_kit.thematic.aggregate import ALL, DIMENSIONS
from inspector_kit.thematic.batch import CorpusAnalysis, finding_status, signal_state
from inspector_kit.thematic.frames import FINDING_STATUSES, SIGNAL_STATUSES, ThematicFrames

QUOTE_COLUMNS = ["school", "urn", "name", "code", "source", "status", "label", "year_groups", "evidence", "quote",
                 "note",
                 "file", "start", "end", "line", "page", "rule", "negated", "hypothetical", "uncertain",
                 "limited", "searched"]


@dataclass
class DrillDown:
    """The schools of one aggregate cell and the quotations behind it (redacted)."""

    items: str
    code: str
    dimension: str | None
    group: str | None
    statuses: tuple[str, ...]
    source: str
    schools: pd.DataFrame
    quotations: pd.DataFrame
    suppressed: bool = False

    @property
    def note(self) -> str:
        """The caution shown over a suppressed cell's schools: for reading, not for quoting."""
        if self.suppressed:
            return ("The figures for this cell are suppressed (fewer than 6 schools, or hidden so a suppressed "
                    "figure cannot be worked out): the schools are listed for your own reading, not for quoting.")
        return ""


def cell_schools(frames: ThematicFrames, code: str, *, items: str = "findings", dimension: str | None = None,
                 group: str | None = None, statuses: tuple[str, ...] | None = None,
                 source: str = "any") -> pd.Index:
    """The ``school`` ids in one cell (``group`` of ``dimension``; all schools when ``group`` is None)."""
    long = getattr(frames, items, None)
    if long is None or items not in ("findings", "signals"):
        raise AggregateError(f"unknown items {items!r}; choose findings or signals")
    known = frames.finding_codes if items == "findings" else frames.signal_codes
    if code not in known:
        raise AggregateError(f"unknown code {code!r}; known: {', '.join(known)}")
    allowed = FINDING_STATUSES if items == "findings" else SIGNAL_STATUSES
    statuses = tuple(statuses or (("weak", "not_mentioned") if items == "findings" else ("weak",)))
    bad = sorted(set(statuses) - set(allowed))
    if bad:
        raise AggregateError(f"unknown status(es) {', '.join(bad)}; choose from {', '.join(allowed)}")
    rows = long[(long["code"] == code) & (long["source"] == source) & long["status"].isin(statuses)]
    ids = pd.Index(rows["school"].unique())
    if dimension is not None and group is not None and group != ALL:
        if dimension not in DIMENSIONS:
            raise AggregateError(f"unknown dimension {dimension!r}; choose one of {', '.join(DIMENSIONS)}")
        schools = frames.schools.set_index("school")
        if group not in set(schools[dimension]):
            raise AggregateError(f"no {DIMENSIONS[dimension].lower()} called {group!r}")
        ids = ids[schools.loc[ids, dimension].to_numpy() == group]
    return ids.sort_values()


def drill_down(frames: ThematicFrames, corpus: CorpusAnalysis, code: str, *, items: str = "findings",
               dimension: str | None = None, group: str | None = None, statuses: tuple[str, ...] | None = None,
               source: str = "any", aggregate: pd.DataFrame | None = None, max_schools: int | None = None
               ) -> DrillDown:
    """The schools and quotations behind one cell; ``aggregate`` (the table the cell came from) tells
    whether the cell is suppressed."""
    statuses = tuple(statuses or (("weak", "not_mentioned") if items == "findings" else ("weak",)))
    ids = cell_schools(frames, code, items=items, dimension=dimension, group=group, statuses=statuses,
                       source=source)
    if max_schools is not None:
        ids = ids[:max_schools]
    schools = frames.schools.set_index("school").loc[ids].reset_index()
    long = getattr(frames, items)
    status_of = long[(long["code"] == code) & (long["source"] == source)].set_index("school")["status"]
    schools.insert(3, "status", status_of.reindex(ids).astype(str).to_numpy())
    quotes = quotations(frames, corpus, ids, code, items=items, source=source, statuses=statuses)
    suppressed = False
    if aggregate is not None and dimension is not None:
        row = aggregate[(aggregate["code"] == code) & (aggregate["group"] == (group or ALL))]
        suppressed = bool(len(row)) and bool((row["suppressed"] != "").any())
    return DrillDown(items, code, dimension, group, statuses, source, schools, quotes, suppressed)


def _kinds(source: str) -> tuple[str, ...]:
    return ("plan", "notes") if source == "any" else (source,)


def quotations(frames: ThematicFrames, corpus: CorpusAnalysis, schools, code: str | None = None, *,
               items: str = "findings", source: str = "any", statuses: tuple[str, ...] | None = None
               ) -> pd.DataFrame:
    """One row per quotation (redacted) for the given schools: the evidence of a finding ``code`` (all
    findings when None), or the mentions of a signal ``code``."""
    rows = []
    info = frames.schools.set_index("school")
    mentions = pupils = read = 0
    for school in schools:
        redactor = None
        names: set[str] = set()
        results = [corpus.full_result(key) for key, kind in frames.pieces.get(int(school), [])
                   if kind in _kinds(source)]
        results = [r for r in results if r]
        for result in results:
            for piece in result["pieces"]:
                names.update(piece.get("pupil_names", []))
        redactor = Redactor(names=names, use_model=False)
        base = {"school": int(school), "urn": info.at[school, "urn"], "name": info.at[school, "name"]}
        for result in results:
            for piece in result["pieces"]:
                where = {"source": result["kind"], "label": piece["label"],
                         "year_groups": ",".join(map(str, piece["year_groups"]))}
                if items == "findings":
                    for finding in piece["findings"]:
                        if code is not None and finding["code"] != code:
                            continue
                        for ev in finding.get("evidence", []):
                            rows.append(_evidence_row(base | where, finding, ev, redactor))
                else:
                    for sig in piece["signals"]:
                        if sig["code"] != code:
                            continue
                        state = signal_state(sig)
                        if statuses and state not in statuses:
                            continue
                        rows.append(_signal_row(base | where, sig, state, redactor))
        mentions, pupils, read = mentions + redactor.count, pupils + len(redactor.pseudonyms), read + 1
    privacy_log.info("redacted %d mention(s) of %d pupil(s) in the quotations of %d school(s)",
                     mentions, pupils, read)
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    # two signals in one sentence are one quotation; one absence is one row
    frame = frame.drop_duplicates(["school", "code", "source", "label", "evidence", "file", "start", "end",
                                   "searched"]).reset_index(drop=True)
    for column in ("start", "end", "line", "page"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def _span(ev: dict) -> dict:
    src = ev.get("sentence_source") or ev.get("source") or {}
    return {"file": src.get("file", ""), "start": src.get("start"), "end": src.get("end"),
            "line": src.get("line"), "page": src.get("page")}


def _evidence_row(base: dict, finding: dict, ev: dict, redactor: Redactor) -> dict:
    quoted = ev.get("kind") == "signal" or "start" in ev
    return base | {
        "code": finding["code"], "status": finding_status(finding), "evidence": "quote" if quoted else "absence",
        "quote": redactor.redact(ev.get("sentence") or ev.get("text") or "") if quoted else "",
        "note": redactor.redact(ev.get("note", "")), **(_span(ev) if quoted else
                                                        {"file": "", "start": None, "end": None, "line": None,
                                                         "page": None}),
        "rule": ev.get("rule", finding.get("rule", "")), "negated": ev.get("negated"),
        "hypothetical": ev.get("hypothetical"), "uncertain": ev.get("uncertain"), "limited": ev.get("limited"),
        "searched": ", ".join(ev.get("searched", [])),
    }


def _signal_row(base: dict, sig: dict, state: str, redactor: Redactor) -> dict:
    return base | {
        "code": sig["code"], "status": state, "evidence": "quote",
        "quote": redactor.redact(sig.get("sentence") or sig["text"]), "note": redactor.redact(sig["text"]), **_span(sig), "rule": sig.get("rule", ""), "negated": sig.get("negated"),
        "hypothetical": sig.get("hypothetical"), "uncertain": sig.get("uncertain"), "limited": sig.get("limited"),
        "searched": "",
    }
