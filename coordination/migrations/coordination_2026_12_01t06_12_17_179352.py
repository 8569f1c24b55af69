from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T06:12:17:179352"
VERSION = "1.38.0"
DESCRIPTION = "sign-in counters replace sign-in failures"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="coordination", description=DESCRIPTION
    )

    manager.add_table(
        class_name="SignInCounter",
        tablename="account_sign_in_counter",
        schema=None,
        columns=None,
    )

    manager.drop_table(
        class_name="SignInFailure",
        tablename="account_sign_in_failure",
        schema=None,
    )

    manager.add_column(
        table_class_name="SignInCounter",
        tablename="account_sign_in_counter",
        column_name="key",
        db_column_name="key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 320,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SignInCounter",
        tablename="account_sign_in_counter",
        column_name="attempts",
        db_column_name="attempts",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SignInCounter",
        tablename="account_sign_in_counter",
        column_name="window_started",
        db_column_name="window_started",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
