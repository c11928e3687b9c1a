"""A synthetic national corpus: thousands of school bundles with weak spots planted where we know.

A thematic review can only be checked against a known answer, and no one may publish 4,000 schools'
focus-group notes. So the generator recombines and varies the fixture bundles, whose weak spots are
written down in their ``expected.toml``:

* each school's **plan** is one fixture plan (the *template*), renamed (school, place, domain, local
  authority, staff), its sections shuffled, and written as Markdown, a saved web page, plain text, PDF or
  Word; the template's ``written_to_show`` are the school's planted plan weak spots;
* its **focus-group notes** (for a share of schools) are 2-4 year-group sections drawn from every fixture's
  notes, fitting the school's year groups, with pupils' names replaced; a section carries the notes
  findings its fixture records for those year groups (the engine judges notes section by section, so a
  section keeps its meaning in a new file);
* schools are spread over the real local authority districts in proportion to their real KS4 cohorts
  (``inspector_kit/destinations/data``), and some weak spots are planted more often in some regions
  (``synth.toml``), so the regional aggregates have a known answer too;
* destination files in EES layout come from the destinations generator when it is installed, with the
  planted association (e.g. fewer apprenticeships where academic bias is planted).

``planted.csv`` records every school's template and planted weak spots; ``documents.csv`` lists every
document in the thematic manifest format; ``corpus.toml`` the parameters. Same seed, same corpus.
Generated corpora belong in a temporary folder or ``benchmarks/output/`` (git-ignored), never in git.

>>> corpus = generate_corpus("/tmp/corpus", n=60, seed=7)  # doctest: +SKIP
>>> corpus.planted.groupby("region")["plan_planted"].apply(lambda s: s.str.contains("academic_bias").mean())  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import importlib.util
import random
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from io import StringIO
from pathlib import Path

import pandas as pd

from inspector_kit.config import FIXTURES
from inspector_kit.errors import InspectorKitError
from inspector_kit.privacy import known_first_names
from nlp.yeargroups import heading_year_groups

GENERATOR_VERSION = "1"
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr)(\.?) (?:([A-Z][a-z]+) )?([A-Z][a-zA-Z'\-]+)\b")
_KIND_SUFFIXES = ("University Technical College", "Sixth Form College", "Grammar School", "Community School",
                  "High School", "Academy", "School", "College", "Centre")


@lru_cache(maxsize=1)
def settings() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("synth.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _builder():
    """``fixtures/build_documents.py``: the same PDF, Word and web-page writers the fixtures use."""
    path = FIXTURES / "build_documents.py"
    spec = importlib.util.spec_from_file_location("_fixture_builder", path)
    if spec is None or not path.is_file():
        raise InspectorKitError("is needed to write PDF, Word and HTML plans", path=path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# --- templates from the fixtures ----------------------------------------------------------------

@dataclass(frozen=True)
class PlanTemplate:
    """A fixture school's plan (Markdown source) and what it was written to show."""

    slug: str
    school: dict
    markdown: str
    planted: tuple[str, ...]

    @property
    def place(self) -> str:
        return place_of(self.school["name"])


@dataclass(frozen=True)
class NoteSection:
    """One focus group's notes from a fixture: heading, body, year groups and the findings they show."""

    slug: str
    school: dict
    heading: str
    body: str
    year_groups: tuple[int, ...]
    pupil_names: tuple[str, ...]
    planted: tuple[str, ...]


def place_of(name: str) -> str:
    """The distinctive part of a school's name: 'The King's Grammar School' -> "King's"."""
    core = name[4:] if name.startswith("The ") else name
    for suffix in _KIND_SUFFIXES:
        if core.endswith(" " + suffix):
            return core[: -len(suffix) - 1]
    return core


def note_sections(text: str) -> list[tuple[str, str, tuple[int, ...], tuple[str, ...]]]:
    """``(heading, body, year_groups, pupil_names)`` per year-group heading, as the notes loader splits."""
    heads = []
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and len(stripped) <= 160:
            parsed = heading_year_groups(stripped)
            if parsed and parsed.year_groups:
                heads.append((i, parsed))
    out = []
    for n, (i, parsed) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        out.append((lines[i].rstrip("\n"), "".join(lines[i + 1:end]).strip("\n"), tuple(parsed.year_groups),
                    tuple(parsed.pupil_names)))
    return out


