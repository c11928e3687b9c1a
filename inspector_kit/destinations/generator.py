"""Synthetic institution-level destination files, in DfE's exact EES wide layout.

Why: the real institution file (about 38 MB on EES) could not be had here, yet the fixture bundles and
the benchmark need institution rows that behave like the real ones. Each institution's rates start
from the *real* England figures for its institution group and breakdown and the *real* figures for its
local authority (the bundled reference files), then vary by a persistent school effect, a yearly
wobble and, for fixture schools, a planted profile (``{"appren": 0.15}`` = apprenticeships at 15% of
the expected rate). Counts are drawn pupil by pupil (multinomial) for disadvantaged and other pupils
separately, so Total = Disadvantaged + Not disadvantaged exactly; Revised versions find a few pupils
whose destination was unknown in the Provisional one. Rows with a cohort under 6 are suppressed
whole (``c``), as DfE does. The same seed always writes the same bytes.

>>> specs = synthetic_institutions(50, stage="ks4", seed=1)                       # doctest: +SKIP
>>> frame = generate_institutions(specs, stage="ks4", years=["202122"], seed=1)   # doctest: +SKIP
>>> write_ees_csv(frame, "out.csv")                                               # doctest: +SKIP
"""
from __future__ import annotations

import csv
import io
import tomllib
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from inspector_kit.destinations.reference import ReferenceData, comparison_group
from inspector_kit.destinations.schema import LAYOUTS

DEFAULT_YEARS = ("201920", "202021", "202122")
VERSIONS = ("Provisional", "Revised")
TOP = ("education", "appren", "all_work", "all_notsust", "all_unknown")


