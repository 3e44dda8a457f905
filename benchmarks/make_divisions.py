#!/usr/bin/env python3
"""Regenerate benchmarks/data/divisions.csv: Vietnam's provinces and districts before the July 2025 merger.

The codes are the General Statistics Office (Tổng cục Thống kê) codes, as carried by the MIT-licensed
PyPI package `vietnamadminunits` 1.0.4 (https://github.com/tranngocminhhieu/vietnamadminunits,
Copyright (c) 2025 Tran Ngoc Minh Hieu). Its wheel holds an SQLite file, data/dataset.db, whose table
`admin_units_legacy` has one row per commune of the 63-province, ~700-district division; this script
keeps one row per district.

    python benchmarks/make_divisions.py                     # pip download the wheel into a temp dir
    python benchmarks/make_divisions.py --package-dir DIR   # use an already unpacked wheel (DIR/vietnamadminunits/...)

Only the Python standard library and pip are needed; nothing is installed.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
DATASET = "vietnamadminunits/data/dataset.db"
OUT = Path(__file__).resolve().parent / "data" / "divisions.csv"
COLUMNS = ["province_code", "province_name", "province_kind", "district_code", "district_name", "district_kind"]

PROVINCE_KINDS = {"Tỉnh": "tỉnh", "Thành phố": "thành phố trực thuộc trung ương"}
DISTRICT_KINDS = {"Huyện": "huyện", "Quận": "quận", "Thị xã": "thị xã", "Thành phố": "thành phố thuộc tỉnh"}
# A city inside a centrally-run city (Thủ Đức, Thủy Nguyên) is not a "thành phố thuộc tỉnh":
# the CSV keeps its true kind, and the corpus generator leaves out kinds the registry schema lacks.
CITY_IN_CITY = "thành phố thuộc thành phố trực thuộc trung ương"


def fetch_package(workdir: Path) -> Path:
    """Download the wheel with pip (no install, no dependencies) and unpack it; returns the unpacked dir."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
         "--dest", str(workdir), f"{PACKAGE}=={VERSION}"],
        check=True,
    )
    wheel = next(workdir.glob(f"{PACKAGE}-{VERSION}-*.whl"))
    unpacked = workdir / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    return unpacked


def strip_kind(full_name: str, kind: str) -> str:
    """`Thành Phố Bắc Kạn` -> `Bắc Kạn`: the dataset's capitalisation of the prefix varies."""
    if full_name.lower().startswith(kind.lower() + " "):
        return full_name[len(kind) + 1:].strip()
    raise ValueError(f"'{full_name}' does not start with its kind '{kind}'")


def read_divisions(dataset: Path) -> list[dict[str, str]]:
    connection = sqlite3.connect(f"file:{dataset}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT DISTINCT province, provinceShort, provinceCode, district, districtType, districtCode "
            "FROM admin_units_legacy"
        ).fetchall()
    finally:
        connection.close()
    divisions = []
    for province, province_short, province_code, district, district_type, district_code in rows:
        province_prefix = province[: -len(province_short)].strip()
        province_kind = PROVINCE_KINDS[province_prefix]
        district_kind = DISTRICT_KINDS[district_type]
        if district_kind == "thành phố thuộc tỉnh" and province_kind != "tỉnh":
            district_kind = CITY_IN_CITY
        divisions.append({
            "province_code": province_code,
            "province_name": province_short,
            "province_kind": province_kind,
            "district_code": district_code,
            "district_name": strip_kind(district, district_type),
            "district_kind": district_kind,
        })
    divisions.sort(key=lambda row: (row["province_code"], row["district_code"]))
    codes = [row["district_code"] for row in divisions]
    if len(codes) != len(set(codes)):
        raise SystemExit("district codes are not unique: the dataset changed shape")
    return divisions


def write_csv(divisions: list[dict[str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(divisions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help=f"an unpacked {PACKAGE} {VERSION} wheel (skips pip download)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"CSV to write (default: {OUT})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="divisions-") as tmp:
        package_dir = args.package_dir or fetch_package(Path(tmp))
        version_file = package_dir / f"{PACKAGE}-{VERSION}.dist-info" / "METADATA"
        if not version_file.is_file():
            raise SystemExit(f"{package_dir} is not an unpacked {PACKAGE} {VERSION} wheel")
        divisions = read_divisions(package_dir / DATASET)
    write_csv(divisions, args.out)
    provinces = {row["province_code"] for row in divisions}
    print(f"{args.out}: {len(provinces)} provinces, {len(divisions)} districts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
