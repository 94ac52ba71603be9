"""The ``when:`` of a rule: a conjunction of simple tests on the labels.

    when:
      kind: [khieu_nai]              # kind is one of these
      channel: [in_person]           # channel is one of these (unknown channel never matches)
      domains_any: [land]            # at least one of these domains
      domains_all: [mass_complaint]  # every one of these domains
      domains_none: [land]           # none of these domains
      flags_any / flags_all / flags_none: the same for flags
      district_known: true           # the labels name a district found in the area map

Every key present must hold; an empty ``when: {}`` always holds. ``implies`` is a sound
(never wrong, possibly incomplete) test used to find rules that can never fire.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from routing.vocabulary import CHANNELS, DOMAINS, FLAG_IMPLIES, FLAGS, KINDS

SET_FIELDS = {"domains": DOMAINS, "flags": FLAGS}
CHOICE_FIELDS = {"kind": KINDS, "channel": CHANNELS}
KEYS = (
    "kind",
    "channel",
    "district_known",
    *(f"{field}_{mode}" for field in SET_FIELDS for mode in ("any", "all", "none")),
)


@dataclass(frozen=True)
class Facts:
    """What conditions look at: the labels plus the channel and whether a district resolved."""

    kind: str
    domains: frozenset[str]
    flags: frozenset[str]
    channel: str | None
    district_known: bool


@dataclass(frozen=True)
class Condition:
    """A parsed ``when:``; ``None`` / empty means "no test on this field"."""

    kind: frozenset[str] | None = None
    channel: frozenset[str] | None = None
    district_known: bool | None = None
    domains_any: frozenset[str] | None = None
    domains_all: frozenset[str] = frozenset()
    domains_none: frozenset[str] = frozenset()
    flags_any: frozenset[str] | None = None
    flags_all: frozenset[str] = frozenset()
    flags_none: frozenset[str] = frozenset()

    def tested_keys(self) -> list[str]:
        """The condition keys that actually test something, in KEYS order."""
        return [key for key in KEYS if getattr(self, key) not in (None, frozenset())]

    def matches(self, facts: Facts) -> bool:
        """True when every test holds for these facts."""
        if self.kind is not None and facts.kind not in self.kind:
            return False
        if self.channel is not None and facts.channel not in self.channel:
            return False
        if self.district_known is not None and facts.district_known != self.district_known:
            return False
        return all(
            _set_matches(getattr(facts, field), *self._set_tests(field)) for field in SET_FIELDS
        )

    def _set_tests(
        self, field: str
    ) -> tuple[frozenset[str] | None, frozenset[str], frozenset[str]]:
        """(any, all, none) for ``domains`` or ``flags``."""
        return (
            getattr(self, f"{field}_any"),
            getattr(self, f"{field}_all"),
            getattr(self, f"{field}_none"),
        )

    def contradiction(self) -> str | None:
        """Why no labels can ever satisfy this condition, or None when some can."""
        for name in ("kind", "channel"):
            if getattr(self, name) == frozenset():
                return f"'{name}' là danh sách rỗng"
        for field in SET_FIELDS:
            any_, all_, none = self._set_tests(field)
            if any_ == frozenset():
                return f"'{field}_any' là danh sách rỗng"
            required = _closure(all_) if field == "flags" else all_
            if required & none:
                both = ", ".join(sorted(required & none))
                return f"'{both}' vừa bắt buộc có vừa bắt buộc không có"
            if any_ is not None and any_ <= none:
                return f"mọi giá trị của '{field}_any' đều bị '{field}_none' loại trừ"
            if (
                field == "flags"
                and any_ is not None
                and all(_closure({flag}) & none for flag in any_)
            ):
                return "mọi cờ của 'flags_any' kéo theo một cờ bị 'flags_none' loại trừ"
        return None

    def implies(self, other: Condition) -> bool:
        """True when every label set matching ``self`` also matches ``other`` (sound test)."""
        for name in ("kind", "channel"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs is not None and (mine is None or not mine <= theirs):
                return False
        if other.district_known is not None and self.district_known != other.district_known:
            return False
        return all(_set_implies(self, other, field) for field in SET_FIELDS)


def _closure(flags: frozenset[str] | set[str]) -> frozenset[str]:
    """Flags plus those LABELS.md says always come with them."""
    out = set(flags)
    for flag in flags:
        out |= FLAG_IMPLIES.get(flag, set())
    return frozenset(out)


def _set_matches(
    values: frozenset[str], any_: frozenset[str] | None, all_: frozenset[str], none: frozenset[str]
) -> bool:
    """Apply any / all / none tests to one label set."""
    if any_ is not None and not values & any_:
        return False
    return all_ <= values and not values & none


def _set_implies(cond: Condition, other: Condition, field: str) -> bool:
    """Whether cond's tests on ``field`` guarantee other's tests on it."""
    any_, all_, none = cond._set_tests(field)
    o_any, o_all, o_none = other._set_tests(field)
    required = _closure(all_) if field == "flags" else all_
    if not o_all <= required or not o_none <= none:
        return False
    if o_any is None:
        return True
    return bool(required & o_any) or (any_ is not None and any_ <= o_any)


def parse_condition(raw: Mapping[str, Any]) -> tuple[Condition | None, str | None, str | None]:
    """Parse a ``when:`` mapping: (condition, None, None) or (None, error key, Vietnamese error).

    Unknown keys and values outside the LABELS.md vocabulary are errors, so a typo can never
    silently make a rule dead.
    """
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            return None, str(key), f"điều kiện không hỗ trợ '{key}' (chỉ dùng: {', '.join(KEYS)})"
        if key == "district_known":
            if not isinstance(value, bool):
                return None, key, "'district_known' phải là true hoặc false"
            values[key] = value
            continue
        allowed = CHOICE_FIELDS.get(key) or SET_FIELDS[key.rsplit("_", 1)[0]]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, key, f"'{key}' phải là một danh sách"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return (
                None,
                key,
                (
                    f"giá trị không có trong LABELS.md ở '{key}': {', '.join(unknown)}"
                    f" (được dùng: {', '.join(allowed)})"
                ),
            )
        values[key] = frozenset(value)
    return Condition(**values), None, None


def facts_used(condition: Condition, facts: Facts) -> dict[str, Any]:
    """The facts a condition looked at, for ``why`` (sorted lists, JSON-ready)."""
    out: dict[str, Any] = {}
    for key in condition.tested_keys():
        field = key.rsplit("_", 1)[0] if key.startswith(("domains_", "flags_")) else key
        value = getattr(facts, field)
        out[field] = sorted(value) if isinstance(value, frozenset) else value
    return out