@lru_cache(maxsize=1)
def generator_config() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("generator.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def local_authorities() -> pd.DataFrame:
    """The LAs synthetic schools are placed in (code, DfE number, name), with region from the real file."""
    la = pd.read_csv(io.BytesIO(resources.files(__package__).joinpath("data").joinpath("local_authorities.csv").read_bytes()),
                     dtype=str, keep_default_na=False)
    ref = ReferenceData.bundled().la
    regions = (ref[["area_code", "area_name"]].drop_duplicates("area_code").set_index("area_code"))
    lad = _lad_regions()
    la["region_code"] = la["new_la_code"].map(lambda c: lad.get(c, ("", ""))[0])
    la["region_name"] = la["new_la_code"].map(lambda c: lad.get(c, ("", ""))[1])
    la["in_reference"] = la["new_la_code"].isin(regions.index)
    return la


@lru_cache(maxsize=1)
def _lad_regions() -> dict[str, tuple[str, str]]:
    data = resources.files(__package__).joinpath("data").joinpath("ks4_destination_measures_lad_totals_2015-16_to_2022-23.csv")
    frame = pd.read_csv(io.BytesIO(data.read_bytes()), dtype=str, keep_default_na=False,
                        usecols=["lad_code", "region_code", "region_name"])
    return {r.lad_code: (r.region_code, r.region_name) for r in frame.drop_duplicates("lad_code").itertuples()}


@dataclass(frozen=True)
class InstitutionSpec:
    """One institution to generate, for one stage (``ks4`` or ``16-18``).

    ``profile`` multiplies the expected rate of a destination for all pupils (``{"appren": 0.15}``);
    ``disadvantaged_profile`` multiplies it again for disadvantaged pupils only; ``cohorts`` fixes the
    cohort per year (else ``cohort`` wobbles a little from year to year).
    """

    urn: str
    laestab: str
    name: str
    la_code: str
    old_la_code: str
    la_name: str
    region_code: str
    region_name: str
    institution_group: str
    institution_type: str
    cohort: int
    admission_policy: str = "Non-selective"
    entry_gender: str = "Mixed"
    selection_status: str = "Not highly selective"
    disadvantaged_share: float = 0.25
    sixth_form: bool = False
    profile: dict = field(default_factory=dict)
    disadvantaged_profile: dict = field(default_factory=dict)
    cohorts: dict = field(default_factory=dict)
    noise: float | None = None


def institution_spec(*, urn, laestab, name, la_code, institution_group, institution_type, cohort, **extra) -> InstitutionSpec:
    """An :class:`InstitutionSpec` with the LA's DfE number, name and region filled from the LA table."""
    la = local_authorities().set_index("new_la_code")
    if la_code not in la.index:
        raise ValueError(f"{la_code} is not in data/local_authorities.csv")
    row = la.loc[la_code]
    return InstitutionSpec(urn=str(urn), laestab=str(laestab), name=name, la_code=la_code,
                           old_la_code=row["old_la_code"], la_name=row["la_name"], region_code=row["region_code"],
                           region_name=row["region_name"], institution_group=institution_group,
                           institution_type=institution_type, cohort=int(cohort),
                           selection_status=extra.pop("selection_status", row["local_authority_selection_status"]),
                           **extra)


def synthetic_institutions(n: int, *, stage: str = "ks4", seed: int = 2024, first_urn: int = 900001) -> list[InstitutionSpec]:
    """``n`` synthetic institutions spread over real LAs in proportion to their real cohorts.

    URNs start at 900001 (no real school has one) and names say "Synthetic", so they cannot be
    mistaken for real schools.
    """
    cfg = generator_config()["synthetic"][stage]
    rng = np.random.default_rng(seed)
    las = local_authorities()
    las = las[las["in_reference"]].reset_index(drop=True)
    weights = _la_weights(las["new_la_code"].tolist())
    la_pick = rng.choice(len(las), size=n, p=weights)
    groups = cfg["groups"]
    g_pick = rng.choice(len(groups), size=n, p=np.array([g["share"] for g in groups]) / sum(g["share"] for g in groups))
    per_la: dict[str, int] = {}
    out = []
    for i in range(n):
        la = las.iloc[int(la_pick[i])]
        g = groups[int(g_pick[i])]
        kind = rng.choice(len(g["types"]), p=np.array(g["type_shares"]) / sum(g["type_shares"]))
        itype = g["types"][int(kind)]
        low, high = g["cohort"]
        cohort = int(np.clip(round(rng.triangular(low, low + (high - low) * 0.55, high)), low, high))
        base = {"Alternative provision": 1100, "State-funded special schools": 7000}.get(g["group"], 4000)
        per_la[la["new_la_code"]] = per_la.get(la["new_la_code"], 0) + 1
        estab = base + per_la[la["new_la_code"]]
        word = {"Alternative provision": "Centre", "State-funded special schools": "Special School",
                "Colleges": "College"}.get(g["group"], "Academy" if "academy" in itype.lower() else "School")
        out.append(institution_spec(
            urn=str(first_urn + i), laestab=f"{la['old_la_code']}{estab:04d}",
            name=f"{la['la_name'].split(',')[0]} Synthetic {word} {per_la[la['new_la_code']]}",
            la_code=la["new_la_code"], institution_group=g["group"], institution_type=itype, cohort=cohort,
            admission_policy="Not applicable" if g["group"] != "State-funded mainstream schools" else "Non-selective",
            disadvantaged_share=float(np.clip(rng.beta(2.5, 6.0), 0.03, 0.85)),
            sixth_form=bool(stage == "ks4" and rng.random() < 0.45)))
    return out


def _la_weights(codes: list[str]) -> np.ndarray:
    la = ReferenceData.bundled().la
    la = la[(la["stage"] == "ks4") & (la["measure"] == "overall") & (la["breakdown"] == "Total")]
    latest = la[la["time_period"] == la["time_period"].max()].set_index("area_code")["cohort"]
    w = np.array([float(latest.get(c, 1000.0)) for c in codes])
    return w / w.sum()


# --- generation -------------------------------------------------------------------------------------

class _Rates:
    """Expected destination rates per stage, year, group, breakdown and LA, from the reference data."""

    def __init__(self, reference: ReferenceData):
        self.ref = reference
        self.cfg = generator_config()
        self._cache: dict = {}

    def _nearest(self, stage: str, period: str, frame: pd.DataFrame) -> str:
        """The reference year closest to ``period`` (the later one on a tie)."""
        key = ("periods", id(frame), stage)
        if key not in self._cache:
            self._cache[key] = sorted(set(frame.loc[frame["stage"] == stage, "time_period"]))
        return min(self._cache[key], key=lambda p: (abs(int(p[:4]) - int(period[:4])), -int(p[:4])))

    def _top(self, frame_rows) -> dict[str, float]:
        out = {}
        for m, r in frame_rows.iterrows():
            if r["status"] in ("ok", "low") and np.isfinite(r["count"]) and r["cohort"] > 0:
                out[m] = r["count"] / r["cohort"]
            elif np.isfinite(r["percentage"]):
                out[m] = r["percentage"] / 100
        return out

    def england(self, stage, period, group, topic, breakdown, level="Total") -> dict[str, float]:
        key = ("eng", stage, period, group, topic, breakdown, level)
        if key not in self._cache:
            p = self._nearest(stage, period, self.ref.england)
            found = self.ref.england_for(stage, p, "Revised", group, topic, breakdown, level)
            if not isinstance(found, tuple) and breakdown != "Total":
                found = self.ref.england_for(stage, p, "Revised", group, "Total", "Total", level)
            if not isinstance(found, tuple):
                found = self.ref.england_for(stage, p, "Revised", comparison_group(stage, "State-funded mainstream schools"),
                                             "Total", "Total", level)
            self._cache[key] = self._top(found[0])
        return self._cache[key]

    def la_factor(self, stage, period, la_code, group, level="Total") -> dict[str, float]:
        key = ("la", stage, period, la_code, group, level)
        if key not in self._cache:
            factor = {m: 1.0 for m in TOP}
            if len(self.ref.la) and (self.ref.la["stage"] == stage).any():
                p = self._nearest(stage, period, self.ref.la)
                found = self.ref.la_for(stage, p, la_code, group, "Total", "Total", level)
                eng = self.england(stage, p, group, "Total", "Total", level)
                if isinstance(found, pd.DataFrame):
                    la = self._top(found)
                    factor = {m: (la[m] / eng[m]) if eng.get(m) and m in la else 1.0 for m in TOP}
            self._cache[key] = factor
        return self._cache[key]

    def disadvantage_ratio(self, period, breakdown) -> dict[str, float]:
        """KS4 England: the breakdown's rate over the total's, per destination (used for 16-18 too)."""
        key = ("ratio", period, breakdown)
        if key not in self._cache:
            g = "State-funded mainstream schools"
            total = self.england("ks4", period, g, "Total", "Total")
            part = self.england("ks4", period, g, "Disadvantage Status", breakdown)
            self._cache[key] = {m: part[m] / total[m] if total.get(m) else 1.0 for m in total}
        return self._cache[key]

    def expected(self, spec: InstitutionSpec, stage, period, breakdown) -> np.ndarray:
        cats = self.cfg["categories"][stage]
        group = spec.institution_group
        topic = "Total" if breakdown == "Total" else "Disadvantage Status"
        mainstream = group in ("State-funded mainstream schools", "Colleges")
        if stage == "ks4":
            base = self.england(stage, period, group, topic, breakdown)
            rates = {c: base.get(c, 0.001) for c in cats}
            if mainstream:
                f = self.la_factor(stage, period, spec.la_code, group)
                for c in cats:
                    rates[c] *= f["education"] if c in ("fe", "ssf", "sfc", "other_edu") else f.get(c, 1.0)
            mult = self.cfg["ks4_sixth_form"]["with" if spec.sixth_form else "without"]
            rates["ssf"] *= mult if mainstream else 1.0
        else:
            base = self.england(stage, period, group, "Total", "Total")
            f = self.la_factor(stage, period, spec.la_code, group) if mainstream else {m: 1.0 for m in TOP}
            ratio = self.disadvantage_ratio(period, breakdown) if breakdown != "Total" else {}
            top = {m: base.get(m, 0.001) * f.get(m, 1.0) * ratio.get(m, 1.0) for m in TOP}
            split_cfg = self.cfg["education_split_1618"]
            split = split_cfg.get(spec.institution_type, split_cfg["special"] if not mainstream else split_cfg["default"])
            rates = {c: top["education"] * split[c] if c in split else top[c] for c in cats}
            if not mainstream:  # special schools: fewer sustained destinations than mainstream
                rates["all_notsust"] *= 1.8
                rates["all_unknown"] *= 1.5
        return np.array([max(rates[c], 1e-4) for c in cats])


def generate_institutions(specs: list[InstitutionSpec], *, stage: str, years=DEFAULT_YEARS, versions=VERSIONS,
                          seed: int = 2024, reference: ReferenceData | None = None) -> pd.DataFrame:
    """Rows for every institution, year, version, breakdown (Total, Disadvantaged, Not disadvantaged) and,
    at 16-18, qualification level (Total, Level 3), in the EES layout, every cell a string."""
    cfg = generator_config()
    rates = _Rates(reference or ReferenceData.bundled())
    layout = LAYOUTS[f"{stage}_institution"]
    cats = cfg["categories"][stage]
    noise = cfg["noise"]
    rows: list[list[str]] = []
    for spec in specs:
        rng = np.random.default_rng([seed, zlib.crc32(f"{stage}:{spec.urn}".encode())])
        school_effect = np.exp(rng.normal(0, spec.noise if spec.noise is not None else noise["school"], len(cats)))
        profile = np.array([spec.profile.get(c, 1.0) for c in cats])
        dis_profile = np.array([spec.disadvantaged_profile.get(c, 1.0) for c in cats])
        for period in years:
            year_effect = np.exp(rng.normal(0, noise["year"], len(cats)))
            n_total = spec.cohorts.get(period) or max(1, int(round(spec.cohort * np.exp(rng.normal(0, noise["cohort"])))))
            n_dis = int(rng.binomial(n_total, spec.disadvantaged_share))
            groups = {}
            for bd, n in (("Disadvantaged", n_dis), ("Not disadvantaged", n_total - n_dis)):
                p = rates.expected(spec, stage, period, bd) * school_effect * year_effect * profile
                if bd == "Disadvantaged":
                    p = p * dis_profile
                groups[bd] = rng.multinomial(n, p / p.sum())
            l3_share = _level3_share(spec, cfg) if stage == "16-18" else None
            l3 = {bd: _subset(rng, c, l3_share) for bd, c in groups.items()} if l3_share else {}
            for version in versions:
                if version != versions[0]:
                    groups = {bd: _revise(rng, c, cats, noise["revision_found"]) for bd, c in groups.items()}
                    l3 = {bd: _clip_subset(c, groups[bd]) for bd, c in l3.items()}
                levels = {"Total": groups}
                if l3:
                    levels["Level 3"] = l3
                for level, by_bd in levels.items():
                    total = by_bd["Disadvantaged"] + by_bd["Not disadvantaged"]
                    for topic, bd, counts in (("Total", "Total", total),
                                              ("Disadvantage Status", "Disadvantaged", by_bd["Disadvantaged"]),
                                              ("Disadvantage Status", "Not disadvantaged", by_bd["Not disadvantaged"])):
                        values = _measures(counts, cats, stage)
                        keys = _keys(spec, stage, period, version, topic, bd, level)
                        rows.append(_row(layout, keys, "Number of pupils", values, percentage=False))
                        rows.append(_row(layout, keys, "Percentage", values, percentage=True))
    return pd.DataFrame(rows, columns=layout, dtype=str)


def _level3_share(spec, cfg) -> float:
    shares = cfg["level3_share_1618"]
    if spec.institution_group == "State-funded special schools":
        return shares["special"]
    return shares.get(spec.institution_type, shares["default"])


def _subset(rng, counts: np.ndarray, share: float) -> np.ndarray:
    n = int(rng.binomial(int(counts.sum()), share))
    return rng.multivariate_hypergeometric(counts, n) if n else np.zeros_like(counts)


def _clip_subset(sub: np.ndarray, total: np.ndarray) -> np.ndarray:
    return np.minimum(sub, total)


def _revise(rng, counts: np.ndarray, cats, mean: float) -> np.ndarray:
    """Revised figures: some pupils whose destination was unknown are found in education or work."""
    counts = counts.copy()
    unknown = cats.index("all_unknown")
    found = min(int(counts[unknown]), int(rng.poisson(mean)))
    if found:
        targets = [i for i, c in enumerate(cats) if c not in ("all_notsust", "all_unknown")]
        weights = counts[targets] + 0.5
        moved = rng.multinomial(found, weights / weights.sum())
        counts[targets] += moved
        counts[unknown] -= found
    return counts


def _measures(counts: np.ndarray, cats, stage) -> dict[str, int]:
    v = dict(zip(cats, (int(x) for x in counts)))
    edu_parts = ("fe", "ssf", "sfc", "other_edu") if stage == "ks4" else ("he", "fe", "other_edu")
    v["education"] = sum(v[c] for c in edu_parts)
    v["overall"] = v["education"] + v["appren"] + v["all_work"]
    v["cohort"] = int(counts.sum())
    return v


def _keys(spec: InstitutionSpec, stage, period, version, topic, breakdown, level) -> dict[str, str]:
    return {
        "time_period": period, "time_identifier": "Academic year", "geographic_level": "School",
        "country_code": "E92000001", "country_name": "England", "region_code": spec.region_code,
        "region_name": spec.region_name, "old_la_code": spec.old_la_code, "new_la_code": spec.la_code,
        "la_name": spec.la_name, "local_authority_selection_status": spec.selection_status,
        "school_laestab": spec.laestab, "school_urn": spec.urn, "school_name": spec.name,
        "admission_policy": spec.admission_policy, "entry_gender": spec.entry_gender,
        "institution_group": spec.institution_group, "institution_type": spec.institution_type,
        "cohort_level_group": level, "cohort_level": "Total", "breakdown_topic": topic, "breakdown": breakdown,
        "version": version,
    }


def _fmt_pct(count: int, cohort: int) -> str:
    if count == 0:
        return "0"
    value = np.floor(1000.0 * count / cohort + 0.5) / 10  # DfE rounds half up
    if value < 0.5:
        return "low"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _row(layout, keys, data_type, values, *, percentage: bool) -> list[str]:
    cohort = values["cohort"]
    suppressed = cohort < 6
    out = []
    for col in layout:
        if col in keys:
            out.append(keys[col])
        elif col == "data_type":
            out.append(data_type)
        elif col == "cohort":
            out.append("c" if suppressed else str(cohort))
        elif suppressed:
            out.append("c")
        elif percentage:
            out.append(_fmt_pct(values[col], cohort))
        else:
            out.append(str(values[col]))
    return out


def write_ees_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write rows as EES does: UTF-8, header first, minimal quoting, ``\\n`` line ends."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))
    return path


def with_profile(spec: InstitutionSpec, **profile) -> InstitutionSpec:
    """A copy of ``spec`` with destination multipliers added (for tests and planted fixtures)."""
    return replace(spec, profile={**spec.profile, **profile})