def load_templates(fixtures: str | Path = FIXTURES) -> tuple[list[PlanTemplate], list[NoteSection]]:
    """Every fixture bundle with an ``expected.toml``: its plan source and its notes' sections."""
    fixtures = Path(fixtures)
    plans, sections = [], []
    for folder in sorted((fixtures / "schools").iterdir()):
        expected_path = folder / "expected.toml"
        if not (folder / "school.toml").is_file() or not expected_path.is_file():
            continue
        raw = tomllib.loads((folder / "school.toml").read_text(encoding="utf-8"))
        school = raw["school"]
        expected = tomllib.loads(expected_path.read_text(encoding="utf-8"))
        sources = fixtures / "_sources" / folder.name
        markdown = None
        if (sources / "plan.md").is_file():
            markdown = (sources / "plan.md").read_text(encoding="utf-8")
        else:
            for name in raw.get("plan", {}).get("files", []):
                if Path(name).suffix.lower() in (".md", ".txt"):
                    markdown = (folder / name).read_text(encoding="utf-8-sig")
                    break
        if markdown:
            plans.append(PlanTemplate(folder.name, school, markdown, tuple(expected.get("written_to_show", []))))
        notes_findings = expected.get("notes_findings", [])
        for path in sorted((folder / "notes").glob("*")) if (folder / "notes").is_dir() else []:
            if path.suffix.lower() in (".md", ".txt"):
                text = path.read_text(encoding="utf-8-sig")
            elif (sources / "notes" / f"{path.stem}.md").is_file():
                text = (sources / "notes" / f"{path.stem}.md").read_text(encoding="utf-8")
            else:
                continue
            for heading, body, years, names in note_sections(text):
                planted = tuple(sorted({f["code"] for f in notes_findings
                                        if set(f.get("year_groups", [])) & set(years)}))
                sections.append(NoteSection(folder.name, school, heading, body, years, names, planted))
    if not plans:
        raise InspectorKitError("has no fixture bundles with plans and expected.toml", path=fixtures / "schools")
    return plans, sections


# --- places --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def local_authorities() -> pd.DataFrame:
    """England's local authorities (code, DfE number, name, region) with their latest real KS4 cohort,
    from the destinations package's reference data, so synthetic schools compare with real LA figures."""
    from inspector_kit.destinations.generator import local_authorities as las
    from inspector_kit.destinations.reference import ReferenceData

    frame = las()
    frame = frame[frame["in_reference"] & (frame["region_name"] != "")].copy()
    ref = ReferenceData.bundled().la
    ref = ref[(ref["stage"] == "ks4") & (ref["measure"] == "overall") & (ref["breakdown"] == "Total")]
    latest = ref[ref["time_period"] == ref["time_period"].max()].groupby("area_code")["cohort"].max()
    frame["cohort"] = frame["new_la_code"].map(latest).astype(float).fillna(1000.0)
    return frame.sort_values("new_la_code").reset_index(drop=True)


# --- varying text --------------------------------------------------------------------------------

def _word(old: str) -> re.Pattern:
    return re.compile(r"(?<![\w'])" + re.escape(old) + r"(?![\w])")


@dataclass
class Renamer:
    """Consistent replacements for one school: names of the school, place, domain, LA, staff, pupils."""

    rng: random.Random
    pairs: list[tuple[str, str]] = field(default_factory=list)
    staff: dict[str, str] = field(default_factory=dict)

    def add(self, old: str | None, new: str | None) -> None:
        if old and new and old != new:
            self.pairs.append((old, new))

    def apply(self, text: str) -> str:
        names = settings()

        def titled(m: re.Match) -> str:
            title, dot, given, surname = m.groups()
            new_surname = self.staff.setdefault(surname, self.rng.choice(names["surnames"]))
            new_given = self.rng.choice(names["staff_given"]) if given else None
            if given:
                self.staff.setdefault(given, new_given)
            return f"{title}{dot} " + (f"{self.staff[given]} " if given else "") + new_surname

        text = _TITLED.sub(titled, text)
        for old, new in sorted(self.staff.items(), key=lambda p: -len(p[0])):
            text = _word(old).sub(new, text)
            text = _word(old.lower()).sub(new.lower(), text)  # e-mail addresses
        for old, new in sorted(self.pairs, key=lambda p: -len(p[0])):
            text = _word(old).sub(new, text) if old[:1].isalnum() else text.replace(old, new)
        return text


