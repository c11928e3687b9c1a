"""The dashboards' building blocks: widgets that hold their state in traitlets and do no I/O.

Each widget shows state and reports what the user asked for (a traitlet change or a callback); the
dashboard that owns it does the loading and saving through :class:`inspector_kit.ui.cases.Cases`. They
share a small lifecycle: ``freeze()`` while work is under way (controls disabled, so a second click
cannot race the first), ``unfreeze()`` after, ``reset()`` when another school is chosen.
Every control has a visible label (``description``) or its own text, so screen readers can name it.
"""
from __future__ import annotations

import base64
import html
from typing import Callable

import ipywidgets as w
import traitlets as t

from inspector_kit.ui import views

esc = html.escape
LABEL_STYLE = {"description_width": "initial"}
AUTO = {"width": "auto"}  # buttons as wide as their words (ipywidgets cuts long labels otherwise)


class Panel(w.VBox):
    """A VBox with the shared lifecycle; subclasses list their controls in ``_controls``."""

    frozen = t.Bool(False)

    def _controls(self) -> list[w.Widget]:
        return []

    def freeze(self) -> None:
        """Disable the panel's controls while the school is being prepared."""
        self.frozen = True
        for c in self._controls():
            c.disabled = True

    def unfreeze(self) -> None:
        """Enable the panel's controls again."""
        self.frozen = False
        for c in self._controls():
            c.disabled = False

    def reset(self) -> None:
        """Back to the state for a newly chosen school."""


class StatusLine(w.HTML):
    """A polite live region: screen readers announce what is loading or what was saved."""

    message = t.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("ik-status")
        self._render()

    @t.observe("message")
    def _render(self, change=None):
        self.value = f"<div role='status' aria-live='polite' class='ik ik-status'>{esc(self.message)}</div>"


class ErrorPanel(w.HTML):
    """Problems met while loading (file and reason for each); hidden when there are none."""

    problems = t.List(t.Dict())
    title = t.Unicode("Problems with the evidence")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._render()

    @t.observe("problems", "title")
    def _render(self, change=None):
        body = views.problems_html(self.problems, self.title)
        self.value = f"<div class='ik'>{body}</div>" if body else ""
        self.layout.display = None if body else "none"


class SchoolPicker(Panel):
    """Search by name, URN, local authority or region, then choose the school from the matches.

    ``urn`` is the chosen school (the dashboard observes it); ``query`` narrows the list.
    """

    urn = t.Unicode(None, allow_none=True)
    query = t.Unicode("")

    def __init__(self, index, **kwargs):
        self.index = index
        self.search = w.Text(description="Search schools by name or URN", placeholder="e.g. Hillside or 101934",
                             continuous_update=True, style=LABEL_STYLE, layout=w.Layout(width="34em"))
        self.choice = w.Select(description="School", options=self._options(""), rows=7, style=LABEL_STYLE,
                               layout=w.Layout(width="34em"))
        self.count = w.HTML()
        super().__init__([self.search, self.count, self.choice], **kwargs)
        self.add_class("ik-controls")
        self.search.observe(self._on_search, "value")
        self.choice.observe(self._on_choice, "value")
        t.link((self.search, "value"), (self, "query"))
        self._count()

    def _controls(self):
        return [self.search, self.choice]

    def _options(self, query: str) -> list[tuple[str, str]]:
        return [(s.label, s.urn) for s in self.index.search(query)]

    def _count(self):
        n, total = len(self.choice.options), len(self.index.schools)
        self.count.value = (f"<span class='ik-muted'>{n} of {total} schools match</span>" if n != total
                            else f"<span class='ik-muted'>{total} schools in the bundles folder</span>")

    def _on_search(self, change):
        """Narrow the list; typing never switches school by itself (the list may not keep a choice)."""
        options = self._options(change["new"])
        self._filtering = True
        try:
            with self.choice.hold_sync():  # one message: the page never shows a passing selection
                self.choice.options = options
                self.choice.value = self.urn if self.urn in [u for _, u in options] else None
        finally:
            self._filtering = False
        self._count()

    def _on_choice(self, change):
        if change["new"] and not getattr(self, "_filtering", False):
            self.urn = change["new"]

    @t.observe("urn")
    def _show_urn(self, change):
        if change["new"] and change["new"] in [u for _, u in self.choice.options] and self.choice.value != change["new"]:
            self.choice.value = change["new"]


