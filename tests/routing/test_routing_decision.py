"""Primary unit, coordinators, priority and actions exactly as PLAN-RULES.md sets them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from routing import LabelError, decision_units, route

Decide = Callable[..., dict[str, Any]]


@pytest.mark.parametrize(
    ("labels", "unit"),
    [
        pytest.param(
            {"flags": ("anonymous",), "domains": ("land",), "district": "Cầu Giấy"},
            "BTCD",
            id="anonymous-beats-land",
        ),
        pytest.param(
            {"flags": ("anonymous",), "domains": ("religion_sensitive",)},
            "BTCD",
            id="anonymous-beats-religion",
        ),
        pytest.param(
            {"domains": ("land",), "district": "Cầu Giấy"}, "UBND-CAU-GIAY", id="land-district"
        ),
        pytest.param({"domains": ("land",)}, "STNMT", id="land-no-district"),
        pytest.param(
            {"domains": ("land", "construction"), "district": None},
            "STNMT",
            id="land-before-construction",
        ),
        pytest.param(
            {"domains": ("construction",), "district": "Hoàng Mai"},
            "UBND-HOANG-MAI",
            id="construction-district",
        ),
        pytest.param({"domains": ("construction",)}, "SXD", id="construction-no-district"),
        pytest.param(
            {"domains": ("land", "religion_sensitive"), "district": "Sơn Tây"},
            "UBND-SON-TAY",
            id="land-before-religion",
        ),
        pytest.param(
            {"domains": ("religion_sensitive",), "district": "Đống Đa"},
            "SNV",
            id="religion-even-with-district",
        ),
        pytest.param(
            {"domains": ("construction", "religion_sensitive")},
            "SXD",
            id="construction-before-religion",
        ),
        pytest.param(
            {"domains": ("mass_complaint",), "district": "Ứng Hòa"},
            "UBND-UNG-HOA",
            id="other-district",
        ),
        pytest.param({"domains": (), "district": None}, "BTCD", id="other-no-district"),
        pytest.param({"flags": ("hotspot", "central_referral")}, "BTCD", id="flags-only"),
    ],
)
def test_primary_unit_first_rule_wins(decide: Decide, labels: dict[str, Any], unit: str) -> None:
    assert decide(**labels)["unit"] == unit


def test_primary_reason_names_rule_and_district(decide: Decide) -> None:
    why = decide(domains=("land",), district="Cầu Giấy")["why"][0]
    assert why["rule"] == "primary.land"
    assert why["facts"]["district"] == "Cầu Giấy"
    assert "UBND quận Cầu Giấy" in why["message"]


@pytest.mark.parametrize(
    ("labels", "coordinators"),
    [
        pytest.param({"domains": ("land",), "district": "Ba Đình"}, ["STNMT"], id="land"),
        pytest.param({"domains": ("land",)}, [], id="land-primary-not-coordinator"),
        pytest.param(
            {"domains": ("construction",), "district": "Ba Đình"}, ["SXD"], id="construction"
        ),
        pytest.param({"domains": ("religion_sensitive",)}, ["CATP"], id="religion-minus-primary"),
        pytest.param(
            {"domains": ("land", "religion_sensitive"), "district": "Tây Hồ"},
            ["STNMT", "SNV", "CATP"],
            id="pagoda-land",
        ),
        pytest.param({"domains": ("mass_complaint",), "district": "Gia Lâm"}, ["BTCD"], id="mass"),
        pytest.param({"domains": ("mass_complaint",)}, [], id="mass-primary-btcd"),
        pytest.param(
            {"domains": ("mass_complaint",), "flags": ("hotspot",), "district": "Gia Lâm"},
            ["BTCD", "CATP"],
            id="mass-hotspot",
        ),
        pytest.param({"flags": ("hotspot",), "district": "Gia Lâm"}, ["CATP"], id="hotspot"),
        pytest.param(
            {"domains": ("religion_sensitive",), "flags": ("hotspot",)}, ["CATP"], id="catp-once"
        ),
        pytest.param({"flags": ("backlog",), "district": "Mỹ Đức"}, ["TTTP"], id="backlog"),
        pytest.param(
            {"flags": ("backlog", "re_complaint"), "district": "Mỹ Đức"},
            ["TTTP"],
            id="re-complaint-tttp-once",
        ),
        pytest.param(
            {"flags": ("central_referral",), "district": "Mỹ Đức"}, ["TTTP"], id="central-referral"
        ),
        pytest.param({"flags": ("beyond_level",), "district": "Mỹ Đức"}, [], id="beyond-level"),
        pytest.param(
            {
                "domains": ("land", "construction", "religion_sensitive", "mass_complaint"),
                "flags": ("backlog", "re_complaint", "hotspot", "central_referral"),
                "district": "Hà Đông",
            },
            ["STNMT", "SXD", "SNV", "CATP", "BTCD", "TTTP"],
            id="everything",
        ),
    ],
)
def test_coordinators(decide: Decide, labels: dict[str, Any], coordinators: list[str]) -> None:
    decision = decide(**labels)
    assert decision["coordinators"] == coordinators
    assert decision["unit"] not in decision["coordinators"]
    assert len(set(decision["coordinators"])) == len(decision["coordinators"])


@pytest.mark.parametrize(
    ("labels", "priority"),
    [
        pytest.param({"flags": ("hotspot",)}, "P1", id="hotspot"),
        pytest.param({"domains": ("religion_sensitive",)}, "P1", id="religion"),
        pytest.param(
            {"domains": ("mass_complaint",), "flags": ("backlog",)}, "P1", id="mass-and-backlog"
        ),
        pytest.param({"domains": ("mass_complaint",)}, "P2", id="mass"),
        pytest.param({"flags": ("backlog",)}, "P2", id="backlog"),
        pytest.param({"flags": ("backlog", "re_complaint")}, "P2", id="re-complaint"),
        pytest.param({"flags": ("central_referral",)}, "P2", id="central"),
        pytest.param({"domains": ("land", "construction")}, "P3", id="land-construction"),
        pytest.param({"flags": ("anonymous", "beyond_level")}, "P3", id="anonymous-beyond"),
        pytest.param({}, "P3", id="nothing"),
    ],
)
def test_priority(decide: Decide, labels: dict[str, Any], priority: str) -> None:
    assert decide(**labels)["priority"] == priority


@pytest.mark.parametrize(
    ("labels", "actions"),
    [
        pytest.param({}, ["report_to_city"], id="always-report"),
        pytest.param(
            {"domains": ("mass_complaint",)}, ["dialogue_required", "report_to_city"], id="dialogue"
        ),
        pytest.param(
            {"domains": ("religion_sensitive",)}, ["careful_review", "report_to_city"], id="careful"
        ),
        pytest.param({"flags": ("hotspot",)}, ["security_watch", "report_to_city"], id="watch"),
        pytest.param({"flags": ("backlog",)}, ["settle_backlog", "report_to_city"], id="backlog"),
        pytest.param(
            {"flags": ("re_complaint",)},
            ["settle_backlog", "report_to_city"],
            id="re-complaint-alone",
        ),
        pytest.param(
            {
                "domains": ("mass_complaint", "religion_sensitive"),
                "flags": ("hotspot", "backlog", "re_complaint"),
            },
            [
                "dialogue_required",
                "careful_review",
                "security_watch",
                "settle_backlog",
                "report_to_city",
            ],
            id="all",
        ),
    ],
)
def test_actions(decide: Decide, labels: dict[str, Any], actions: list[str]) -> None:
    assert decide(**labels)["actions"] == actions


def test_every_part_is_explained(decide: Decide) -> None:
    decision = decide(
        kind="khieu_nai",
        domains=("land", "mass_complaint"),
        flags=("backlog", "hotspot"),
        district="Long Biên",
    )
    rules = [entry["rule"] for entry in decision["why"]]
    assert rules[0] == "primary.land"
    assert "priority.hotspot" in rules
    assert {
        "coordinators.land",
        "coordinators.mass",
        "coordinators.mass_hotspot",
        "coordinators.backlog",
    } <= set(rules)
    assert {
        "deadline.processing",
        "deadline.acceptance.complaint",
        "deadline.resolution.complaint_first",
    } <= set(rules)
    for entry in decision["why"]:
        assert set(entry) == {"rule", "facts", "message"}
        assert entry["message"] and "{" not in entry["message"]


def test_needs_review_routes_but_provisional(decide: Decide) -> None:
    decision = decide(flags=("hotspot",), district="Hoàn Kiếm", needs_review=True)
    assert decision["provisional"] is True
    assert decision["unit"] == "UBND-HOAN-KIEM"
    assert decision["priority"] == "P1"
    assert decision["why"][0]["rule"] == "review.needs_review"
    assert decide(district="Hoàn Kiếm", needs_review=False)["provisional"] is False


def test_unknown_district_falls_back_provisionally(decide: Decide) -> None:
    decision = decide(domains=("land",), district="Quận Không Có")
    assert decision["unit"] == "STNMT"
    assert decision["provisional"] is True
    assert decision["why"][0]["rule"] == "directory.unknown_district"


def test_district_spelling_variants(decide: Decide) -> None:
    assert decide(district="Ứng Hoà")["unit"] == "UBND-UNG-HOA"  # old tone placement
    assert decide(district="ung hoa")["unit"] == "UBND-UNG-HOA"


@pytest.mark.parametrize(
    ("labels", "channel"),
    [
        pytest.param({"kind": "complaint", "domains": [], "flags": []}, None, id="bad-kind"),
        pytest.param({"kind": "to_cao", "domains": ["roads"], "flags": []}, None, id="bad-domain"),
        pytest.param({"kind": "to_cao", "domains": [], "flags": "hotspot"}, None, id="flags-str"),
        pytest.param(
            {"kind": "to_cao", "domains": [], "flags": [], "district": 7}, None, id="district-int"
        ),
        pytest.param({"kind": "to_cao", "domains": [], "flags": []}, "fax", id="bad-channel"),
    ],
)
def test_invalid_labels(ruleset: Any, labels: dict[str, Any], channel: str | None) -> None:
    with pytest.raises(LabelError) as info:
        route(labels, channel=channel, ruleset=ruleset)
    assert info.value.code == "labels_invalid"


def test_decision_units(decide: Decide) -> None:
    decision = decide(domains=("land", "religion_sensitive"), district="Tây Hồ")
    assert decision_units(decision) == ["UBND-TAY-HO", "STNMT", "SNV", "CATP"]
    assert decision_units({"unit": "BTCD", "coordinators": ["BTCD", "CATP"]}) == ["BTCD", "CATP"]


def test_default_received_at_is_today_in_hanoi(ruleset: Any) -> None:
    from routing.engine import today

    decision = route({"kind": "kien_nghi", "domains": [], "flags": []}, ruleset=ruleset)
    why = next(e for e in decision["why"] if e["rule"] == "deadline.processing")
    assert why["facts"]["received_at"] == today().isoformat()