def shuffle_sections(markdown: str, rng: random.Random) -> str:
    """The plan with its ``##`` sections in another order (the title and introduction stay first)."""
    parts = re.split(r"(?m)^(?=## )", markdown)
    head, sections = parts[0], parts[1:]
    if len(sections) < 3:
        return markdown
    first, rest = sections[0], sections[1:]
    rng.shuffle(rest)
    body = [s if s.endswith("\n\n") else s.rstrip("\n") + "\n\n" for s in [first] + rest]
    return head + "".join(body)


# --- the generator -------------------------------------------------------------------------------

@dataclass
class SyntheticCorpus:
    """Where the corpus was written and the answer key."""

    root: Path
    bundles: Path
    planted: pd.DataFrame
    documents_csv: Path
    destination_files: dict[str, Path]
    settings: dict


def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def generate_corpus(out: str | Path, n: int = 4000, *, seed: int = 20261, fixtures: str | Path = FIXTURES,
                    notes_share: float = 0.5, destinations: bool = True, formats: dict | None = None,
                    progress: bool = False) -> SyntheticCorpus:
    """Write ``n`` bundles under ``out/bundles`` and the answer key beside them (see the module docstring).

    ``formats`` overrides ``synth.toml``'s ``plan_formats`` (e.g. ``{"md": 1}`` for a fast small corpus).
    """
    out = Path(out)
    bundles_dir = out / "bundles"
    bundles_dir.mkdir(parents=True, exist_ok=True)
    conf = settings()
    rng = random.Random(seed)
    plans, sections = load_templates(fixtures)
    las = local_authorities()
    la_weights = dict(zip(las.index, las["cohort"]))
    plan_formats = formats or conf["plan_formats"]
    type_counts: dict[str, int] = {}
    for t in plans:
        type_counts[t.school.get("type", "")] = type_counts.get(t.school.get("type", ""), 0) + 1
    pupils = sorted(known_first_names())
    urns = rng.sample(range(150000, 200000), n)
    per_la: dict[str, int] = {}
    rows, documents = [], []
    from tqdm.auto import tqdm
    for i in tqdm(range(n), desc="Generating bundles", disable=not progress, unit="bundle"):
        la = las.loc[_choose(rng, la_weights)]
        region = la["region_name"]
        weights = {}
        for index, template in enumerate(plans):
            share = conf["type_shares"].get(template.school.get("type", ""), 0.02)
            weight = share / type_counts[template.school.get("type", "")]
            for code in template.planted:
                weight *= conf.get("planted_regions", {}).get(code, {}).get(region, 1.0)
            weights[index] = weight
        template = plans[_choose(rng, weights)]
        meta = dict(template.school)
        kinds = conf["kinds"].get(meta.get("type", ""), conf["kinds"]["default"])
        place = rng.choice(conf["places"])
        name = f"{place} {rng.choice(kinds)}"
        urn = str(urns[i])
        slug = f"{i + 1:05d}-{_slugify(name)}"
        domain = _slugify(name) + f"-{urn}"
        per_la[la["old_la_code"]] = per_la.get(la["old_la_code"], 0) + 1
        meta.update(urn=urn, laestab=f"{la['old_la_code']}{4000 + per_la[la['old_la_code']]:04d}", name=name,
                    local_authority=la["la_name"], la_code=la["new_la_code"], old_la_code=la["old_la_code"],
                    region=region)
        folder = bundles_dir / slug
        folder.mkdir(parents=True, exist_ok=True)

        renamer = Renamer(rng)
        renamer.add(template.school["name"], name)
        renamer.add(template.place, place)
        renamer.add(template.slug, domain)
        renamer.add(template.school.get("local_authority"), la["la_name"])
        markdown = renamer.apply(template.markdown)
        if rng.random() < 0.5:
            markdown = shuffle_sections(markdown, rng)
        fmt = _choose(rng, plan_formats)
        plan_name = rng.choice(["careers", "careers-programme", "careers-plan", "careers-information",
                                "careers-policy"]) + "." + fmt
        _write_plan(folder / plan_name, markdown, fmt, name, la["la_name"], domain)
        documents.append({"urn": urn, "kind": "plan", "path": f"bundles/{slug}/{plan_name}"})

        years = set(range(max(7, meta["age_low"] - 4), min(13, meta["age_high"] - 5) + 1))
        chosen: list[NoteSection] = []
        if rng.random() < notes_share:
            fitting = [s for s in sections if set(s.year_groups) <= years]
            rng.shuffle(fitting)
            wanted = rng.choice([2, 3, 3, 4])
            seen_years: set[tuple] = set()
            for s in fitting:
                if s.year_groups not in seen_years:
                    chosen.append(s)
                    seen_years.add(s.year_groups)
                if len(chosen) == wanted:
                    break
            chosen.sort(key=lambda s: s.year_groups)
        notes_planted: set[str] = set()
        if chosen:
            notes_text = _notes_file(chosen, name, place, rng, pupils)
            nfmt = _choose(rng, conf["notes_formats"])
            notes_name = rng.choice(["focus-groups", "pupil-voice", "day1-focus-groups"]) + "." + nfmt
            (folder / "notes").mkdir(exist_ok=True)
            _write_notes(folder / "notes" / notes_name, notes_text, nfmt, name)
            documents.append({"urn": urn, "kind": "notes", "path": f"bundles/{slug}/notes/{notes_name}"})
            for s in chosen:
                notes_planted.update(s.planted)

        stage = "16-18" if meta["age_low"] >= 16 else "ks4"
        dest_rel = f"../../destinations/institutions_{'1618' if stage == '16-18' else 'ks4'}.csv"
        _write_school_toml(folder / "school.toml", meta, plan_name, domain, dest_rel if destinations else None)
        rows.append({
            "bundle": slug, "urn": urn, "laestab": meta["laestab"], "name": name, "region": region, "local_authority": la["la_name"],
            "la_code": la["new_la_code"], "type": meta.get("type", ""), "phase": meta.get("phase", ""),
            "institution_group": meta.get("institution_group", ""), "age_range": f"{meta['age_low']}-{meta['age_high']}",
            "fe_provider": bool(meta.get("fe_provider")), "sixth_form": bool(meta.get("sixth_form")),
            "selective": bool(meta.get("selective")), "stage": stage,
            "plan_template": template.slug, "plan_format": fmt,
            "plan_planted": ";".join(template.planted),
            "notes_templates": ";".join(s.slug for s in chosen),
            "notes_year_groups": ";".join("-".join(map(str, s.year_groups)) for s in chosen),
            "notes_planted": ";".join(sorted(notes_planted)),
            "planted": ";".join(sorted(set(template.planted) | notes_planted)),
        })
    planted = pd.DataFrame(rows)
    destination_files = write_destinations(out, planted, seed=seed) if destinations else {}
    planted.to_csv(out / "planted.csv", index=False)
    documents_csv = out / "documents.csv"
    _write_documents_csv(documents_csv, documents, planted)
    (out / "corpus.toml").write_text(
        f'# A synthetic corpus from inspector_kit.thematic.synth (generator {GENERATOR_VERSION}); do not commit.\n'
        f'n = {n}\nseed = {seed}\nnotes_share = {notes_share}\nfixtures = "{Path(fixtures).resolve()}"\n'
        f'destination_files = {sorted(str(p) for p in destination_files.values())!r}\n'.replace("'", '"'),
        encoding="utf-8")
    return SyntheticCorpus(out, bundles_dir, planted, documents_csv, destination_files, conf)