class FindingReview(Panel):
    """Accept or dismiss a finding with a reason and the reviewer's name.

    ``findings`` are records ``{"id", "label", "decision"}``; ``on_decide(finding_id, decision, reason,
    reviewer)`` stores the decision and returns a message (raise to refuse it). The reviewer's name is
    kept across schools; the reason is cleared after each decision.
    """

    findings = t.List(t.Dict())
    reviewer = t.Unicode("")

    def __init__(self, on_decide: Callable[[str, str, str, str], str] | None = None, **kwargs):
        self.on_decide = on_decide
        self.heading = w.HTML("<div class='ik'><h2 id='ik-review'>Review a finding</h2><p>Choose a finding, give "
                              "your reason and name, then accept or dismiss it. Each decision is saved at once "
                              "and kept after a restart.</p></div>")
        self.finding = w.Dropdown(description="Finding", options=[], style=LABEL_STYLE, layout=w.Layout(width="52em"))
        self.reason = w.Text(description="Reason", placeholder="why you accept or dismiss it", style=LABEL_STYLE,
                             layout=w.Layout(width="52em"))
        self.name = w.Text(description="Reviewer's name", placeholder="e.g. R. Morgan HMI", style=LABEL_STYLE,
                           layout=w.Layout(width="30em"))
        self.accept = w.Button(description="Accept finding", tooltip="Record that the evidence supports this finding",
                               layout=AUTO)
        self.dismiss = w.Button(description="Dismiss finding", tooltip="Record that this finding does not stand",
                                layout=AUTO)
        self.status = StatusLine()
        super().__init__([self.heading, self.finding, self.reason, self.name,
                          w.HBox([self.accept, self.dismiss]), self.status], **kwargs)
        self.add_class("ik-controls")
        self.add_class("ik-review")
        t.link((self.name, "value"), (self, "reviewer"))
        self.accept.on_click(lambda _: self.decide("accepted"))
        self.dismiss.on_click(lambda _: self.decide("dismissed"))
        self._render()

    def _controls(self):
        return [self.finding, self.reason, self.name, self.accept, self.dismiss]

    @t.observe("findings")
    def _render(self, change=None):
        keep = self.finding.value
        options = [(f["label"] + (f" [{f['decision']}]" if f.get("decision") else " [not yet reviewed]"), f["id"])
                   for f in self.findings]
        self.finding.options = options
        ids = [i for _, i in options]
        self.finding.value = keep if keep in ids else (ids[0] if ids else None)
        self.layout.display = None if options else "none"

    def reset(self):
        """Clear the reason and status for a new school."""
        self.reason.value = ""
        self.status.message = ""

    def decide(self, decision: str) -> bool:
        """Check the form, then hand the decision to ``on_decide``; the status line says what happened."""
        if not self.finding.value:
            self.status.message = "Choose a finding first."
            return False
        if not self.reason.value.strip() or not self.name.value.strip():
            self.status.message = "A decision needs a reason and the reviewer's name."
            return False
        self.freeze()
        try:
            message = self.on_decide(self.finding.value, decision, self.reason.value, self.name.value) \
                if self.on_decide else ""
        except Exception as exc:  # shown, not raised: the form stays usable
            self.status.message = f"Not saved: {getattr(exc, 'message', exc)}"
            return False
        finally:
            self.unfreeze()
        self.reason.value = ""
        self.status.message = message or f"Saved: {decision}."
        return True


