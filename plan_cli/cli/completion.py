"""Shell completion, through Click's `_PLAN_COMPLETE` protocol.

`plan --install-completion` writes Click's script for the user's shell where shells look
for it. Scripts that earlier versions (built on Typer) installed ask with the older
instructions `complete_bash`, `complete_zsh` and `complete_fish`; those are still answered,
in the form those scripts read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from click.shell_completion import (
    ShellComplete,
    get_completion_class,
    shell_complete,
    split_arg_string,
)

from plan_cli.core.i18n import _

PROG = "plan"
COMPLETE_VAR = "_PLAN_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def complete(cli: click.Command, instruction: str) -> int:
    """Answer a completion request; the exit status for the shell's script."""
    if instruction.startswith("complete_"):
        return _legacy(cli, instruction.removeprefix("complete_"))
    return shell_complete(cli, {}, PROG, COMPLETE_VAR, instruction)


def _legacy(cli: click.Command, shell: str) -> int:
    """The answers Typer's completion scripts expect: bash reads COMP_WORDS/COMP_CWORD and
    wants one value a line; zsh and fish send _TYPER_COMPLETE_ARGS."""
    comp = ShellComplete(cli, {}, PROG, COMPLETE_VAR)
    if shell == "bash":
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        cword = int(os.environ.get("COMP_CWORD", "0") or 0)
        incomplete = words[cword] if cword < len(words) else ""
        items = comp.get_completions(words[1:cword], incomplete)
        click.echo("\n".join(i.value for i in items))
        return 0
    if shell not in ("zsh", "fish"):
        return 1
    typed = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(typed)[1:]
    incomplete = words.pop() if words and not typed.endswith(" ") else ""
    items = comp.get_completions(words, incomplete)
    if shell == "fish":
        action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return 0 if items else 1
        click.echo("\n".join(i.value for i in items))
        return 0
    if not items:
        click.echo("_files")
        return 0
    quoted = "\n".join('"' + re.sub(r"(['\"$`:])", r"\\\1", i.value) + '"' for i in items)
    click.echo(f"_arguments '*: :(({quoted}))'")
    return 0


def script(shell: str) -> str:
    """Click's completion script for a shell."""
    cls = get_completion_class(shell)
    return cls(click.Group(PROG), {}, PROG, COMPLETE_VAR).source()


def detect_shell() -> str:
    shell = os.path.basename(os.environ.get("SHELL", ""))
    if shell not in SHELLS:
        from plan_cli.core.errors import InvalidValue

        raise InvalidValue(
            _("cannot tell your shell from SHELL='{shell}'; give one of {shells}").format(
                shell=os.environ.get("SHELL", ""), shells=", ".join(SHELLS)
            )
        )
    return shell


# Where each shell looks, and the line its start-up file needs (the places Typer used, so
# that installing again replaces an earlier script).
_PLACES = {
    "bash": (".bash_completions/plan.sh", ".bashrc", "source ~/.bash_completions/plan.sh"),
    "zsh": (".zfunc/_plan", ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit"),
    "fish": (".config/fish/completions/plan.fish", None, None),
}


def install(shell: str) -> Path:
    """Write the script where the shell finds it; add one line to its start-up file if that
    line is not there yet. Returns the script's path."""
    home = Path.home()
    relative, rc, line = _PLACES[shell]
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script(shell), encoding="utf-8")
    if rc:
        rc_path = home / rc
        existing = rc_path.read_text(encoding="utf-8") if rc_path.exists() else ""
        if line not in existing:
            with rc_path.open("a", encoding="utf-8") as f:
                f.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
    return path
