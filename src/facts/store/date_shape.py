"""The shape of a date typed on the command line: YYYY, YYYY-MM or YYYY-MM-DD (no heavy imports)."""

from __future__ import annotations

import re

# ASCII digits only, a bounded number of them: str.isdigit() takes "²", which int() refuses, and
# int() refuses more than 4,300 digits; either would end in a traceback.
DATE_SHAPE = re.compile(r"\d{4}(?:-\d{1,2}){0,2}", re.ASCII)
