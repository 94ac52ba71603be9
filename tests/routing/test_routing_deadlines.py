"""Time limits per kind, and working days that skip weekends, holidays and Tết."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from routing import load_ruleset, route
from routing.workdays import WorkCalendar

Decide = Callable[..., dict[str, Any]]
Labels = Callable[..., dict[str, Any]]


def dues(decision: dict[str, Any]) -> dict[str, str]:
    """{deadline name: due date} of a decision."""
    return {d["name"]: d["due"] for d in decision["deadlines"]}


# Received Wednesday 11/3/2026 (no holiday until 26/4).
@pytest.mark.parametrize(
    ("labels", "channel", "expected"),
    [
        pytest.param(
            {"kind": "khieu_nai"},
            "mail",
            # +10 days = Sat 21/3 → Mon 23/3; resolution 30 days from that
            {"processing": "2026-03-25", "acceptance": "2026-03-23", "resolution": "2026-04-22"},
            id="complaint-first-instance",
        ),
        pytest.param(
            {"kind": "khieu_nai", "flags": ("backlog", "re_complaint")},
            "mail",
            {"processing": "2026-03-25", "acceptance": "2026-03-23", "resolution": "2026-05-07"},
            id="complaint-second-instance-45",
        ),
        pytest.param(
            {"kind": "khieu_nai", "flags": ("backlog",)},
            "mail",
            {"processing": "2026-03-25", "acceptance": "2026-03-23", "resolution": "2026-04-22"},
            id="complaint-backlog-still-30",
        ),
        pytest.param(
            {"kind": "to_cao"},
            "mail",
            # 7 working days = Fri 20/3; +30 days = Sun 19/4 → Mon 20/4
            {"processing": "2026-03-25", "acceptance": "2026-03-20", "resolution": "2026-04-20"},
            id="denunciation",
        ),
        pytest.param(
            {"kind": "to_cao", "flags": ("anonymous",)},
            "mail",
            {"processing": "2026-03-25"},
            id="anonymous-denunciation",
        ),
        pytest.param(
            {"kind": "kien_nghi"}, "mail", {"processing": "2026-03-25"}, id="recommendation-by-mail"
        ),
        pytest.param(
            {"kind": "kien_nghi"},
            "in_person",
            {"processing": "2026-03-25", "resolution": "2026-03-25"},
            id="recommendation-in-person",
        ),
        pytest.param(
            {"kind": "kien_nghi"},
            None,
            {"processing": "2026-03-25"},
            id="recommendation-channel-unknown",
        ),
    ],
)
def test_deadlines_per_kind(
    decide: Decide, labels: dict[str, Any], channel: str | None, expected: dict[str, str]
) -> None:
    decision = decide(channel=channel, **labels)
    assert dues(decision) == expected
    for deadline in decision["deadlines"]:
        assert set(deadline) == {"name", "due", "basis"}
        assert deadline["basis"]


def test_bases_cite_the_laws(decide: Decide) -> None:
    complaint = {d["name"]: d["basis"] for d in decide(kind="khieu_nai")["deadlines"]}
    assert "Luật Khiếu nại 2011, điều 27" in complaint["acceptance"]
    assert "điều 28" in complaint["resolution"]
    second = decide(kind="khieu_nai", flags=("backlog", "re_complaint"))["deadlines"]
    assert "điều 37" in second[-1]["basis"]
    denunciation = {d["name"]: d["basis"] for d in decide(kind="to_cao")["deadlines"]}
    assert "Luật Tố cáo 2018, điều 24" in denunciation["acceptance"]
    assert "điều 30" in denunciation["resolution"]
    reply = decide(kind="kien_nghi", channel="in_person")["deadlines"][-1]["basis"]
    assert "Luật Tiếp công dân 2013, điều 28" in reply


def test_anonymous_denunciation_explained(decide: Decide) -> None:
    decision = decide(kind="to_cao", flags=("anonymous",), domains=("land",), district="Ba Vì")
    assert decision["unit"] == "BTCD"
    rules = {entry["rule"] for entry in decision["why"]}
    assert "notes.anonymous_denunciation" in rules
    assert "notes.denouncer_identity" not in rules
    assert "notes.denouncer_identity" in {e["rule"] for e in decide(kind="to_cao")["why"]}


@pytest.mark.parametrize(
    ("received", "kind", "expected"),
    [
        # Tết Bính Ngọ: Tue 17/2/2026; days off Mon 16/2 – Fri 20/2.
        pytest.param(
            date(2026, 2, 13),
            "kien_nghi",
            {"processing": "2026-03-06"},
            id="2026-friday-before-tet",
        ),
        pytest.param(
            date(2026, 2, 13),
            "to_cao",
            {"processing": "2026-03-06", "acceptance": "2026-03-03", "resolution": "2026-04-02"},
            id="2026-denunciation",
        ),
        pytest.param(
            date(2026, 2, 13),
            "khieu_nai",
            {"processing": "2026-03-06", "acceptance": "2026-02-23", "resolution": "2026-03-25"},
            id="2026-complaint",
        ),
        # Tết Đinh Mùi: Sat 6/2/2027; the package gives Thu 4/2 – Wed 10/2 off.
        pytest.param(
            date(2027, 1, 29),
            "kien_nghi",
            {"processing": "2027-02-19"},
            id="2027-last-working-friday-before-tet",
        ),
        pytest.param(
            date(2027, 1, 29),
            "khieu_nai",
            # +10 days = Mon 8/2 (Tết) → Thu 11/2
            {"processing": "2027-02-19", "acceptance": "2027-02-11", "resolution": "2027-03-15"},
            id="2027-complaint-ends-in-tet",
        ),
        pytest.param(
            date(2027, 2, 5),
            "kien_nghi",
            {"processing": "2027-02-24"},
            id="2027-friday-eve-of-tet-online",
        ),
    ],
)
def test_lunar_new_year(
    ruleset: Any, make_labels: Labels, received: date, kind: str, expected: dict[str, str]
) -> None:
    decision = route(
        make_labels(kind=kind), received_at=received, channel="online", ruleset=ruleset
    )
    assert dues(decision) == expected


def test_tet_days_named_in_why(ruleset: Any, make_labels: Labels) -> None:
    decision = route(make_labels(), received_at=date(2026, 2, 13), ruleset=ruleset)
    facts = next(e for e in decision["why"] if e["rule"] == "deadline.processing")["facts"]
    assert len(facts["days_off"]) == 5
    assert all("Tết" in day for day in facts["days_off"])


@pytest.mark.parametrize(
    "new_year",
    [
        date(2025, 1, 29),
        date(2026, 2, 17),
        date(2027, 2, 6),
        date(2028, 1, 26),
        date(2029, 2, 13),
        date(2030, 2, 3),
    ],
)
def test_holiday_package_knows_tet(new_year: date) -> None:
    calendar = WorkCalendar()
    name = calendar.holiday_name(new_year)
    assert name is not None and "Tết" in name
    assert calendar.holiday_name(date(new_year.year, 9, 2)) is not None  # National Day
    assert calendar.holiday_name(date(new_year.year, 4, 30)) is not None


def test_working_day_arithmetic() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)  # Fri → Mon
    assert calendar.add_working_days(date(2026, 3, 14), 1) == date(2026, 3, 16)  # Sat → Mon
    assert calendar.add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)  # 30/4, 1/5
    assert calendar.add_calendar_days(date(2026, 4, 20), 10) == date(2026, 5, 4)  # 30/4 → 4/5
    assert WorkCalendar(end_on_working_day=False).add_calendar_days(date(2026, 4, 20), 10) == date(
        2026, 4, 30
    )


def _edit(data: Path, old: str, new: str) -> None:
    """Replace text in the data copy's time_limits.yaml (the edit must apply)."""
    path = data / "time_limits.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_extra_holiday_from_data(data_copy: Path, make_labels: Labels) -> None:
    _edit(
        data_copy, "extra_holidays: []", "extra_holidays:\n    - {date: 2026-03-12, name: Nghỉ bù}"
    )
    rules = load_ruleset(data_copy)
    decision = route(make_labels(), received_at=date(2026, 3, 11), ruleset=rules)
    assert dues(decision) == {"processing": "2026-03-26"}
    facts = decision["why"][-1]["facts"]
    assert facts["days_off"] == ["2026-03-12 Nghỉ bù"]


