"""The lead inspector's briefing dashboard: one school's destinations, local labour market, website check, Gatsby coverage,
weak spots with their evidence, contradictions and lines of enquiry; review the weak spots; download
the briefing as Word or HTML. Weak spots and lines of enquiry are grouped by the evaluation areas of the
framework chosen in the dropdown (the renewed framework unless the inspector picks the 2019 one).

Every section is drawn from the same :class:`~inspector_kit.briefing.build.Briefing` the exports are
made from (pupils' names redacted, reviewers' decisions included), and the sections, their order and
headings are the briefing model's (:mod:`inspector_kit.briefing.sections`), so the screen and the file
agree; the dashboard adds controls between them (the review form after the weak spots, the downloads at
the end), not content.

>>> BriefingDashboard().start()     # in a notebook cell; Voilà serves notebooks/briefing.ipynb  # doctest: +SKIP
"""
from __future__ import annotations

import ipywidgets as w

from inspector_kit.briefing.sections import sections
from inspector_kit.ui import charts, views
from inspector_kit.ui.dashboard import Dashboard, header_html
from inspector_kit.ui.labour_market import labour_market_charts, labour_market_html
from inspector_kit.ui.widgets import DownloadLinks, FindingReview

FRAMEWORK_CHOICES = (("Renewed framework, from 10 November 2025", "renewed-2025"),
                     ("Education inspection framework, 2019-2025", "eif-2019"))


class BriefingDashboard(Dashboard):
    """The lead inspector's dashboard: the briefing's sections for the chosen school, the weak-spot review and the
    downloads."""
    uses_destinations = True

    def body(self) -> list[w.Widget]:
        """The framework choice, then one output per briefing section in the model's order, with the review form
        after the weak spots and the downloads at the end."""
        self._drawn: dict[str, tuple] = {}  # urn -> (briefing, stage, prepared)
        self.framework = w.Dropdown(options=FRAMEWORK_CHOICES, value=self.cases.framework or "renewed-2025",
                                    description="Group by", style={"description_width": "initial"})
        self.framework.add_class("ik-framework-choice")
        self.framework.observe(self.choose_framework, names="value")
        self.header = w.HTML()
        self.review = FindingReview(on_decide=self.decide)
        self.downloads = DownloadLinks(make=self.export)
        controls_after = {"weak_spots": [self.review]}
        out = [self.framework, self.header]
        for s in sections():  # one widget per section of the briefing model, in its order
            widget = w.HTML()
            widget.add_class(f"ik-section-{s.id}")
            setattr(self, s.id, widget)
            out += [widget] + controls_after.get(s.id, [])
        return out + [self.downloads]

    @property
    def contradictions(self) -> w.HTML:
        """The triangulation section (its anchor is still ``ik-contradictions``)."""
        return self.triangulation

    def choose_framework(self, change) -> None:
        """Regroup the briefing (screen and downloads) by the chosen framework's evaluation areas."""
        self.cases.framework = change["new"]
        self.refresh()

    def warm_up(self) -> None:
        """Start the chart converter before the first school, so that the first charts do not wait for it."""
        charts.warm_up()

    def analysed_outputs(self) -> list[w.HTML]:
        """Every section of the briefing model."""
        return [getattr(self, s.id) for s in sections()]

    def prepare(self, urn: str, quick: bool = False) -> dict:
        """Everything to show for a school, as strings and records (runs in a worker thread).

        ``quick``: if the destination data has not been compared yet, show the text's sections now and
        the destination panel as loading (``more``)."""
        case = self.cases.case(urn) if quick else self.cases.complete(urn)
        briefing = self.cases.briefing(urn)
        prepared = {"urn": urn, "header": header_html(case), "problems": self.problems_for(case),
                    "more": not case.destinations_done}
        if briefing is None:
            prepared["more"] = False
            return prepared
        # switching back to a school: its sections are drawn again only when its briefing has changed
        memo_key = (case.destinations_done, len(case.problems))
        held = self._drawn.get(urn)
        if held is not None and held[0] is briefing and held[1] == memo_key:
            return held[2] | {"problems": prepared["problems"]}
        data = briefing.as_dict()
        destinations = (views.destinations_html(data["destinations"], data["destination_problem"],
                                                charts.briefing_charts(briefing))
                        if case.destinations_done else views.loading_html("destinations",
                                                                          "Loading the destination data..."))
        prepared.update({
            "evidence": views.evidence_html(data["evidence"], data["problems"]),
            "destinations": destinations,
            "labour_market": labour_market_html(data.get("labour_market"), labour_market_charts(briefing)),
            "website": views.website_html(data["website_check"]),
            "gatsby": views.gatsby_html(data["gatsby"]),
            "context": views.context_html(data["context"]),
            "weak_spots": views.weak_spots_html(data["weak_spots"], case.signal_words, data["framework"]),
            "triangulation": views.triangulation_html(data["triangulation"],
                                                      views.silent_area_titles(data["no_evidence"])),
            "enquiries": views.enquiries_html(data["lines_of_enquiry"], data["framework"]),
            "findings": [{"id": s["id"], "label": f"{s['title']} ({'plan' if s['source'] == 'plan' else s['source']})",
                          "decision": (s.get("decision") or {}).get("decision")} for s in data["weak_spots"]],
        })
        self._drawn[urn] = (briefing, memo_key, prepared)
        return prepared

    def show(self, prepared: dict) -> None:
        """Fill every section from a prepared school, and reset the review form when the school changed."""
        changed = prepared["urn"] != self.shown_urn
        self.errors.problems = prepared["problems"]
        for s in sections():
            getattr(self, s.id).value = self.section(prepared.get(s.id, ""))
        self.review.findings = prepared.get("findings", [])
        if changed:
            self.review.reset()
        self.downloads.reset()
        self.header.value = prepared["header"]  # last: the page is complete when the header names the school

    def decide(self, finding_id: str, decision: str, reason: str, reviewer: str) -> str:
        """Save a reviewer's decision on a weak spot and redraw, so the briefing and lines of enquiry follow it."""
        saved = self.cases.decide(self.shown_urn, finding_id, decision, reason=reason, reviewer=reviewer)
        self.refresh()
        return f"Saved: {saved.decision} by {saved.reviewer} at {saved.decided_at}."

    def export(self, fmt: str) -> tuple[str, bytes]:
        """The shown school's briefing as a file (name, bytes), from the same briefing the screen shows."""
        return self.cases.export(self.shown_urn, fmt)
