"""The route table: every domain's API controllers and page handlers, in one list each."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from coordination.accounts import pages as accounts_pages
from coordination.accounts import start_pages
from coordination.accounts.routes import InvitationController, TokenController, UserController
from coordination.activities import form_pages as activities_forms
from coordination.activities import pages as activities_pages
from coordination.activities.routes import ActivityController, PartnerController
from coordination.annual_report import pages as annual_report_pages
from coordination.annual_report.routes import AnnualReportController
from coordination.audit import pages as audit_pages
from coordination.audit.routes import AuditController
from coordination.bodies import form_pages as bodies_forms
from coordination.bodies import pages as bodies_pages
from coordination.bodies.routes import BodyController, LeadershipTermController, MembershipController
from coordination.events import form_pages as events_forms
from coordination.events import pages as events_pages
from coordination.events.routes import EventController
from coordination.feeds import private_pages as feeds_private_pages
from coordination.feeds.private_routes import PersonalFeedController, PersonalFeedTokenController
from coordination.feeds.routes import FeedController
from coordination.mail import pages as mail_pages
from coordination.maturity import pages as maturity_pages
from coordination.maturity.routes import MaturityController
from coordination.members import form_pages as members_forms
from coordination.members import pages as members_pages
from coordination.members.routes import MemberController, PersonController
from coordination.network import form_pages as network_forms
from coordination.network import pages as network_pages
from coordination.network.routes import NetworkController, PriorityController
from coordination.reporting import pages as reporting_pages
from coordination.reporting.routes import ReportingController, ReportingPeriodController, ReportingSlotController
from coordination.scheduling import pages as scheduling_pages
from coordination.spreadsheets import pages as spreadsheets_pages
from coordination.spreadsheets.routes import SpreadsheetController

API_HANDLERS: list[ControllerRouterHandler] = [
    UserController,
    TokenController,
    InvitationController,
    AuditController,
    NetworkController,
    PriorityController,
    MemberController,
    PersonController,
    BodyController,
    MembershipController,
    LeadershipTermController,
    PartnerController,
    ActivityController,
    EventController,
    PersonalFeedTokenController,
    ReportingPeriodController,
    ReportingSlotController,
    ReportingController,
    AnnualReportController,
    MaturityController,
    SpreadsheetController,
]

PAGE_HANDLERS: list[ControllerRouterHandler] = [
    accounts_pages.sign_in_form,
    accounts_pages.sign_in,
    accounts_pages.sign_out_form,
    accounts_pages.sign_out,
    accounts_pages.invitation_form,
    accounts_pages.accept_invitation,
    accounts_pages.password_reset_request_form,
    accounts_pages.password_reset_request,
    accounts_pages.password_reset_form,
    accounts_pages.password_reset,
    accounts_pages.account,
    start_pages.start,
    accounts_pages.account_language,
    accounts_pages.token_list,
    accounts_pages.token_create,
    accounts_pages.token_revoke,
    accounts_pages.user_list,
    accounts_pages.user_invite,
    accounts_pages.user_detail,
    accounts_pages.user_grant,
    accounts_pages.user_revoke,
    accounts_pages.user_disable,
    mail_pages.outbox_list,
    mail_pages.outbox_retry,
    audit_pages.audit_list,
    network_pages.home,
    network_pages.priority_detail,
    *(getattr(network_forms, name) for name in network_forms.__all__),
    bodies_pages.body_list,
    bodies_pages.body_detail,
    *(getattr(bodies_forms, name) for name in bodies_forms.__all__),
    members_pages.member_list,
    members_pages.member_detail,
    *(getattr(members_forms, name) for name in members_forms.__all__),
    activities_pages.activity_list,
    activities_pages.activity_detail,
    *(getattr(activities_forms, name) for name in activities_forms.__all__),
    events_pages.event_list,
    events_pages.event_detail,
    *(getattr(events_forms, name) for name in events_forms.__all__),
    feeds_private_pages.feed_list,
    feeds_private_pages.feed_create,
    feeds_private_pages.feed_revoke,
    feeds_private_pages.feed_revoke_all,
    reporting_pages.reporting_home,
    reporting_pages.period_new,
    reporting_pages.period_create,
    reporting_pages.period_detail,
    reporting_pages.period_update,
    reporting_pages.period_add_slot,
    reporting_pages.report_page,
    reporting_pages.report_save,
    reporting_pages.report_transition,
    reporting_pages.slot_settings,
    reporting_pages.slot_chase,
    reporting_pages.attachment_add,
    reporting_pages.attachment_remove,
    reporting_pages.attachment_download,
    reporting_pages.versions_page,
    reporting_pages.review_page,
    reporting_pages.completeness_page,
    reporting_pages.completeness_export,
    reporting_pages.report_script,
    scheduling_pages.job_list,
    annual_report_pages.report_index,
    annual_report_pages.report_start,
    annual_report_pages.report_year,
    annual_report_pages.report_edit_form,
    annual_report_pages.report_edit,
    annual_report_pages.report_preview,
    annual_report_pages.report_freeze,
    annual_report_pages.report_download,
    maturity_pages.maturity_home,
    maturity_pages.framework_list,
    maturity_pages.framework_create,
    maturity_pages.campaign_new,
    maturity_pages.campaign_create,
    maturity_pages.campaign_detail,
    maturity_pages.campaign_publish,
    maturity_pages.campaign_export,
    maturity_pages.assessment_page,
    maturity_pages.question_page,
    maturity_pages.question_save,
    maturity_pages.assessment_submit,
    maturity_pages.assessment_share,
    maturity_pages.assessment_reopen,
    maturity_pages.member_history,
    spreadsheets_pages.export_download,
    spreadsheets_pages.import_home,
    spreadsheets_pages.import_form,
    spreadsheets_pages.import_preview,
    spreadsheets_pages.import_apply,
]

# The calendar feeds, under /calendars/ (iCalendar, not JSON).
FEED_HANDLERS: list[ControllerRouterHandler] = [FeedController, PersonalFeedController]
