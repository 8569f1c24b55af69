"""What the pages need from the feeds: the subscribe links of a feed, as each calendar app wants them."""

from __future__ import annotations

from typing import Any

from litestar import Request

from coordination.feeds import selection
from coordination.feeds.links import SubscribeLinks, subscribe_links
from coordination.feeds.schemas import FeedScope
from coordination.network import services as network


async def subscribe_links_for(
    request: Request[Any, Any, Any], scope: FeedScope, *, title: str | None = None
) -> SubscribeLinks:
    """The subscribe buttons of the public feed ``scope``; ``title`` names it (the network's name is added)."""
    base_url: str = request.app.state.settings.base_url
    network_name = (await network.get_network()).name
    name = f"{title} ({network_name})" if title else network_name
    return subscribe_links(selection.feed_url(scope, base_url=base_url), name)
