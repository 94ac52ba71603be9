"""routing: petition labels → the unit that handles it, with coordinators, priority, actions,
deadlines and the reasons for each (``why``).

    from routing import load_ruleset, route, RuleError
    rules = load_ruleset()              # routing/data/*.yaml, validated (RuleError: file, line)
    decision = route(labels, received_at=date, channel="mail", text=text, ruleset=rules)

Pure Python (stdlib, PyYAML, holidays); the units directory, area maps, rules and time limits
are YAML data under ``routing/data`` that people edit without touching code.
"""

from routing.engine import decision_units, received_day, route
from routing.errors import LabelError, RoutingError, RuleError
from routing.loader import DATA_DIR, RuleSet, load_ruleset

__all__ = [
    "DATA_DIR",
    "LabelError",
    "RoutingError",
    "RuleError",
    "RuleSet",
    "decision_units",
    "load_ruleset",
    "received_day",
    "route",
]