def _notes_file(chosen: list[NoteSection], name: str, place: str, rng: random.Random, pupils: list[str]) -> str:
    day = rng.randint(1, 28)
    month = rng.choice(["Sept", "Oct", "Nov", "Jan", "Feb", "Mar"])
    initials = "".join(rng.choice("ABCDEFGHJKLMNPRSTW") for _ in range(2))
    parts = [f"{name} - focus groups - {day} {month} 2026", f"Inspector: {initials} (OI). Groups seen in the library.", ""]
    for s in chosen:
        renamer = Renamer(rng)
        renamer.add(s.school["name"], name)
        renamer.add(place_of(s.school["name"]), place)
        unique = list(dict.fromkeys(s.pupil_names))
        for old, new in zip(unique, rng.sample(pupils, len(unique))):
            renamer.add(old, new)
        parts.append(renamer.apply(s.heading))
        parts.append("")
        parts.append(renamer.apply(s.body))
        parts.append("")
    return "\n".join(parts)


def _write_plan(path: Path, markdown: str, fmt: str, school: str, town: str, domain: str) -> None:
    if fmt == "md":
        path.write_text(markdown, encoding="utf-8")
        return
    b = _builder()
    if fmt == "txt":
        path.write_text(b.plain_text(markdown) + "\n", encoding="utf-8")
        return
    blocks = b.parse_markdown(markdown)
    title = b.document_title(blocks, f"{school}: careers")
    if fmt == "pdf":
        b.build_pdf(blocks, path, title=title, school=school)
    elif fmt == "docx":
        b.build_docx(blocks, path, title=title, school=school, header=f"{school} | {title}")
    elif fmt == "html":
        b.build_html(blocks, path, title=title, school=school,
                     site={"address": town, "telephone": "01632 960000", "email": f"office@{domain}.example",
                           "headteacher": "the Headteacher"})
    else:
        raise InspectorKitError(f"unknown plan format {fmt!r}")


