"""The briefing dashboard's local labour market section: an HTML fragment from the briefing's data.

Pure functions, as :mod:`inspector_kit.ui.views`: the same figures and words as the exported briefing
(``Briefing.as_dict()["labour_market"]``), charts as inline SVG drawn in the kernel (nothing fetched).
"""
from __future__ import annotations

from inspector_kit.ui.charts import svg
from inspector_kit.ui.views import badge, esc, section_heading, svg_with_alt


def labour_market_charts(briefing) -> list[tuple[str, str, str]]:
    """(title, alt text, SVG) for the panel's charts; a chart that fails is left out (the tables remain)."""
    out = []
    for chart in getattr(briefing, "labour_market_charts", []) or []:
        try:
            out.append((chart.title, chart.alt or chart.title, svg(chart.spec)))
        except Exception:
            continue
    return out


def _rows(rows: list[dict], cells) -> str:
    return "".join("<tr><th scope='row'>" + esc(r["name"]) + "</th>" + "".join(f"<td>{c}</td>" for c in cells(r))
                   + "</tr>" for r in rows)


def labour_market_html(data: dict | None, charts: list[tuple[str, str, str]] = ()) -> str:
    """The area, its five largest and five fastest-growing industries (tables and charts), the industries
    the plan and pupils name, and whether the offer names the area's industries; or, plainly, that the
    area has no table."""
    out = [section_heading("labour_market")]
    if not data:
        return out[0] + f"<p>{badge('no evidence')} Local labour market figures were not looked up.</p>"
    if not data.get("has_table"):
        where = f" ({esc(data.get('district_name', ''))}, {esc(data.get('area_name', ''))})" if data.get("area_name") else ""
        out.append(f"<p class='ik-no-table'>{badge('no evidence')} No local labour market table for this school's "
                   f"area{where}: {esc(data.get('reason', ''))}. No figures are shown rather than a guess.</p>")
    else:
        by, to = data["base_year"], data["projection_year"]
        out.append(f"<p>{esc(data['district_name'])} is in the <strong>{esc(data['area_name'])}</strong> Local Skills "
                   f"Improvement Plan area: {data['employment_base_000s']:,.1f} thousand jobs in {by}.</p>")
        out.append(f"<table class='ik-lmi-largest'><caption>Largest industries: {esc(data['largest_measure'])}</caption>"
                   f"<thead><tr><th scope='col'>Industry</th><th scope='col'>Jobs {by} (thousands)</th>"
                   f"<th scope='col'>Share of jobs</th><th scope='col'>Projected {to} (thousands)</th></tr></thead><tbody>"
                   + _rows(data["largest"], lambda r: (f"{r['employment_base_000s']:,.1f}", f"{r['share_of_jobs']:.1%}",
                                                      f"{r['employment_projected_000s']:,.1f}"))
                   + "</tbody></table>")
        out.append(f"<table class='ik-lmi-growing'><caption>Fastest-growing industries: {esc(data['growth_measure'])}"
                   f"</caption><thead><tr><th scope='col'>Industry</th><th scope='col'>Change {by}-{to}</th>"
                   f"<th scope='col'>Change (thousands of jobs)</th><th scope='col'>Jobs {by} (thousands)</th></tr>"
                   "</thead><tbody>"
                   + _rows(data["growing"], lambda r: (f"{r['change_pct']:+.1f}%", f"{r['change_000s']:+,.1f}",
                                                      f"{r['employment_base_000s']:,.1f}"))
                   + "</tbody></table>")
        for title, alt, svg in charts:
            out.append(f"<figure class='ik-chart'>{svg_with_alt(svg, alt)}<figcaption>{esc(title)}</figcaption></figure>")
        linked = data.get("linked_industries") or []
        if data.get("plan_read"):
            out.append(f"<p>{badge('evidenced' if linked else 'weak')} The plan's encounters, experiences and labour "
                       "market activities name the area's main or growing industries: "
                       f"{esc(', '.join(linked)) if linked else 'none'}.</p>")
    named = data.get("named") or []
    if named:
        rows = "".join(f"<tr><th scope='row'>{esc(n['name'])}</th><td>{esc('plan' if n['source'] == 'plan' else n['source'])}"
                       f"</td><td>{esc(n['local'] or '-')}</td><td>{esc(n['activity'] or '-')}</td>"
                       f"<td>{esc(n['quote'][:200])}<span class='ik-src'> {esc(n['where'])}</span></td></tr>"
                       for n in named[:40])
        more = f"<p class='ik-muted'>{len(named) - 40} more mentions in the exported briefing.</p>" if len(named) > 40 else ""
        out.append("<details><summary>Industries named in the plan and by pupils "
                   f"({len(named)} mentions)</summary><table><thead><tr><th scope='col'>Industry</th>"
                   "<th scope='col'>Source</th><th scope='col'>In the area's lists</th><th scope='col'>Activity</th>"
                   f"<th scope='col'>Quotation</th></tr></thead><tbody>{rows}</tbody></table>{more}</details>")
    else:
        out.append("<p>The plan and the focus-group notes name no industry.</p>")
    return "".join(out)
