"""Document-level findings: rules as data (``resources/findings.json``) and the engine that applies them."""
from nlp.findings.rules import FINDING_CODES, FindingRule, criteria_ids, load_finding_rules

__all__ = ["FINDING_CODES", "FindingRule", "criteria_ids", "load_finding_rules"]
