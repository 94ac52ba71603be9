"""``route()``: labels in, the routing decision out, each part explained in ``why``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from routing.addressees import Addressee, extract_addressees
from routing.conditions import Facts, facts_used
from routing.directory import AreaMap
from routing.errors import LabelError
from routing.loader import DISTRICT_TARGET, RuleSet
from routing.rules import DeadlineRule, PrimaryRule, Rule, all_match, first_match
from routing.vocabulary import CHANNELS, DEADLINE_NAMES, DOMAINS, FLAGS, KINDS

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS_VI = {"working": "ngày làm việc", "calendar": "ngày"}


def today() -> date:
    """Today's date in Hanoi."""
    return datetime.now(TIMEZONE).date()


def received_day(received_at: date | datetime | str | None) -> date:
    """The receipt date in Asia/Ho_Chi_Minh: a date, an ISO string, a datetime, or None (today).

    A naive datetime is taken as Hanoi time; an aware one is converted. Raises LabelError.
    """
    if received_at is None:
        return today()
    if isinstance(received_at, str):
        try:
            received_at = (
                date.fromisoformat(received_at)
                if len(received_at) == 10
                else datetime.fromisoformat(received_at)
            )
        except ValueError as exc:
            raise LabelError(
                f"received_at không phải ngày ISO (YYYY-MM-DD): {received_at!r}"
            ) from exc
    if isinstance(received_at, datetime):
        if received_at.tzinfo is not None:
            received_at = received_at.astimezone(TIMEZONE)
        return received_at.date()
    if isinstance(received_at, date):
        return received_at
    raise LabelError(f"received_at không phải ngày: {received_at!r}")


