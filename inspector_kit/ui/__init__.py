"""Dashboard widgets and views; notebooks in ``notebooks/`` only import, configure and display these.

- :class:`BriefingDashboard` (``notebooks/briefing.ipynb``, what ``make dashboard`` serves) and
  :class:`FocusGroupDashboard` (``notebooks/focus_groups.ipynb``), both built on :class:`Dashboard`;
- :mod:`~inspector_kit.ui.widgets` (picker, error panel, review form, downloads, note entry),
  :mod:`~inspector_kit.ui.views` (HTML fragments) and :mod:`~inspector_kit.ui.charts` (offline SVG);
- :class:`~inspector_kit.ui.cases.Cases`, the one place the dashboards load, analyse, brief and store.

Imported lazily, so ``import inspector_kit.ui.views`` does not pull in the widgets.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "BriefingDashboard": "inspector_kit.ui.briefing_dashboard",
    "FocusGroupDashboard": "inspector_kit.ui.focus_groups",
    "Dashboard": "inspector_kit.ui.dashboard",
    "DashboardSettings": "inspector_kit.ui.settings",
    "Cases": "inspector_kit.ui.cases",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'inspector_kit.ui' has no attribute {name!r}")
