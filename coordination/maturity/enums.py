"""The closed vocabularies of maturity self-assessments, with their translatable labels."""

from __future__ import annotations

from enum import StrEnum

from coordination.core.i18n import N_


class AssessmentState(StrEnum):
    not_started = "not_started"
    draft = "draft"
    submitted = "submitted"


ASSESSMENT_STATE_LABELS = {
    AssessmentState.not_started: N_("Not started"),
    AssessmentState.draft: N_("Draft"),
    AssessmentState.submitted: N_("Submitted"),
}


class AssessmentAction(StrEnum):
    save = "save"
    submit = "submit"
    reopen = "reopen"  # the secretariat sends a submitted assessment back to draft, with a reason
    share = "share"
    unshare = "unshare"
