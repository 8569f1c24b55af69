"""The single Piccolo app that owns every table and the migrations folder.

Tables live in their domain folders; one app keeps migrations in one ordered
history, so a foreign key from one domain to another never waits on another
app's migration.
"""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from coordination.accounts.tables import (
    ApiToken,
    Invitation,
    InvitationAssignment,
    PasswordReset,
    RoleAssignment,
    SignInCounter,
    User,
    UserSession,
)
from coordination.activities.tables import (
    Activity,
    ActivityParticipant,
    ActivityPartner,
    Deliverable,
    PartnerOrganisation,
)
from coordination.annual_report.tables import AnnualReportDraft, AnnualReportEdition, AnnualReportSummary
from coordination.audit.tables import AuditRecord
from coordination.bodies.tables import Body, BodyHistoryEntry, BodyMembership, LeadershipTerm
from coordination.core.tables import ChangeCounter
from coordination.events.tables import Event, EventSession, EventTombstone
from coordination.feeds.tables import PersonalFeed
from coordination.mail.tables import OutboxMessage
from coordination.maturity.tables import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityCampaign,
    MaturityFramework,
    MaturitySubmission,
)
from coordination.members.tables import Member, Person
from coordination.network.tables import NetworkSettings, StrategicPriority
from coordination.reporting.tables import (
    ReportAttachment,
    ReportEntry,
    ReportHighlight,
    ReportingPeriod,
    ReportingReminder,
    ReportingSlot,
    ReportTransition,
    ReportVersion,
)
from coordination.scheduling.tables import JobLease, JobRun

TABLES = [
    NetworkSettings,
    StrategicPriority,
    Member,
    Person,
    Body,
    BodyHistoryEntry,
    BodyMembership,
    LeadershipTerm,
    PartnerOrganisation,
    Activity,
    Deliverable,
    ActivityPartner,
    ActivityParticipant,
    Event,
    EventSession,
    EventTombstone,
    ChangeCounter,
    User,
    RoleAssignment,
    UserSession,
    ApiToken,
    Invitation,
    InvitationAssignment,
    PasswordReset,
    SignInCounter,
    AuditRecord,
    PersonalFeed,
    OutboxMessage,
    ReportingPeriod,
    ReportingSlot,
    ReportVersion,
    ReportEntry,
    ReportHighlight,
    ReportTransition,
    ReportAttachment,
    ReportingReminder,
    JobLease,
    JobRun,
    AnnualReportDraft,
    AnnualReportSummary,
    AnnualReportEdition,
    MaturityFramework,
    MaturityCampaign,
    MaturityAssessment,
    MaturityAnswer,
    MaturitySubmission,
]

APP_CONFIG = AppConfig(
    app_name="coordination",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
