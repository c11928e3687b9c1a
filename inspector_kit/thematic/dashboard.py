"""The thematic dashboard: filter thousands of schools, see how common each weak spot is, open a cell.

``notebooks/thematic.ipynb`` only configures and displays :class:`ThematicDashboard`. The review is read
from the cache (the CLI or a first load fills it), so opening the page costs seconds, not an analysis.
Each filter change recomputes the aggregates on the filtered frames and redraws: the work is pandas on
about 100,000 status rows and one SVG, measured in ``benchmarks/bench_thematic.py`` (target under
300 ms at 4,000 schools). Suppression applies on screen as in the exports: a group of fewer than six
schools shows ``c``, and opening it says its figures are not for quoting.

It reuses the dashboards' stylesheet, status line, error panel and offline SVG charts
(:mod:`inspector_kit.ui`); I/O stays in :func:`inspector_kit.thematic.run_review` and the export module.
"""
from __future__ import annotations

import asyncio
import base64
import html
import io
import os
import time
import zipfile
from importlib import resources
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w
import pandas as pd
import traitlets as t

from inspector_kit.config import Settings
from inspector_kit.thematic import charts, run_review
from inspector_kit.thematic.aggregate import ALL, DIMENSIONS, prevalence
from inspector_kit.thematic.drilldown import drill_down, quotations
from inspector_kit.thematic.export import with_suppression_marks, write_workbook
from inspector_kit.thematic.frames import fill_nesting, subset
from inspector_kit.ui.charts import svg
from inspector_kit.ui.cases import unexpected
from inspector_kit.ui.dashboard import stylesheet
from inspector_kit.ui.views import finding_title
from inspector_kit.ui.widgets import LABEL_STYLE, ErrorPanel, Panel, StatusLine

esc = html.escape
ALL_OPTION = "All"
MAX_SCHOOLS_SHOWN = 100
MAX_QUOTES_SHOWN = 60
SOURCES = (("Plans and focus groups", "any"), ("Published plans", "plan"), ("Focus-group notes", "notes"))


@dataclass(frozen=True)
class ThematicSettings:
    """Where the bundles, the result cache and (optionally) destination data are, from the environment:
    ``INSPECTOR_KIT_THEMATIC_BUNDLES`` (default: the fixtures), ``INSPECTOR_KIT_THEMATIC_CACHE`` (default:
    ``thematic-cache.sqlite`` beside the bundles folder), ``INSPECTOR_KIT_THEMATIC_DATA`` (files separated
    by the path separator); the page's query string may preselect ``?finding=...&region=...``."""

    bundles: Path
    cache: Path
    data_files: tuple[str, ...] = ()
    finding: str | None = None
    region: str | None = None

    @classmethod
    def from_environment(cls, environ=None) -> "ThematicSettings":
        """The settings from ``INSPECTOR_KIT_THEMATIC_*`` (bundles, cache, destination files) and the page's
        query string."""
        env = os.environ if environ is None else environ
        settings = Settings.from_environment(env)
        query = parse_qs(env.get("QUERY_STRING", ""))
        return cls(settings.thematic_bundles, settings.thematic_cache, settings.thematic_data,
                   (query.get("finding") or [None])[0], (query.get("region") or [None])[0])


def _dropdown(label: str, options=(ALL_OPTION,)) -> w.Dropdown:
    options = list(options)
    first = options[0][1] if isinstance(options[0], tuple) else options[0]
    return w.Dropdown(description=label, options=options, value=first, style=LABEL_STYLE,
                      layout=w.Layout(width="26em"))


def _cell_colour(value: float) -> tuple[str, str]:
    """Background (white to dark red by share flagged) and a text colour that keeps 4.5:1 contrast."""
    share = max(0.0, min(1.0, value / 100))
    r, g, b = 255 - int(share * 152), 245 - int(share * 230), 240 - int(share * 215)
    return f"rgb({r},{g},{b})", "#ffffff" if share > 0.55 else "#1b1b1b"


