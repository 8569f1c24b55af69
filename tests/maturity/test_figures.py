"""The network's figures of a campaign, checked against values computed by hand (see conftest.py)."""

from __future__ import annotations

from coordination.maturity import services as maturity
from tests.maturity.conftest import World, answer


async def test_the_distribution_median_mean_and_weakest_theme_are_those_computed_by_hand(world: World) -> None:
    figures = await maturity.campaign_figures(slug=world.campaign, language="fr", with_progress=True)
    assert figures.participants == 4  # Geneva's draft does not count
    assert figures.members_invited == 5
    assert figures.comparable
    by_code = {theme.theme: theme for theme in figures.themes}
    # users: 2, 3, 4, 3 on a 4-level scale
    assert by_code["users"].title == "Relation avec l’usager"
    assert by_code["users"].distribution == [0, 1, 2, 1]
    assert (by_code["users"].median, by_code["users"].mean) == (3.0, 3.0)
    # data: 1, 1, 2, 3 → the median of an even count is the mean of the two middle levels
    assert by_code["data"].distribution == [2, 1, 1, 0]
    assert (by_code["data"].median, by_code["data"].mean) == (1.5, 1.75)
    # participation: 3, 2, 2, 1 on a 3-level scale
    assert by_code["participation"].distribution == [1, 2, 1]
    assert (by_code["participation"].median, by_code["participation"].mean) == (2.0, 2.0)
    assert figures.weakest == ["data"]


async def test_progress_compares_each_member_with_its_previous_campaign(world: World) -> None:
    figures = await maturity.campaign_figures(slug=world.campaign, language="en", with_progress=True)
    progress = [(item.member, item.previous_campaign, item.changes, item.mean_change) for item in figures.progress]
    assert progress == [
        ("antony", "maturity-2019", {"users": 1, "data": 0, "participation": 2}, 1.0),
        ("la-rochelle", "maturity-2019", {"users": 0, "data": 1, "participation": -1}, 0.0),
    ]
    # Without asking for it (anyone but the secretariat), nobody is named.
    assert (await maturity.campaign_figures(slug=world.campaign, language="en")).progress == []


async def test_a_resubmission_replaces_the_members_earlier_levels_in_the_figures(world: World) -> None:
    current = await maturity.get_assessment(campaign=world.campaign, member="antony")
    await maturity.reopen(campaign=world.campaign, member="antony", revision=current.revision, reason="typo")
    # Sent back: its last submission still counts until it is submitted again.
    assert (await maturity.campaign_figures(slug=world.campaign, language="en")).participants == 4
    await answer(world.campaign, "antony", [4, 4, 3])
    figures = await maturity.campaign_figures(slug=world.campaign, language="en")
    users = next(theme for theme in figures.themes if theme.theme == "users")
    assert users.distribution == [0, 0, 2, 2]  # 4, 3, 4, 3
    assert figures.participants == 4


async def test_a_members_history_shows_the_network_median_only_where_three_or_more_submitted(world: World) -> None:
    history = await maturity.member_history(member="antony", language="en")
    assert [point.campaign for point in history.points] == ["maturity-2019", "maturity-2020"]
    assert history.points[0].levels == {"users": 1, "data": 1, "participation": 1}
    assert history.points[0].network_median == {}  # two members in 2019: no median, no city told apart
    assert history.points[1].network_median == {"users": 3.0, "data": 1.5, "participation": 2.0}
    assert [title for _, title in history.themes] == [
        "Relationship with users",
        "Data management",
        "Citizen participation",
    ]
