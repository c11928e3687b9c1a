"""inspector-kit: evidence toolkit for Ofsted inspectors judging careers guidance.

The one path from input to briefing: load (``inspector_kit.evidence``) → analyse (``nlp``) →
triangulate → brief → render.
"""
__version__ = "0.1.0"