def heat_table_html(table, dimension: str) -> str:
    """Every weak spot by group as a table whose cells are shaded by the share flagged: the figures are
    text (``c`` where suppressed), the shade only helps the eye. Fast at 150 local authorities."""
    codes = list(dict.fromkeys(table["code"]))
    groups = [g for g in dict.fromkeys(table["group"]) if g != ALL] + [ALL]
    cells = {(g, c): (v, s, a) for g, c, v, s, a in zip(table["group"], table["code"], table["flagged_pct"],
                                                       table["suppressed"], table["assessed"])}
    head = "".join(f"<th scope='col'>{esc(finding_title(c))}</th>" for c in codes)
    rows = []
    for g in groups:
        tds = []
        for c in codes:
            v, s, a = cells[(g, c)]
            if s:
                tds.append("<td class='ik-heat-c'>c</td>")
            elif not a or pd.isna(v):
                tds.append("<td>–</td>")
            else:
                bg, fg = _cell_colour(float(v))
                tds.append(f"<td style='background:{bg};color:{fg}'>{float(v):.0f}%</td>")
        rows.append(f"<tr><th scope='row'>{esc(str(g))}</th>{''.join(tds)}</tr>")
    return (f"<div class='ik-heat' id='ik-thematic-heat'><table><caption>Share of schools flagged (weak or not "
            f"mentioned), % of schools assessed, by {esc(dimension.lower())}</caption><thead><tr>"
            f"<th scope='col'>{esc(dimension)}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


class Filters(Panel):
    """The reviewer's choices; holds them in traitlets and does no work itself."""

    region = t.Unicode(ALL_OPTION)
    local_authority = t.Unicode(ALL_OPTION)
    phase = t.Unicode(ALL_OPTION)
    type = t.Unicode(ALL_OPTION)
    sector = t.Unicode(ALL_OPTION)
    finding = t.Unicode("")
    source = t.Unicode("any")
    by = t.Unicode("region")

    def __init__(self, **kwargs):
        self.controls = {
            "region": _dropdown("Region"), "local_authority": _dropdown("Local authority"),
            "phase": _dropdown("Phase"), "type": _dropdown("School type"), "sector": _dropdown("FE or school"),
            "finding": _dropdown("Weak spot", [("(loading)", "")]),
            "source": _dropdown("Evidence", SOURCES),
            "by": _dropdown("Compare by", [(label, key) for key, label in DIMENSIONS.items()]),
        }
        for name, control in self.controls.items():
            t.link((control, "value"), (self, name))
        heading = w.HTML("<div class='ik'><h2 id='ik-thematic-filters'>Choose schools and a weak spot</h2></div>")
        left = w.VBox([self.controls[k] for k in ("region", "local_authority", "phase", "type", "sector")])
        right = w.VBox([self.controls[k] for k in ("finding", "source", "by")])
        super().__init__([heading, w.HBox([left, right])], **kwargs)
        self.add_class("ik-controls")

    def _controls(self):
        return list(self.controls.values())

    def set_options(self, name: str, options) -> None:
        """Replace a control's options, keeping its value when it is still offered."""
        control = self.controls[name]
        keep = control.value
        control.options = options
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        control.value = keep if keep in values else values[0]


class ThematicDashboard(w.VBox):
    """Filters, a chart of every weak spot by group, the chosen weak spot's table, the schools and the
    quotations behind a group, and downloads of what is on screen."""

    loaded = t.Bool(False)
    group = t.Unicode("")

    def __init__(self, settings: ThematicSettings | None = None, review=None, **kwargs):
        self.settings = settings or ThematicSettings.from_environment()
        self.review = review
        self.view = None
        own = resources.files(__package__).joinpath("dashboard.css").read_text(encoding="utf-8")
        self.css = w.HTML(f"<style>{stylesheet()}\n{own}</style>")
        self.intro = w.HTML(
            "<div class='ik' id='ik-thematic-intro'><p>How common each "
            "weak spot is across the schools' published plans and inspectors' focus-group notes, by region, local "
            "authority, phase and type. <strong>Weak</strong>: the evidence says so (denied, only planned, token); "
            "<strong>not mentioned</strong>: the evidence is silent, which is not the same thing. Percentages are "
            "of the schools whose evidence was read; <strong>c</strong> marks a group of fewer than six schools "
            "(or one hidden so a small group cannot be worked out from a total).</p></div>")
        self.status = StatusLine()
        self.errors = ErrorPanel()
        self.filters = Filters()
        self.summary = w.HTML()
        self.chart = w.HTML()
        self.table = w.HTML()
        self.drill = w.Select(description="Open a group", options=[], rows=6, style=LABEL_STYLE,
                              layout=w.Layout(width="34em"))
        self.schools_html = w.HTML()
        self.quotes_html = w.HTML()
        self.xlsx = w.Button(description="Prepare Excel workbook", tooltip="Tables for the schools on screen")
        self.csv = w.Button(description="Prepare CSV files (zip)", tooltip="The same tables as CSV files")
        self.links = w.HTML()
        self.download_status = StatusLine()
        downloads = w.VBox([
            w.HTML("<div class='ik'><h2 id='ik-thematic-downloads'>Download</h2><p>The aggregates for the schools "
                   "on screen, the schools table and the quotations behind the chosen weak spot (pupils' names "
                   "replaced by [Pupil A], [Pupil B]...).</p></div>"),
            w.HBox([self.xlsx, self.csv]), self.links, self.download_status])
        drill_box = w.VBox([w.HTML("<div class='ik'><h2 id='ik-thematic-drill'>Schools and quotations behind a "
                                   "group</h2></div>"), self.drill, self.schools_html, self.quotes_html])
        super().__init__([self.css, self.intro, self.status, self.errors, self.filters, self.summary, self.chart,
                          self.table, drill_box, downloads], **kwargs)
        self.add_class("ik-dashboard")
        self.filters.observe(self._on_filter, names=["region", "local_authority", "phase", "type", "sector",
                                                     "finding", "source", "by"])
        self.drill.observe(self._on_drill, "value")
        self.xlsx.on_click(lambda _: self.prepare_download("xlsx"))
        self.csv.on_click(lambda _: self.prepare_download("csv"))
        self.last_redraw_ms: float | None = None
        self.redraws = 0
        self._busy = False

    # --- loading -----------------------------------------------------------------------------

    def start(self) -> "ThematicDashboard":
        """Load the review (from the cache; in the background when a kernel's event loop runs)."""
        if self.review is not None:
            self._loaded()
            return self
        self.status.message = f"Reading the review of the bundles in {self.settings.bundles}..."
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._finish_load(self._load())
        else:
            loop.run_in_executor(None, self._load).add_done_callback(lambda f: self._finish_load(f.result()))
        return self

    def _load(self):
        try:
            return run_review(self.settings.bundles, cache=self.settings.cache, progress=False,
                              data_files=list(self.settings.data_files) or None)
        except Exception as exc:  # shown in the panel; the page stays usable
            return unexpected(exc, "reading the thematic review")

    def _finish_load(self, result) -> None:
        if isinstance(result, dict):
            self.errors.problems = [result]
            self.status.message = "The review could not be read."
            return
        self.review = result
        self._loaded()

    def _loaded(self) -> None:
        review = self.review
        problems = list(review.corpus.unreadable) + list(review.destinations.problems)
        self.errors.problems = [{"code": p.get("code", ""), "path": p.get("path") or p.get("bundle"),
                                 "message": p.get("message", "")} for p in problems]
        schools = review.frames.schools
        self._hold = True
        try:
            for name in ("region", "phase", "type", "sector"):
                self.filters.set_options(name, [ALL_OPTION] + sorted(schools[name].unique().tolist()))
            self._authority_options()
            codes = list(review.frames.finding_codes)
            self.filters.set_options("finding", [(finding_title(c), c) for c in codes])
            if self.settings.finding in codes:
                self.filters.finding = self.settings.finding
            if self.settings.region in set(schools["region"]):
                self.filters.region = self.settings.region
        finally:
            self._hold = False
        fill_nesting(review.frames)  # once, from all schools: filtering then costs only the aggregates
        self.loaded = True
        self.redraw()

    def _authority_options(self) -> None:
        schools = self.review.frames.schools
        if self.filters.region != ALL_OPTION:
            schools = schools[schools["region"] == self.filters.region]
        self.filters.set_options("local_authority", [ALL_OPTION] + sorted(schools["local_authority"].unique()))

    # --- redrawing ---------------------------------------------------------------------------

    def _on_filter(self, change) -> None:
        if getattr(self, "_hold", False) or self.review is None:
            return
        if change["name"] == "region":
            self._hold = True
            try:
                self._authority_options()
            finally:
                self._hold = False
        self._safely(self.redraw, doing="redrawing for the filters")

    def filtered(self):
        """The review's frames for the schools the filters pick."""
        f = self.filters
        return subset(self.review.frames, region=f.region, local_authority=f.local_authority, phase=f.phase,
                      type=f.type, sector=f.sector)

    def redraw(self) -> None:
        """Recompute the aggregates for the filters and redraw chart, table and drill-down choices."""
        started = time.perf_counter()
        f = self.filters
        frames = self.filtered()
        self.view = frames
        n = len(frames.schools)
        self.redraws += 1
        if n == 0:
            self.chart.value = self.table.value = self.schools_html.value = self.quotes_html.value = ""
            self.drill.options = []
            self.summary.value = (f"<div class='ik' id='ik-thematic-summary' data-schools='0' "
                                  f"data-redraw='{self.redraws}'><p>No school matches these filters.</p></div>")
            return
        table = prevalence(frames, f.by, source=f.source)
        self.aggregate = table
        mine = table[table["code"] == f.finding]
        total = mine[mine["group"] == ALL].iloc[0]
        title = finding_title(f.finding)
        figure = ("c (too few schools)" if total["suppressed"] else
                  f"{total['flagged_pct']:.1f}% flagged ({total['weak_pct']:.1f}% weak, "
                  f"{total['not_mentioned_pct']:.1f}% not mentioned)") if total["assessed"] else "not assessed"
        chart = charts.national_bars(table, title="How common each weak spot is in these schools "
                                                  "(% of schools assessed)")
        self.chart.value = (f"<div class='ik ik-chart' id='ik-thematic-chart'><figure><div role='img' "
                            f"aria-label='Bar chart: for each weak spot, the share of these schools weak and the "
                            f"share not mentioned; the same figures are in the tables below'>"
                            f"{svg(chart)}</div></figure>{heat_table_html(table, DIMENSIONS[f.by])}</div>")
        self.table.value = self.table_html(mine, title, DIMENSIONS[f.by])
        options = [(f"{g} ({'c' if s else int(fl)} flagged of {int(a)})", g)
                   for g, fl, a, s in zip(mine["group"], mine["flagged"].fillna(0), mine["assessed"], mine["suppressed"])
                   if a > 0]
        keep = self.drill.value
        self.drill.options = options
        self.drill.value = keep if keep in [g for _, g in options] else None
        if self.drill.value is None:
            self.schools_html.value = "<div class='ik'><p class='ik-muted'>Choose a group above to see its schools " \
                                      "and the quotations behind the figure.</p></div>"
            self.quotes_html.value = ""
        else:
            self.open_group(self.drill.value)
        # the summary goes last: the page (and a test) can take its change to mean everything is redrawn
        self.summary.value = (
            f"<div class='ik' id='ik-thematic-summary' data-schools='{n}' data-finding='{esc(f.finding)}' "
            f"data-redraw='{self.redraws}'>"
            f"<h2>{esc(title)}</h2><p><strong>{n:,}</strong> schools match; {int(total['assessed']):,} had "
            f"evidence to judge this weak spot: {esc(figure)}.</p></div>")
        self.last_redraw_ms = 1000 * (time.perf_counter() - started)
        self.status.message = f"Showing {n:,} schools ({self.last_redraw_ms:.0f} ms)."

    @staticmethod
    def table_html(rows, title: str, dimension: str) -> str:
        """A prevalence table as HTML, suppressed cells shown as ``c`` as in DfE's files."""
        def cell(value, suppressed, pct=False):
            if suppressed:
                return "c"
            if value is None or pd.isna(value):
                return "–"
            return f"{value:.1f}%" if pct else f"{int(value):,}"

        body = []
        for r in rows.itertuples():
            s = bool(r.suppressed)
            body.append(f"<tr><th scope='row'>{esc(str(r.group))}</th><td>{r.schools:,}</td><td>{r.assessed:,}</td>"
                        f"<td>{cell(r.weak_pct, s, True)}</td><td>{cell(r.not_mentioned_pct, s, True)}</td>"
                        f"<td>{cell(r.flagged_pct, s, True)}</td><td>{r.no_evidence + r.not_applicable:,}</td>"
                        f"<td>{esc(r.suppressed or '')}</td></tr>")
        return (f"<div class='ik' id='ik-thematic-table'><table><caption>{esc(title)} by {esc(dimension.lower())}"
                f"</caption><thead><tr><th scope='col'>{esc(dimension)}</th><th scope='col'>Schools</th>"
                f"<th scope='col'>Assessed</th><th scope='col'>Weak</th><th scope='col'>Not mentioned</th>"
                f"<th scope='col'>Flagged</th><th scope='col'>No evidence or not applicable</th>"
                f"<th scope='col'>Suppressed</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    def _on_drill(self, change) -> None:
        if change["new"] and self.view is not None:
            self._safely(self.open_group, change["new"], doing="opening the group")

    def _safely(self, action, *args, doing: str) -> None:
        """Run an action for the page; a failure is shown in the error panel, the page stays usable."""
        try:
            action(*args)
        except Exception as exc:
            self.errors.problems = list(self.errors.problems) + [unexpected(exc, doing)]

    def open_group(self, group: str) -> None:
        """Show the schools and quotations behind one group of the chosen weak spot."""
        f = self.filters
        cell = drill_down(self.view, self.review.corpus, f.finding, dimension=f.by,
                          group=None if group == ALL else group, source=f.source, aggregate=self.aggregate,
                          max_schools=MAX_SCHOOLS_SHOWN)
        self.group = group
        note = f"<p class='ik-problems'>{esc(cell.note)}</p>" if cell.suppressed else ""
        rows = "".join(f"<tr><th scope='row'>{esc(r.name)}</th><td>{esc(r.urn)}</td><td>{esc(r.local_authority)}</td>"
                       f"<td>{esc(r.type)}</td><td>{esc(r.status.replace('_', ' '))}</td></tr>"
                       for r in cell.schools.itertuples())
        self.schools_html.value = (
            f"<div class='ik' id='ik-thematic-schools' data-group='{esc(group, quote=True)}' "
            f"data-count='{len(cell.schools)}'>{note}<table><caption>Schools flagged in {esc(group)} "
            f"(up to {MAX_SCHOOLS_SHOWN})</caption><thead><tr><th scope='col'>School</th><th scope='col'>URN</th>"
            f"<th scope='col'>Local authority</th><th scope='col'>Type</th><th scope='col'>Why flagged</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div>")
        quotes = cell.quotations.head(MAX_QUOTES_SHOWN)
        items = []
        for q in quotes.itertuples():
            if q.evidence == "quote":
                page = f", page {q.page}" if isinstance(q.page, int) else ""
                where = f"{q.file}, line {q.line}{page}, characters {q.start}-{q.end}"
                items.append(f"<blockquote class='ik-thematic-quote'>{esc(q.quote)}<span class='ik-src'>{esc(q.name)}"
                             f" – {esc(q.label)} – {esc(where)}</span></blockquote>")
            else:
                items.append(f"<p class='ik-thematic-absence'><strong>{esc(q.name)}</strong> ({esc(q.label)}): "
                             f"not mentioned – searched for {esc(q.searched or q.note)}.</p>")
        self.quotes_html.value = (f"<div class='ik' id='ik-thematic-quotes'><h3>Quotations ({len(cell.quotations):,}"
                                  f"{', first ' + str(MAX_QUOTES_SHOWN) if len(cell.quotations) > MAX_QUOTES_SHOWN else ''}"
                                  f")</h3>{''.join(items)}</div>")

    # --- downloads ---------------------------------------------------------------------------

    def tables(self) -> dict:
        """What a download holds: aggregates of the schools on screen, schools, chosen weak spot's quotes."""
        f = self.filters
        out = {f"findings_by_{by}": prevalence(self.view, by, source=f.source) for by in DIMENSIONS}
        schools = self.review.schools_table(f.source)
        out["schools"] = schools[schools["school"].isin(self.view.schools["school"])]
        flagged = self.view.findings
        flagged = flagged[(flagged["code"] == f.finding) & (flagged["source"] == f.source)
                          & flagged["status"].isin(["weak", "not_mentioned"])]["school"].tolist()
        out["quotations"] = quotations(self.view, self.review.corpus, flagged, f.finding, source=f.source)
        return out

    def prepare_download(self, fmt: str) -> None:
        """Build the Excel or CSV download of the tables shown, with suppression marks."""
        self.xlsx.disabled = self.csv.disabled = True
        self.download_status.message = "Preparing the download..."
        try:
            tables = self.tables()
            buffer = io.BytesIO()
            if fmt == "xlsx":
                write_workbook(buffer, tables, self.review)
                name, mime = "thematic-review.xlsx", \
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            else:
                with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                    for key, table in tables.items():
                        z.writestr(f"{key}.csv", with_suppression_marks(table).to_csv(index=False))
                name, mime = "thematic-review-csv.zip", "application/zip"
            data = buffer.getvalue()
        except Exception as exc:
            self.download_status.message = f"Could not prepare the download: {getattr(exc, 'message', exc)}"
            return
        finally:
            self.xlsx.disabled = self.csv.disabled = False
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        self.links.value = (f"<div class='ik ik-downloads'><a class='ik-download-{fmt}' download='{name}' "
                            f"href='{uri}'>Download {esc(name)}, {max(1, len(data) // 1024)} KB</a></div>")
        self.download_status.message = f"{name} is ready: use the link to download it."
