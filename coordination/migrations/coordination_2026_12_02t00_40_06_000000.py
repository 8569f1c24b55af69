"""Hand-written: the unique indexes of maturity (one framework version per number, one assessment per campaign
and member, one answer per theme, one submission per number).

Piccolo's ``Unique`` constraint is added with ALTER TABLE … ADD CONSTRAINT, which SQLite does not have;
CREATE UNIQUE INDEX works on both.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T00:40:06:000000"
VERSION = "1.38.0"
DESCRIPTION = "Maturity: unique indexes"

INDEXES = [
    'CREATE UNIQUE INDEX IF NOT EXISTS maturity_framework_slug_version ON maturity_framework ("slug", "version")',
    'CREATE UNIQUE INDEX IF NOT EXISTS maturity_assessment_campaign_member ON maturity_assessment ("campaign", "member")',
    'CREATE UNIQUE INDEX IF NOT EXISTS maturity_answer_assessment_theme ON maturity_answer ("assessment", "theme")',
    'CREATE UNIQUE INDEX IF NOT EXISTS maturity_submission_assessment_number ON maturity_submission ("assessment", "number")',
]
DROPS = [
    "DROP INDEX IF EXISTS maturity_framework_slug_version",
    "DROP INDEX IF EXISTS maturity_assessment_campaign_member",
    "DROP INDEX IF EXISTS maturity_answer_assessment_theme",
    "DROP INDEX IF EXISTS maturity_submission_assessment_number",
]


async def _run(statements: list[str]) -> None:
    engine = engine_finder()
    assert engine is not None
    for statement in statements:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coordination", description=DESCRIPTION)

    async def create() -> None:
        await _run(INDEXES)

    async def drop() -> None:
        await _run(DROPS)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
