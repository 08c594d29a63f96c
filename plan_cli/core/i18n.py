"""The language the tool speaks to people, and `_` for every sentence it says.

Chinese under a zh locale, English otherwise. The standard variables are read in gettext's
order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: the first that is set decides; LANGUAGE may
list several, the first counts), straight from the environment: nothing depends on
setlocale or on the locales a machine has installed. PLAN_LANG=zh or PLAN_LANG=en overrides
them.

Messages are looked up with the standard gettext functions in the domain `plan`, whose
catalogs ship compiled in plan_cli/locale (nothing is compiled at install or run time).
Click's own words (Usage:, Options, Show this message and exit. …) go through the same
functions, so one catalog translates them too. Machine formats never pass through here.

`speaking()` holds the chosen language for one run of `plan`: the gettext functions read
LANGUAGE, so it is set for the run and put back afterwards.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "plan"
LOCALEDIR = Path(__file__).resolve().parent.parent / "locale"
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

gettext.bindtextdomain(DOMAIN, str(LOCALEDIR))
gettext.textdomain(DOMAIN)  # Click's messages are looked up in this domain too


# The catalog of the run in progress, found once by speaking(); outside a run the standard
# functions look it up from the environment at each call.
_active: gettext.NullTranslations | None = None


def _(message: str) -> str:
    return (_active or gettext).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (_active or gettext).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose English word means different things in different places ('text')."""
    return (_active or gettext).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """A count whose words differ by where it stands (a sentence, a list of counts)."""
    return (_active or gettext).npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is declared; `_` translates it where shown."""
    return message


def chosen(env: Mapping[str, str] | None = None) -> str:
    """'zh' or 'en', by PLAN_LANG, else the first of gettext's variables that is set."""
    env = os.environ if env is None else env
    override = env.get("PLAN_LANG", "").strip().lower()
    if override in ("zh", "en"):
        return override
    for name in _VARIABLES:
        value = env.get(name, "")
        if value:
            first = value.split(":")[0].strip().lower()
            return "zh" if first.startswith("zh") else "en"
    return "en"


def language() -> str:
    """The language of the run in progress."""
    return "zh" if os.environ.get("LANGUAGE") == "zh" else "en"


@contextmanager
def speaking(env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Speak the chosen language until the block ends. 'C' makes gettext look no further:
    English is the language the messages are written in."""
    global _active
    lang = chosen(env)
    saved, saved_active = os.environ.get("LANGUAGE"), _active
    os.environ["LANGUAGE"] = "zh" if lang == "zh" else "C"
    _active = gettext.translation(DOMAIN, str(LOCALEDIR), languages=[lang], fallback=True)
    try:
        yield lang
    finally:
        _active = saved_active
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved
