"""The inspection team's focus-group dashboard: each note by year group with its signals marked and
its findings beside it; what pupils said across year groups as a chart; accept or dismiss each finding
with a reason; paste or upload a new note.

Decisions and pasted notes go to the review database (never into the bundle), one transaction each, and
are read back on every load, so they are there after a restart and in the briefing export.

>>> FocusGroupDashboard().start()     # in a notebook cell; Voilà serves notebooks/focus_groups.ipynb  # doctest: +SKIP
"""
from __future__ import annotations

import ipywidgets as w

from inspector_kit.ui import charts, views
from inspector_kit.ui.cases import read_upload
from inspector_kit.ui.dashboard import Dashboard, header_html
from inspector_kit.ui.widgets import FindingReview, NoteEntry


class FocusGroupDashboard(Dashboard):
    """The focus-group page: each note by year group with its signals and findings, reviewed one finding at a
    time."""

    uses_destinations = False  # pupils' voice only: no destination tables to load

    def body(self) -> list[w.Widget]:
        """The header, chart, notes, finding review and note entry."""
        self.header = w.HTML()
        self.chart = w.HTML()
        self.notes = w.HTML()
        self.review = FindingReview(on_decide=self.decide)
        self.note_entry = NoteEntry(on_add=self.add_note, on_upload=read_upload)
        return [self.header, self.chart, self.review, self.notes, self.note_entry]

    def warm_up(self) -> None:
        """Draw a first chart ahead, so the first school's chart does not wait for vl-convert."""
        charts.warm_up()

    def analysed_outputs(self) -> list[w.HTML]:
        """The chart and the notes."""
        return [self.chart, self.notes]

    def note_analyses(self, case) -> list:
        """The analyses of the school's notes (none before the engine has run)."""
        return list(case.analysis.notes) if case.analysis is not None else []

    def prepare(self, urn: str, quick: bool = False) -> dict:
        """The notes, chart and review options for a school, as strings and records (worker thread)."""
        case = self.cases.case(urn)
        notes = self.note_analyses(case)
        decisions = {k: d.as_dict() for k, d in self.cases.decisions(urn).items()}
        prepared = {"urn": urn, "header": header_html(case), "problems": self.problems_for(case)}
        if case.analysis is None:
            return prepared
        if not notes:
            prepared["notes"] = self.section("<h2 id='ik-notes'>Focus-group notes</h2><p>No focus-group notes "
                                             "for this school yet: add one below.</p>")
            prepared["chart"] = ""
            prepared["findings"] = []
            return prepared
        rows = views.signal_counts(notes)
        chart = ""
        if rows:
            svg = charts.svg(charts.focus_group_spec(rows))
            alt = (f"What pupils said about careers provision in {len(notes)} focus group(s), by year group: "
                   "counts of affirmed, denied and planned mentions per area; the same figures are in the table below.")
            chart = (f"<h2 id='ik-chart'>What pupils said, by year group</h2><figure class='ik-chart'>"
                     f"{views.svg_with_alt(svg, alt)}<figcaption>✓ said to happen, ✗ denied, ? planned or unsure."
                     f"</figcaption></figure>{views.counts_table_html(rows)}")
        prepared["chart"] = self.section(chart)
        prepared["notes"] = self.section(
            "<h2 id='ik-notes'>Focus-group notes</h2>"
            + "".join(views.note_html(a, decisions, i) for i, a in enumerate(notes)))
        prepared["findings"] = [
            {"id": a.finding_id(f), "label": f"{a.label}: {views.finding_title(f.code)}",
             "decision": (decisions.get(a.finding_id(f)) or {}).get("decision")}
            for a in notes for f in a.findings]
        return prepared

    def show(self, prepared: dict) -> None:
        """Show a prepared school; the review form is reset only when the school changes."""
        changed = prepared["urn"] != self.shown_urn
        self.errors.problems = prepared["problems"]
        self.chart.value = prepared.get("chart", "")
        self.notes.value = prepared.get("notes", "")
        self.review.findings = prepared.get("findings", [])
        if changed:
            self.review.reset()
            self.note_entry.reset()
        self.header.value = prepared["header"]

    def decide(self, finding_id: str, decision: str, reason: str, reviewer: str) -> str:
        """Store a reviewer's decision on a finding and say where it will appear."""
        saved = self.cases.decide(self.shown_urn, finding_id, decision, reason=reason, reviewer=reviewer)
        self.refresh()
        return f"Saved: {saved.decision} by {saved.reviewer} at {saved.decided_at}. It will be in the briefing export."

    def add_note(self, label: str, text: str, author: str) -> str:
        """Store a pasted note, analyse it with the school's notes and say how many there are."""
        case = self.cases.add_note(self.shown_urn, label, text, author)
        self.refresh()
        added = [n for n in case.bundle.notes if n.source.file.startswith("pasted-note-")] if case.bundle else []
        return f"Note added and analysed ({len(added)} pasted note(s) for this school)."