def _write_notes(path: Path, text: str, fmt: str, school: str) -> None:
    if fmt in ("md", "txt"):
        path.write_text(text, encoding="utf-8")
        return
    b = _builder()
    b.build_docx(b.parse_markdown(text), path, title=f"Focus group notes: {school}",
                 school="Ofsted inspection team", header=None)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_school_toml(path: Path, meta: dict, plan_name: str, domain: str, destinations: str | None) -> None:
    lines = ["# A synthetic school (inspector_kit.thematic.synth): invented, not a real school.", "[school]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in meta.items()]
    lines += ["", "[plan]", f"files = [{_toml_value(plan_name)}]",
              f'url = "https://www.{domain}.example/careers"', 'retrieved = "2026-10-05"']
    if destinations:
        lines += ["", "[destinations]", f"file = {_toml_value(destinations)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_documents_csv(path: Path, documents: list[dict], planted: pd.DataFrame) -> None:
    """The same corpus in the thematic manifest format (one line per document, school fields once)."""
    info = planted.set_index("urn")
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["urn", "kind", "path", "name", "local_authority", "la_code", "region", "type", "phase",
                     "age_low", "age_high", "fe_provider", "institution_group"])
    done = set()
    for d in documents:
        row = [d["urn"], d["kind"], d["path"]]
        if d["urn"] not in done:
            s = info.loc[d["urn"]]
            low, high = s["age_range"].split("-")
            row += [s["name"], s["local_authority"], s["la_code"], s["region"], s["type"], s["phase"], low, high,
                    str(bool(s["fe_provider"])).lower(), s["institution_group"]]
            done.add(d["urn"])
        else:
            row += [""] * 10
        writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_destinations(out: Path, planted: pd.DataFrame, *, seed: int) -> dict[str, Path]:
    """Institution-level destination files for the corpus (``out/destinations/institutions_ks4.csv`` and
    ``institutions_1618.csv``), by the destinations package's generator, in DfE's EES layout.

    Each school's rates start from the real England and LA figures; a school planted with a weak spot
    listed in ``synth.toml`` ``[planted_destinations]`` has that measure multiplied (fewer apprenticeships
    where academic bias is planted). Adds ``cohort`` and ``destination_profile`` to ``planted``.
    """
    from inspector_kit.destinations.generator import generate_institutions, institution_spec, write_ees_csv

    conf = settings()
    rng = random.Random(seed + 1)
    specs: dict[str, list] = {"ks4": [], "16-18": []}
    cohorts, profiles = [], []
    for row in planted.itertuples():
        kind = conf["destination_types"].get(row.type, {"type": row.type, "cohort": [30, 200]})
        itype = "Sixth form college" if "Sixth Form" in row.name and row.stage == "16-18" else kind["type"]
        cohort = rng.randint(*kind["cohort"])
        profile = {}
        for code, effect in conf.get("planted_destinations", {}).items():
            if code in row.plan_planted.split(";"):
                profile[effect["measure"]] = effect["factor"]
        specs[row.stage].append(institution_spec(
            urn=row.urn, laestab=row.laestab, name=row.name, la_code=row.la_code,
            institution_group=row.institution_group, institution_type=itype, cohort=cohort,
            sixth_form=bool(row.sixth_form), profile=profile,
            admission_policy="Selective" if row.selective else (
                "Non-selective" if row.institution_group == "State-funded mainstream schools" else "Not applicable")))
        cohorts.append(cohort)
        profiles.append(";".join(f"{k}x{v}" for k, v in profile.items()))
    planted["cohort"] = cohorts
    planted["destination_profile"] = profiles
    written = {}
    for stage, stage_specs in specs.items():
        if not stage_specs:
            continue
        frame = generate_institutions(stage_specs, stage=stage, seed=seed)
        name = "institutions_1618.csv" if stage == "16-18" else "institutions_ks4.csv"
        written[stage] = write_ees_csv(frame, out / "destinations" / name)
    return written
