from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class EventKind(StrEnum):
    congress_session = "congress_session"
    panel = "panel"
    webinar = "webinar"
    round_table = "round_table"
    workshop = "workshop"
    learning_meeting = "learning_meeting"
    forum = "forum"


EVENT_KIND_LABELS = {
    EventKind.congress_session: N_("Congress session"),
    EventKind.panel: N_("Panel"),
    EventKind.webinar: N_("Webinar"),
    EventKind.round_table: N_("Round table"),
    EventKind.workshop: N_("Workshop"),
    EventKind.learning_meeting: N_("Learning meeting"),
    EventKind.forum: N_("Forum"),
}


class EventTiming(StrEnum):
    """What is known of when an event happens."""

    timed = "timed"  # start and end times in an IANA timezone
    all_day = "all_day"  # whole days
    to_be_confirmed = "to_be_confirmed"  # only a month or a year is known


class EventStatus(StrEnum):
    tentative = "tentative"
    confirmed = "confirmed"
    cancelled = "cancelled"


EVENT_STATUS_LABELS = {
    EventStatus.tentative: N_("Tentative"),
    EventStatus.confirmed: N_("Confirmed"),
    EventStatus.cancelled: N_("Cancelled"),
}


class Visibility(StrEnum):
    public = "public"
    members = "members"


VISIBILITY_LABELS = {
    Visibility.public: N_("Public"),
    Visibility.members: N_("Members only"),
}