def test_make_up_working_day_from_data(data_copy: Path, make_labels: Labels) -> None:
    _edit(
        data_copy,
        "extra_working_days: []",
        "extra_working_days:\n    - {date: 2026-03-14, name: Làm bù}",
    )
    rules = load_ruleset(data_copy)
    decision = route(make_labels(), received_at=date(2026, 3, 11), ruleset=rules)
    assert dues(decision) == {"processing": "2026-03-24"}


def test_calendar_day_rollover_can_be_switched_off(data_copy: Path, make_labels: Labels) -> None:
    _edit(data_copy, "end_on_working_day: true", "end_on_working_day: false")
    rules = load_ruleset(data_copy)
    decision = route(make_labels(kind="khieu_nai"), received_at=date(2026, 3, 11), ruleset=rules)
    assert dues(decision)["acceptance"] == "2026-03-21"
    assert dues(decision)["resolution"] == "2026-04-20"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-11", date(2026, 3, 11)),
        ("2026-03-10T18:30:00+00:00", date(2026, 3, 11)),  # 01:30 in Hanoi
        ("2026-03-11T23:00:00", date(2026, 3, 11)),
    ],
)
def test_received_at_in_hanoi_time(value: str, expected: date) -> None:
    from routing import received_day

    assert received_day(value) == expected
