"""Renderers of the region tables. They format; every figure comes ready from the builder.

The JSON carries the exact figures (euros with cents, ratios and changes unrounded) and,
per row, the places the report shows them with (`decimals`, `change_decimals`).
"""

import json
from decimal import Decimal

from reports.region_tables import RegionTables


def _number(value: Decimal | None):
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def tables_as_dict(data: RegionTables) -> dict:
    return {
        "region": data.region_name,
        "year": data.year,
        "years": list(data.years),
        "final": data.is_final,
        "library_counts": list(data.library_counts),
        "tables": {
            table.key: {
                "title": table.title,
                "notes": list(table.notes),
                "rows": [
                    {
                        "code": row.code,
                        "label": row.label,
                        "values": [_number(value) for value in row.values],
                        "change_pct": [_number(change) for change in row.changes],
                        "change_unit": "points" if row.change_in_points else "percent",
                        # exact above; the report shows values and changes rounded to:
                        "decimals": row.decimals,
                        "change_decimals": row.change_decimals,
                        "missing_libraries": list(row.missing),
                    }
                    for row in table.rows
                ],
            }
            for table in data.tables
        },
    }


def render_json(data: RegionTables) -> str:
    return json.dumps(tables_as_dict(data), ensure_ascii=False, indent=2)
