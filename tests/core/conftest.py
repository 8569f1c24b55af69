"""The API tests here check the domain's rules as the secretariat, who may do everything.

Who else may do what is proven by tests/accounts/test_permission_matrix.py.
"""

from __future__ import annotations

import httpx
import pytest


@pytest.fixture
def client(secretariat_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return secretariat_client
