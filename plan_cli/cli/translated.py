"""Click's command and group, with their help translated when it is shown, and laid out by
display width.

Help texts and metavars are written once, in English, as `N_()` messages where a command
or option is declared (at import); they are translated into the language of the run when
--help prints them, which may differ from one run to the next in one process (the tests).
Click's own words (Usage:, Options, …) are translated by Click itself through gettext.

Click wraps help by counting characters, so Chinese lines came out twice too wide; the
formatter here wraps by display width (views/text.py), never splitting a number from its
unit or an option from its line.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager

import click

from plan_cli.core.i18n import N_, _
from plan_cli.views.text import width, wrap

# Click's metavars for the options and the subcommand, which Click does not translate.
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")


def _join(lines: list[str]) -> str:
    """The lines of a paragraph as one: a space between Latin words, none between Chinese."""
    out = ""
    for line in (x.strip() for x in lines):
        if out and line and (out[-1].isascii() or line[0].isascii()):
            out += " "
        out += line
    return out


class Formatter(click.HelpFormatter):
    """Click's help layout, measured in display width."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        room = max(self.width - self.current_indent, 20)
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        for i, para in enumerate(paragraphs):
            if i:
                self.write("\n")
            if para.startswith("\b"):  # Click's mark: keep these lines as they are
                for line in para[1:].lstrip("\n").splitlines():
                    self.write(f"{indent}{line}\n")
            else:
                for line in wrap(_join(para.splitlines()), room):
                    self.write(f"{indent}{line}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(first) for first, _second in rows), default=0), col_max)
        first_col += col_spacing
        room = max(self.width - first_col - self.current_indent, 10)
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(_join(second.splitlines()), room)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class Context(click.Context):
    formatter_class = Formatter


def _short(help_text: str, limit: int) -> str:
    """The first sentence of a help text, cut to `limit` display columns."""
    first = help_text.split("\n\n")[0]
    for end in ("。", ". "):
        if end in first:
            first = first.split(end)[0] + end.strip()
            break
    if width(first) <= limit:
        return first
    cut = ""
    for ch in first:
        if width(cut + ch) > limit - 1:
            break
        cut += ch
    return cut.rstrip() + "…"


class _Translated:
    """What Command and Group share: the help, the metavars and the options' help, all in the
    run's language while help is written, then put back."""

    def __init__(self, *args, **kwargs):
        self.help_msgid = kwargs.get("help")  # before Click tidies it
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    @contextmanager
    def _translated(self, ctx):
        saved = []

        def swap(obj, attr, value):
            saved.append((obj, attr, getattr(obj, attr)))
            setattr(obj, attr, value)

        if self.help_msgid:
            swap(self, "help", inspect.cleandoc(_(self.help_msgid)))
        swap(self, "options_metavar", _(self.options_metavar))
        if getattr(self, "subcommand_metavar", None):
            swap(self, "subcommand_metavar", _(self.subcommand_metavar))
        for p in self.get_params(ctx):
            if p.name == "help":  # Click made it once, in the language of that run
                swap(p, "help", _("Show this message and exit."))
            elif getattr(p, "help", None):
                swap(p, "help", _(p.help))
            if p.metavar:
                swap(p, "metavar", _(p.metavar))
        try:
            yield
        finally:
            for obj, attr, value in reversed(saved):
                setattr(obj, attr, value)

    def get_help(self, ctx) -> str:
        with self._translated(ctx):
            return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        if not self.help_msgid:
            return super().get_short_help_str(limit)
        return _short(inspect.cleandoc(_(self.help_msgid)), limit)


class Command(_Translated, click.Command):
    context_class = Context


class Group(_Translated, click.Group):
    command_class = Command
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def format_epilog(self, ctx, formatter) -> None:
        from plan_cli.cli.status import summary

        shown, self.epilog = self.epilog, summary()  # the exit statuses, in the run's words
        try:
            super().format_epilog(ctx, formatter)
        finally:
            self.epilog = shown
