"""Context (NegEx/ConText): triggers as data (``resources/*.jsonl``, one file per category) and the component."""
from nlp.context.rules import CATEGORIES, ContextRule, load_context_rules

__all__ = ["CATEGORIES", "ContextRule", "load_context_rules"]
