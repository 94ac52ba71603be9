"""Editing the data without code changes, and invalid files named with file and line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from routing import RuleError, load_ruleset, route

Labels = Callable[..., dict[str, Any]]


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) by ``new``; return the 1-based line of the edit."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


def append(path: Path, block: str) -> int:
    """Append ``block``; return the line its first line lands on."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + block, encoding="utf-8")
    return text.count("\n") + 1


def test_shipped_data_loads(ruleset: Any) -> None:
    units = ruleset.directory.units
    assert len(units) == 40
    assert {u.code for u in units.values() if u.level == "city"} == {
        "TTTP",
        "BTCD",
        "VPUB",
        "STNMT",
        "SXD",
        "SNV",
        "STP",
        "STC",
        "CATP",
        "STTTT",
    }
    districts = ruleset.directory.area_maps[0].districts
    assert len(districts) == 30
    assert districts["Cầu Giấy"] == "UBND-CAU-GIAY"
    assert districts["Sơn Tây"] == "UBND-SON-TAY"
    assert units["UBND-SON-TAY"].name == "UBND thị xã Sơn Tây"
    assert districts["Nam Từ Liêm"] == "UBND-NAM-TU-LIEM"


def test_districts_match_labels_vocabulary(ruleset: Any) -> None:
    from classifier import labels
    from routing import vocabulary

    assert set(ruleset.directory.area_maps[0].districts) == set(labels.DISTRICTS)
    for name in ("KINDS", "DOMAINS", "FLAGS"):
        assert getattr(vocabulary, name) == getattr(labels, name)


# ---- editing without code changes -------------------------------------------------------


def test_add_a_unit_and_use_it(data_copy: Path, make_labels: Labels) -> None:
    append(
        data_copy / "units.yaml",
        "  - {code: SNNMT, name: Sở Nông nghiệp và Môi trường, level: city}\n",
    )
    edit(data_copy / "rules.yaml", "otherwise: STNMT", "otherwise: SNNMT")
    rules = load_ruleset(data_copy)
    decision = route(make_labels(domains=("land",)), received_at=date(2026, 3, 11), ruleset=rules)
    assert decision["unit"] == "SNNMT"
    assert "Sở Nông nghiệp và Môi trường" in decision["why"][0]["message"]


def test_add_a_unit_in_a_new_file(data_copy: Path, make_labels: Labels) -> None:
    (data_copy / "extra_units.yaml").write_text(
        "units:\n  - code: BQL-PHAP-VAN\n    name: Ban quản lý dự án Pháp Vân\n    level: city\n",
        encoding="utf-8",
    )
    edit(data_copy / "rules.yaml", "    add: [SXD]\n", "    add: [SXD, BQL-PHAP-VAN]\n")
    rules = load_ruleset(data_copy)
    decision = route(
        make_labels(domains=("construction",), district="Thanh Trì"),
        received_at=date(2026, 3, 11),
        ruleset=rules,
    )
    assert decision["coordinators"] == ["SXD", "BQL-PHAP-VAN"]


def test_rename_a_district(data_copy: Path, make_labels: Labels) -> None:
    edit(data_copy / "areas.yaml", "    Hà Đông: UBND-HA-DONG", "    Hà Đông Mới: UBND-HA-DONG")
    rules = load_ruleset(data_copy)
    renamed = route(
        make_labels(district="Hà Đông Mới"), received_at=date(2026, 3, 11), ruleset=rules
    )
    assert renamed["unit"] == "UBND-HA-DONG"
    assert renamed["provisional"] is False
    old = route(make_labels(district="Hà Đông"), received_at=date(2026, 3, 11), ruleset=rules)
    assert old["unit"] == "BTCD" and old["provisional"] is True


def test_rename_a_unit_keeps_its_code(data_copy: Path, make_labels: Labels) -> None:
    edit(data_copy / "units.yaml", "name: UBND quận Cầu Giấy", "name: UBND phường Cầu Giấy")
    rules = load_ruleset(data_copy)
    decision = route(
        make_labels(domains=("land",), district="Cầu Giấy"),
        received_at=date(2026, 3, 11),
        ruleset=rules,
    )
    assert decision["unit"] == "UBND-CAU-GIAY"
    assert "UBND phường Cầu Giấy" in decision["why"][0]["message"]


def test_change_a_time_limit(data_copy: Path, make_labels: Labels) -> None:
    edit(data_copy / "time_limits.yaml", "      count: 7\n", "      count: 10\n")
    rules = load_ruleset(data_copy)
    decision = route(make_labels(kind="to_cao"), received_at=date(2026, 3, 11), ruleset=rules)
    assert decision["deadlines"][1] == {
        "name": "acceptance",
        "due": "2026-03-25",
        "basis": decision["deadlines"][1]["basis"],
    }