class DownloadLinks(Panel):
    """Buttons that prepare the briefing files on demand and offer them as links (no server round trip).

    ``make(fmt)`` returns ``(file name, bytes)``; the file travels inside the page as a ``data:`` URI, so
    nothing is fetched and nothing is left on the server's disk.
    """

    MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "html": "text/html"}
    WORDS = {"docx": "Word document (.docx)", "html": "web page (.html)"}

    def __init__(self, make: Callable[[str], tuple[str, bytes]] | None = None, **kwargs):
        self.make = make
        self.heading = w.HTML("<div class='ik'><h2 id='ik-downloads'>Download the briefing</h2><p>Pupils' names "
                              "are replaced by [Pupil A], [Pupil B] ...; reviewers' decisions are included.</p></div>")
        self.docx = w.Button(description="Prepare Word briefing", tooltip="Build the briefing as a Word document",
                             layout=AUTO)
        self.html = w.Button(description="Prepare HTML briefing", tooltip="Build the briefing as a web page",
                             layout=AUTO)
        self.links = w.HTML()
        self.status = StatusLine()
        super().__init__([self.heading, w.HBox([self.docx, self.html]), self.links, self.status], **kwargs)
        self.docx.on_click(lambda _: self.prepare("docx"))
        self.html.on_click(lambda _: self.prepare("html"))
        self._files: dict[str, tuple[str, bytes]] = {}

    def _controls(self):
        return [self.docx, self.html]

    def reset(self):
        """Forget prepared files for a new school."""
        self._files = {}
        self.links.value = ""
        self.status.message = ""

    def prepare(self, fmt: str) -> None:
        """Make one download (Word or HTML) and show its link; a failure is shown, not raised."""
        if self.make is None:
            return
        self.freeze()
        self.status.message = f"Preparing the {self.WORDS[fmt]}..."
        try:
            self._files[fmt] = self.make(fmt)
        except Exception as exc:
            self.status.message = f"Could not prepare the {self.WORDS[fmt]}: {getattr(exc, 'message', exc)}"
            return
        finally:
            self.unfreeze()
        self.links.value = self.links_html()
        self.status.message = f"The {self.WORDS[fmt]} is ready: use the link to download it."

    def links_html(self) -> str:
        """Data-URL links for the files prepared (nothing is written to disk)."""
        out = []
        for fmt in ("docx", "html"):
            if fmt in self._files:
                name, data = self._files[fmt]
                uri = f"data:{self.MIME[fmt]};base64,{base64.b64encode(data).decode('ascii')}"
                out.append(f"<a class='ik-download-{fmt}' download='{esc(name, quote=True)}' href='{uri}'>"
                           f"Download the briefing as a {self.WORDS[fmt]}, {max(1, len(data) // 1024)} KB</a>")
        return f"<div class='ik ik-downloads'>{''.join(out)}</div>"


class NoteEntry(Panel):
    """Paste or upload a new focus-group note; ``on_add(label, text, author)`` stores it (never in the bundle).

    An uploaded file is read by the evidence loaders (via ``on_upload(name, bytes) -> text``) and put
    in the text box first, so the inspector sees what will be added.
    """

    def __init__(self, on_add=None, on_upload=None, **kwargs):
        self.on_add, self.on_upload = on_add, on_upload
        self.heading = w.HTML("<div class='ik'><h2 id='ik-add-note'>Add a focus-group note</h2><p>Start with the "
                              "group's year, e.g. <em>Y9 group, 5 pupils</em>. The note is kept in the review "
                              "database beside the bundles; the school's files are never changed.</p></div>")
        self.label = w.Text(description="Group heading", placeholder="Y9 group, 5 pupils", style=LABEL_STYLE,
                            layout=w.Layout(width="40em"))
        self.text = w.Textarea(description="Note text", placeholder="Paste or type the note here",
                               style=LABEL_STYLE, layout=w.Layout(width="52em", height="9em"))
        self.author = w.Text(description="Written by", placeholder="inspector's name or initials", style=LABEL_STYLE,
                             layout=w.Layout(width="30em"))
        self.upload = w.FileUpload(description="Upload a notes file (.txt, .md, .docx)", accept=".txt,.md,.docx",
                                   multiple=False, layout=w.Layout(width="auto"))
        self.add = w.Button(description="Add note", tooltip="Store the note and analyse it with the others",
                            layout=AUTO)
        self.status = StatusLine()
        super().__init__([self.heading, self.label, self.text, self.author, w.HBox([self.upload, self.add]),
                          self.status], **kwargs)
        self.add_class("ik-controls")
        self.add.on_click(lambda _: self.submit())
        self.upload.observe(self._on_upload, "value")

    def _controls(self):
        return [self.label, self.text, self.author, self.upload, self.add]

    def reset(self):
        """Clear the form for a new school."""
        self.label.value = self.text.value = ""
        self.status.message = ""

    def _on_upload(self, change):
        files = change["new"]
        if not files or self.on_upload is None:
            return
        f = files[0]
        try:
            self.text.value = self.on_upload(f["name"], bytes(f["content"]))
            self.status.message = f"Read {f['name']}: check the text, then add the note."
        except Exception as exc:
            self.status.message = f"Could not read {f['name']}: {getattr(exc, 'message', exc)}"

    def submit(self) -> bool:
        """Hand the note on when it has text and an author; say what is missing otherwise."""
        if not self.text.value.strip():
            self.status.message = "The note is empty."
            return False
        if not self.author.value.strip():
            self.status.message = "Say who wrote the note."
            return False
        self.freeze()
        try:
            message = self.on_add(self.label.value, self.text.value, self.author.value) if self.on_add else ""
        except Exception as exc:
            self.status.message = f"Not added: {getattr(exc, 'message', exc)}"
            return False
        finally:
            self.unfreeze()
        self.reset()
        self.status.message = message or "Note added."
        return True
