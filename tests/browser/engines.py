"""Which database engines a browser test runs on.

What a browser sees — markup, forms, scripts, the layout on a phone — does not depend on the engine behind the
server, and every service a page calls is tested on SQLite and on PostgreSQL in its own domain's tests. A
browser test costs a server process and a browser, so most run on SQLite only (``ON_SQLITE``); those whose point
depends on the engine run on both: instants stored and read back in UTC (an event in Paris time), two people
editing the same row (the 409), and two workers sharing the job lease.
"""

from __future__ import annotations

import pytest

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