COMMUNE_MAP = """\
units:
  - {code: UBND-P-CAU-GIAY, name: UBND phường Cầu Giấy, level: commune}
  - {code: UBND-P-NGHIA-DO, name: UBND phường Nghĩa Đô, level: commune}
area_map:
  id: hanoi-2025-communes
  name: Hà Nội từ 01/7/2025 (cấp xã)
  effective_from: 2025-07-01
  districts:
    Cầu Giấy: UBND-P-CAU-GIAY
  communes:
    Cầu Giấy: UBND-P-CAU-GIAY
    Nghĩa Đô: UBND-P-NGHIA-DO
"""


def test_second_map_takes_over_on_its_effective_date(data_copy: Path, make_labels: Labels) -> None:
    (data_copy / "areas_2025.yaml").write_text(COMMUNE_MAP, encoding="utf-8")
    rules = load_ruleset(data_copy)
    land = make_labels(domains=("land",), district="Cầu Giấy")
    before = route(land, received_at=date(2025, 6, 30), ruleset=rules)
    after = route(land, received_at=date(2025, 7, 1), ruleset=rules)
    assert before["unit"] == "UBND-CAU-GIAY"
    assert after["unit"] == "UBND-P-CAU-GIAY"
    assert after["why"][0]["facts"]["area_map"] == "hanoi-2025-communes"
    by_commune = route({**land, "commune": "Nghĩa Đô"}, received_at=date(2025, 7, 1), ruleset=rules)
    assert by_commune["unit"] == "UBND-P-NGHIA-DO"
    # an old district the new map does not list yet is not silently sent to the old unit
    other = route(
        make_labels(domains=("land",), district="Ba Đình"),
        received_at=date(2025, 7, 1),
        ruleset=rules,
    )
    assert other["unit"] == "STNMT" and other["provisional"] is True


# ---- invalid files: RuleError names the file and the line -------------------------------


def _expect(data: Path, reason: str, filename: str, line: int) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_ruleset(data)
    error = info.value
    assert (error.reason, error.path.name, error.line) == (reason, filename, line), error.message
    assert f"{filename}:{line}" in error.message
    assert error.code == "rules_invalid"
    return error


def test_yaml_syntax_error(data_copy: Path) -> None:
    line = append(data_copy / "units.yaml", "  - code: XX\n     name: [unclosed\n")
    _expect(data_copy, "syntax", "units.yaml", line + 1)


def test_duplicate_unit_code(data_copy: Path) -> None:
    line = append(data_copy / "units.yaml", "  - {code: TTTP, name: Trùng, level: city}\n")
    _expect(data_copy, "duplicate", "units.yaml", line)


def test_duplicate_unit_code_across_files(data_copy: Path) -> None:
    (data_copy / "zz_units.yaml").write_text(
        "units:\n  - code: SXD\n    name: Sở Xây dựng 2\n    level: city\n", encoding="utf-8"
    )
    _expect(data_copy, "duplicate", "zz_units.yaml", 2)


def test_unknown_unit_in_rule(data_copy: Path) -> None:
    line = edit(data_copy / "rules.yaml", "otherwise: STNMT", "otherwise: SO-KHONG-CO")
    _expect(data_copy, "unknown_unit", "rules.yaml", line)


def test_unknown_unit_in_coordinators(data_copy: Path) -> None:
    line = edit(data_copy / "rules.yaml", "add: [SNV, CATP]", "add: [SNV, CAPT]")
    _expect(data_copy, "unknown_unit", "rules.yaml", line)


def test_unknown_unit_in_area_map(data_copy: Path) -> None:
    line = edit(data_copy / "areas.yaml", "Ba Đình: UBND-BA-DINH", "Ba Đình: UBND-BA-DINX")
    _expect(data_copy, "unknown_unit", "areas.yaml", line)


def test_duplicate_district_spelling(data_copy: Path) -> None:
    line = append(data_copy / "areas.yaml", "    Ứng Hoà: UBND-UNG-HOA\n")
    _expect(data_copy, "duplicate", "areas.yaml", line)


def test_duplicate_yaml_key(data_copy: Path) -> None:
    line = append(data_copy / "areas.yaml", "    Ba Đình: UBND-BA-DINH\n")
    _expect(data_copy, "duplicate", "areas.yaml", line)


