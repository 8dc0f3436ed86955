"""The tables of the Monev register pages as rows for a CSV or JSON download (`?unduh=csv|json`): built
from the objects the page's selector returned, under the API's names where an API operation shows the same
table, so a download, the page and the API never disagree. Rates are the API's 2-decimal numbers. Each
package has its rows in its `downloads.py`; what they share is here."""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]
