"""The exit statuses of `plan`, one enum (httpie's status.py); main() is the only place that
chooses one."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    OK = 0  # a filter that matches nothing is a success with no rows
    NOT_FOUND = 1  # an unknown unit, measure or section; a search without a hit
    USAGE = 2  # an unknown option or format, a value that is not what the option takes
    DATA = 3  # the plan file is missing, unreadable, malformed or against the schema;
    #           `plan verify` found the plan and its source disagreeing
    OUTPUT = 4  # --output could not be written: missing folder, full disk, no permission
    BUG = 70  # an internal error; PLAN_DEBUG=1 prints the traceback
    INTERRUPTED = 130  # Ctrl-C


MEANINGS = {
    Status.OK: "success",
    Status.NOT_FOUND: "not found",
    Status.USAGE: "usage error",
    Status.DATA: "data error",
    Status.OUTPUT: "output could not be written",
    Status.BUG: "internal error",
    Status.INTERRUPTED: "interrupted",
}


def summary() -> str:
    """One line for `plan --help`: every status and what it means."""
    return "Exit statuses: " + ", ".join(f"{int(s)} {MEANINGS[s]}" for s in Status) + "."
