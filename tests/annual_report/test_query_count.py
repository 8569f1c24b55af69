"""The report is read in a number of queries that does not grow with the network."""

from __future__ import annotations

from litestar import Litestar

from coordination.annual_report import model as m
from coordination.annual_report import services
from coordination.annual_report.sources import StaticSource
from coordination.network import services as network
from tests.annual_report.conftest import counting_queries
from tests.factories.annual_report import synthetic_network


async def _report(source: StaticSource) -> tuple[m.ReportModel, int]:
    with counting_queries() as log:
        report = await services.draft_model(year=2020, language="fr", source=source)
    return report, len(log)


def _activities(report: m.ReportModel) -> int:
    return sum(len(group.activities) for chapter in report.bodies for group in chapter.priorities)


async def test_three_and_thirty_bodies_take_the_same_number_of_queries(db: Litestar) -> None:
    await network.get_network()  # the network's settings row is made on first read: not the report's doing
    await services.start_draft(year=2020)
    first = await synthetic_network(3, prefix="first")
    small, small_queries = await _report(first.source)
    # Ten times the network: 27 more bodies, with their members, activities, events and approved reports.
    more = await synthetic_network(27, prefix="more")
    source = StaticSource(
        narratives=first.source.narratives + more.source.narratives,
        highlight_list=first.source.highlight_list + more.source.highlight_list,
        figures=more.source.figures,
    )
    large, large_queries = await _report(source)

    assert (len(small.bodies), _activities(small), len(small.events)) == (3, 12, 9)
    assert (len(large.bodies), _activities(large), len(large.events)) == (30, 120, 90)
    assert large.overview.members_taking_part == 150
    assert large_queries == small_queries
    assert small_queries <= 40