def _label_set(labels: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> frozenset[str]:
    """A list label (domains / flags) checked against the vocabulary."""
    value = labels.get(key, [])
    if value is None:
        value = []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise LabelError(f"'{key}' phải là danh sách")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise LabelError(f"'{key}' có giá trị không có trong LABELS.md: {', '.join(unknown)}")
    return frozenset(value)


def check_labels(
    labels: Mapping[str, Any], channel: str | None
) -> tuple[str, frozenset[str], frozenset[str]]:
    """(kind, domains, flags) after checking them and the channel; raises LabelError."""
    if not isinstance(labels, Mapping):
        raise LabelError("nhãn phải là một đối tượng JSON")
    kind = labels.get("kind")
    if kind not in KINDS:
        raise LabelError(f"'kind' phải là một trong {', '.join(KINDS)} (nhận được {kind!r})")
    district = labels.get("district")
    if district is not None and not isinstance(district, str):
        raise LabelError("'district' phải là tên địa bàn hoặc null")
    if channel is not None and channel not in CHANNELS:
        raise LabelError(
            f"'channel' phải là một trong {', '.join(CHANNELS)} (nhận được {channel!r})"
        )
    return kind, _label_set(labels, "domains", DOMAINS), _label_set(labels, "flags", FLAGS)


def _why(rule: Rule | str, facts: dict[str, Any], message: str) -> dict[str, Any]:
    """One ``why`` entry."""
    return {"rule": rule if isinstance(rule, str) else rule.id, "facts": facts, "message": message}


def _fmt_day(day: date) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    return day.strftime("%d/%m/%Y")


def route(
    labels: Mapping[str, Any],
    *,
    received_at: date | datetime | str | None = None,
    channel: str | None = None,
    text: str | None = None,
    ruleset: RuleSet,
) -> dict[str, Any]:
    """Decide who handles a petition, how urgently, what they must do and by when.

    ``labels`` has the LABELS.md fields (kind, domains, flags, district; signers is not used)
    and may carry ``needs_review`` (the decision is then ``provisional``) and ``commune``.
    ``received_at`` defaults to today in Asia/Ho_Chi_Minh. ``text`` is used only to read the
    addressee list. Returns {"unit", "coordinators", "priority", "provisional", "actions",
    "deadlines", "why", "addressees"}. Raises LabelError on invalid labels or channel.
    """
    kind, domains, flags = check_labels(labels, channel)
    day = received_day(received_at)
    directory = ruleset.directory
    area_map, place, place_unit = directory.unit_for_place(
        day, labels.get("district"), labels.get("commune")
    )
    facts = Facts(
        kind=kind,
        domains=domains,
        flags=flags,
        channel=channel,
        district_known=place_unit is not None,
    )
    provisional, why = _review(labels, place_unit is None, area_map)
    unit = _primary(ruleset, facts, place, place_unit, area_map.id, why)
    coordinators = _coordinators(ruleset, facts, unit, why)
    priority = _priority(ruleset, facts, why)
    actions = _actions(ruleset, facts, why)
    why += [
        _why(rule, facts_used(rule.when, facts), rule.message)
        for rule in all_match(ruleset.notes, facts)
    ]
    deadlines = _deadlines(ruleset, facts, day, why)
    addressees = extract_addressees(text, directory.units)
    if addressees:
        why.append(_copies_why(addressees, unit, ruleset))
    return {
        "unit": unit,
        "coordinators": coordinators,
        "priority": priority,
        "provisional": provisional,
        "actions": actions,
        "deadlines": deadlines,
        "why": why,
        "addressees": [a.as_dict() for a in addressees],
    }


def _review(
    labels: Mapping[str, Any], place_unknown: bool, area_map: AreaMap
) -> tuple[bool, list[dict[str, Any]]]:
    """Whether the decision is provisional (labels need review, or the district is not in the
    map in force), with the ``why`` entries saying so."""
    why: list[dict[str, Any]] = []
    provisional = bool(labels.get("needs_review"))
    if provisional:
        why.append(
            _why(
                "review.needs_review",
                {"needs_review": True},
                "Nhãn phân loại chưa chắc chắn: đơn vẫn được chuyển ngay, hiển thị là "
                "TẠM THỜI trong hàng đợi của các đơn vị cho đến khi người duyệt xác nhận.",
            )
        )
    district = labels.get("district")
    if district and place_unknown:
        provisional = True
        why.append(
            _why(
                "directory.unknown_district",
                {"district": district, "area_map": area_map.id},
                f"Không tìm thấy địa bàn '{district}' trong bản đồ '{area_map.name}': coi như "
                "chưa xác định địa bàn; quyết định là tạm thời.",
            )
        )
    return provisional, why


def _primary(
    ruleset: RuleSet,
    facts: Facts,
    place: str | None,
    place_unit: str | None,
    map_id: str,
    why: list[dict[str, Any]],
) -> str:
    """The primary unit: the first primary rule that matches."""
    rule = first_match(ruleset.primary, facts)
    assert isinstance(rule, PrimaryRule)  # the loader requires a catch-all rule
    used = facts_used(rule.when, facts)
    message = rule.message
    if rule.unit != DISTRICT_TARGET:
        unit = rule.unit
    elif place_unit is not None:
        unit = place_unit
        used.update(district=place, area_map=map_id)
    else:
        unit = rule.otherwise or ""
        used["district"] = None
        message = rule.message_otherwise or rule.message
    name = ruleset.directory.name(unit)
    why.append(
        _why(
            rule, used, message.format(unit=unit, unit_name=name, district=place or "chưa xác định")
        )
    )
    return unit


def _coordinators(
    ruleset: RuleSet, facts: Facts, primary: str, why: list[dict[str, Any]]
) -> list[str]:
    """Coordinating units of every matching rule, never the primary, no duplicates."""
    out: list[str] = []
    for rule in all_match(ruleset.coordinators, facts):
        added = [code for code in dict.fromkeys(rule.add) if code != primary and code not in out]
        if not added:
            continue
        out += added
        names = ", ".join(ruleset.directory.name(code) for code in added)
        why.append(
            _why(
                rule,
                facts_used(rule.when, facts),
                rule.message.format(units=", ".join(added), unit_names=names),
            )
        )
    return out


def _priority(ruleset: RuleSet, facts: Facts, why: list[dict[str, Any]]) -> str:
    """P1–P3 from the first matching priority rule."""
    rule = first_match(ruleset.priority, facts)
    assert rule is not None  # the loader requires a catch-all rule
    why.append(
        _why(rule, facts_used(rule.when, facts), rule.message.format(priority=rule.priority))
    )
    return rule.priority


def _actions(ruleset: RuleSet, facts: Facts, why: list[dict[str, Any]]) -> list[str]:
    """Every action of the matching rules, once each, in file order."""
    out: list[str] = []
    for rule in all_match(ruleset.actions, facts):
        if rule.action in out:
            continue
        out.append(rule.action)
        why.append(
            _why(rule, facts_used(rule.when, facts), rule.message.format(action=rule.action))
        )
    return out


def _deadlines(
    ruleset: RuleSet, facts: Facts, received: date, why: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Each named deadline whose first matching rule exists, counted as that rule says."""
    out: list[dict[str, str]] = []
    dues: dict[str, date] = {}
    for name in DEADLINE_NAMES:
        rule = first_match(ruleset.deadlines.get(name, ()), facts)
        if rule is None:
            continue
        start = dues.get("acceptance", received) if rule.start == "acceptance" else received
        due = _count(ruleset, rule, start)
        dues[name] = due
        out.append({"name": name, "due": due.isoformat(), "basis": rule.basis})
        why.append(_deadline_why(ruleset, rule, facts, received, start, due))
    return out


def _count(ruleset: RuleSet, rule: DeadlineRule, start: date) -> date:
    """The due date of a rule counted from ``start``."""
    if rule.days == "working":
        return ruleset.calendar.add_working_days(start, rule.count)
    return ruleset.calendar.add_calendar_days(start, rule.count)


def _deadline_why(
    ruleset: RuleSet, rule: DeadlineRule, facts: Facts, received: date, start: date, due: date
) -> dict[str, Any]:
    """Explain a deadline: where it counts from and which days off it skipped."""
    used = facts_used(rule.when, facts)
    used["received_at"] = received.isoformat()
    if rule.start == "acceptance":
        used["counted_from"] = f"acceptance deadline {start.isoformat()}"
    days_off = ruleset.calendar.holidays_between(start, due)
    if days_off:
        used["days_off"] = [f"{day.isoformat()} {name}" for day, name in days_off]
    start_vi = (
        f"hạn thụ lý {_fmt_day(start)} (chưa có ngày thụ lý)"
        if rule.start == "acceptance"
        else f"ngày nhận đơn {_fmt_day(start)}"
    )
    message = rule.message.format(
        count=rule.count,
        days_vi=DAYS_VI[rule.days],
        start=start_vi,
        due=_fmt_day(due),
        basis=rule.basis,
    )
    return _why(rule, used, message)


def _copies_why(addressees: list[Addressee], unit: str, ruleset: RuleSet) -> dict[str, Any]:
    """Explain that a letter sent to several bodies is handled once, by the competent unit."""
    name = ruleset.directory.name(unit)
    listed = "; ".join(a.name + (" (đồng gửi)" if a.copy else "") for a in addressees)
    facts = {"addressees": [a.as_dict() for a in addressees], "competent_unit": unit}
    if len(addressees) == 1:
        note = (
            "đúng đơn vị có thẩm quyền."
            if addressees[0].unit == unit
            else f"đơn vị có thẩm quyền là {name} ({unit}): chuyển đơn tới đơn vị này."
        )
        return _why("copies.addressees", facts, f"Đơn gửi: {listed}; {note}")
    included = any(a.unit == unit for a in addressees)
    where = (
        "có trong danh sách nơi nhận"
        if included
        else "không có trong danh sách nơi nhận, nên chuyển đơn tới đơn vị này"
    )
    return _why(
        "copies.single_handling",
        facts,
        f"Đơn gửi đồng thời {len(addressees)} nơi: {listed}. Chỉ xử lý một lần, tại đơn vị "
        f"có thẩm quyền {name} ({unit}, {where}); các nơi nhận khác không xử lý lại, "
        "chỉ lưu và theo dõi.",
    )


def decision_units(decision: Mapping[str, Any]) -> list[str]:
    """The units whose queues show a decision: the primary first, then coordinators, once each."""
    return list(dict.fromkeys([decision["unit"], *decision.get("coordinators", [])]))
