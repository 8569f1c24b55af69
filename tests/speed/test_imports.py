"""What a worker loads to serve pages and feeds: not the chart library, which only a few requests need."""

from __future__ import annotations

import subprocess
import sys


def test_a_worker_starts_without_matplotlib_which_alone_holds_about_50_mb() -> None:
    code = (
        "import sys\n"
        "from coordination.app import create_app\n"
        "from coordination.annual_report import charts\n"
        "from coordination.maturity import charts as maturity_charts\n"
        "print('matplotlib' in sys.modules)\n"
    )
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert answer.stdout.strip() == "False"
