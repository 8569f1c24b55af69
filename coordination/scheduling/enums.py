"""The closed vocabularies of job runs, with their translatable labels."""

from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class RunOutcome(StrEnum):
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    # The process running it stopped (killed, or shut down) before it finished; it is tried again.
    interrupted = "interrupted"
    # Its due time passed while no runner was running, longer ago than the job's grace period.
    missed = "missed"


class RunCause(StrEnum):
    schedule = "schedule"  # on time, by the runner's timer
    catch_up = "catch_up"  # late: the runner found it due when it started, took over, or woke
    manual = "manual"  # `coordination jobs run NAME`


RUN_OUTCOME_LABELS = {
    RunOutcome.running: N_("running"),
    RunOutcome.succeeded: N_("succeeded"),
    RunOutcome.failed: N_("failed"),
    RunOutcome.interrupted: N_("interrupted (the process running it stopped)"),
    RunOutcome.missed: N_("missed (no runner was running within its grace period)"),
}

RUN_CAUSE_LABELS = {
    RunCause.schedule: N_("on schedule"),
    RunCause.catch_up: N_("caught up"),
    RunCause.manual: N_("run by hand"),
}
