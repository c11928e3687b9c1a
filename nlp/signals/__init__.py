"""The codebook of signals: rules as data (``resources/*.jsonl``, one file per concern) and the matcher."""
from nlp.signals.codebook import ACTIVITY_CODES, CODEBOOK, SIGNAL_CODES
from nlp.signals.rules import SignalRule, load_signal_rules

__all__ = ["ACTIVITY_CODES", "CODEBOOK", "SIGNAL_CODES", "SignalRule", "load_signal_rules"]
