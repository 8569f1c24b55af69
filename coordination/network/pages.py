"""The home page, and ``page()``: how every domain's pages render with the network around them."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from coordination.core.pages import render
from coordination.network import services


async def page(request: Request[Any, Any, Any], template_name: str, **context: Any) -> Template:
    """Render a page inside the base layout, which shows the network's name."""
    return render(request, template_name, network=await services.get_network(), **context)