def test_shadowed_first_match_rule_never_fires(data_copy: Path) -> None:
    rules = data_copy / "rules.yaml"
    edit(
        rules,
        "priority:\n  - rule: priority.hotspot",
        "priority:\n  - rule: priority.mass_first\n    when: {domains_any: [mass_complaint]}\n"
        "    priority: P2\n    message: Đông người.\n  - rule: priority.hotspot",
    )
    text = rules.read_text(encoding="utf-8")
    line = text[: text.index("- rule: priority.mass_backlog")].count("\n") + 1
    error = _expect(data_copy, "never_fires", "rules.yaml", line)
    assert "priority.mass_first" in error.message


def test_deadline_order_matters(data_copy: Path) -> None:
    path = data_copy / "time_limits.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - rule: deadline.resolution.complaint_second")
    middle = text.index("    - rule: deadline.resolution.complaint_first")
    end = text.index("    - rule: deadline.resolution.denunciation")
    swapped = text[:start] + text[middle:end] + text[start:middle] + text[end:]
    path.write_text(swapped, encoding="utf-8")
    line = swapped[: swapped.index("- rule: deadline.resolution.complaint_second")].count("\n") + 1
    _expect(data_copy, "never_fires", "time_limits.yaml", line)


def test_contradictory_condition(data_copy: Path) -> None:
    line = edit(
        data_copy / "rules.yaml",
        "    when: {flags_any: [hotspot]}\n    action:",
        "    when: {flags_all: [hotspot], flags_none: [hotspot]}\n    action:",
    )
    _expect(data_copy, "never_fires", "rules.yaml", line)


def test_re_complaint_without_backlog_never_fires(data_copy: Path) -> None:
    line = edit(
        data_copy / "rules.yaml",
        "    when: {flags_any: [hotspot]}\n    action:",
        "    when: {flags_all: [re_complaint], flags_none: [backlog]}\n    action:",
    )
    _expect(data_copy, "never_fires", "rules.yaml", line)


def test_value_outside_labels(data_copy: Path) -> None:
    line = edit(
        data_copy / "rules.yaml",
        "when: {domains_any: [construction]}\n    add",
        "when: {domains_any: [constructions]}\n    add",
    )
    _expect(data_copy, "unknown_value", "rules.yaml", line)


def test_unknown_rule_key(data_copy: Path) -> None:
    line = edit(data_copy / "rules.yaml", "    unit: SNV\n", "    unti: SNV\n")
    _expect(data_copy, "schema", "rules.yaml", line)


def test_unknown_message_placeholder(data_copy: Path) -> None:
    line = edit(
        data_copy / "rules.yaml",
        'message: "Đơn đông người: ưu tiên {priority} (cao)."',
        'message: "Đơn đông người: ưu tiên {muc_uu_tien} (cao)."',
    )
    _expect(data_copy, "schema", "rules.yaml", line)


def test_missing_catch_all(data_copy: Path) -> None:
    edit(
        data_copy / "rules.yaml",
        "  - rule: priority.default\n    when: {}\n",
        "  - rule: priority.default\n    when: {kind: [kien_nghi]}\n",
    )
    text = (data_copy / "rules.yaml").read_text(encoding="utf-8")
    line = text[: text.index("- rule: priority.default")].count("\n") + 1
    _expect(data_copy, "schema", "rules.yaml", line)


def test_duplicate_rule_id(data_copy: Path) -> None:
    line = edit(
        data_copy / "rules.yaml", "  - rule: actions.careful_review", "  - rule: actions.dialogue"
    )
    _expect(data_copy, "duplicate", "rules.yaml", line)


def test_bad_time_limit(data_copy: Path) -> None:
    line = edit(
        data_copy / "time_limits.yaml",
        '      days: working\n      from: received\n      basis: "Xử lý ban đầu',
        '      days: weekdays\n      from: received\n      basis: "Xử lý ban đầu',
    )
    _expect(data_copy, "schema", "time_limits.yaml", line)


def test_section_in_two_files(data_copy: Path) -> None:
    (data_copy / "zz_priority.yaml").write_text(
        "# second priority list\npriority:\n  - {rule: p.x, when: {}, priority: P3, message: x}\n",
        encoding="utf-8",
    )
    _expect(data_copy, "duplicate", "zz_priority.yaml", 2)


def test_map_needs_a_date(data_copy: Path) -> None:
    line = edit(
        data_copy / "areas.yaml", "  effective_from: 2014-04-01", "  effective_from: từ năm 2014"
    )
    _expect(data_copy, "schema", "areas.yaml", line)


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        load_ruleset(tmp_path)
    assert info.value.reason == "schema"
