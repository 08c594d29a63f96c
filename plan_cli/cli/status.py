"""The exit statuses of `plan`, one enum (httpie's status.py); main() is the only place that
chooses one."""

from __future__ import annotations

from enum import IntEnum

from plan_cli.core.i18n import N_, _


class Status(IntEnum):
    OK = 0  # a filter that matches nothing is a success with no rows
    NOT_FOUND = 1  # an unknown unit, measure or section; a search without a hit
    USAGE = 2  # an unknown option or format, a value that is not what the option takes
    DATA = 3  # the plan file is missing, unreadable, malformed or against the schema;
    #           `plan verify` found the plan and its source disagreeing; the library
    #           refused a change (an id already there, the shipped plan)
    OUTPUT = 4  # --output could not be written: missing folder, full disk, no permission
    BUG = 70  # an internal error; PLAN_DEBUG=1 prints the traceback
    INTERRUPTED = 130  # Ctrl-C


MEANINGS = {
    Status.OK: N_("success"),
    Status.NOT_FOUND: N_("not found"),
    Status.USAGE: N_("usage error"),
    Status.DATA: N_("data error"),
    Status.OUTPUT: N_("output could not be written"),
    Status.BUG: N_("internal error"),
    Status.INTERRUPTED: N_("interrupted"),
}


def summary() -> str:
    """One line for `plan --help`: every status and what it means, in the run's words."""
    return _("Exit statuses: {statuses}.").format(
        statuses=_(", ").join(f"{int(s)} {_(MEANINGS[s])}" for s in Status)
    )
