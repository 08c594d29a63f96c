"""The Chinese catalog: complete, faithful to its placeholders, and compiled as it reads.

The catalog (plan_cli/locale/zh/LC_MESSAGES/plan.po, compiled to plan.mo beside it) holds
every sentence the tool says and Click's own words. These tests extract the marked
messages from the code as it is now, so a new `_()` without a translation fails here, not
in front of a user.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import plan_cli

PACKAGE = Path(plan_cli.__file__).parent
PO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "plan.po"
MO = PO.with_suffix(".mo")

# Click's words that `plan` can print (help, usage errors); each needs its translation.
CLICK_WORDS = [
    "Usage:",
    "Options",
    "Commands",
    "Show this message and exit.",
    "Error: {message}",
    "Try '{command} {option}' for help.",
    "No such option {name!r}.",
    "Missing argument",
    "No such command {name!r}.",
    "Missing parameter: {param_name}",
    "env var: {var}",
    "Got unexpected extra argument ({args})",
    "Option {name!r} requires an argument.",
]
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]+\)[sd]")


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as f:
        return read_po(f)


def _key(message) -> tuple[str, str | None]:
    """A catalog entry's identity: its msgid (the singular for a plural) and its context."""
    return (message.id[0] if isinstance(message.id, tuple) else message.id), message.context


def _ours() -> set[tuple[str, str | None]]:
    """Every message marked in plan_cli's code, with its context."""
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(str(PACKAGE)):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


def test_every_message_of_the_code_has_a_chinese_translation(catalog):
    ours = _ours()
    assert len(ours) > 150
    by_id = {_key(m): m for m in catalog if m.id}
    missing = sorted(m for m in ours if m not in by_id)
    assert missing == [], f"not in the catalog (run make messages): {missing}"
    untranslated = sorted(
        m
        for m in ours
        if not any(by_id[m].string if isinstance(by_id[m].string, tuple) else [by_id[m].string])
        or by_id[m].fuzzy
    )
    assert untranslated == [], f"no translation: {untranslated}"


@pytest.mark.parametrize("word", CLICK_WORDS)
def test_clicks_own_words_are_translated(catalog, word):
    m = next((x for x in catalog if _key(x) == (word, None)), None)
    assert m is not None, f"{word!r} is not in the catalog (run make messages)"
    string = m.string[0] if isinstance(m.string, tuple) else m.string
    assert string and not m.fuzzy


def test_no_translation_loses_or_invents_a_placeholder(catalog):
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))  # Chinese has one form: the plural's
        for s in strings:
            if s:
                assert set(PLACEHOLDER.findall(s)) == wanted, (ids, s)


def test_no_translation_drops_the_examples_layout(catalog):
    for m in catalog:
        if isinstance(m.id, str) and "\b\nExample" in m.id:
            assert "\b\n" in m.string, m.id[:40]
            for line in m.id.split("\n"):
                if line.startswith("  plan "):
                    assert line in m.string.split("\n"), (m.id[:40], line)


def test_the_compiled_catalog_says_what_the_po_says(catalog):
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog  # msgid (or (msgid, i)) -> msgstr
    expected = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        key = f"{m.context}\x04" if m.context else ""  # how gettext stores a context
        if isinstance(m.id, tuple):
            for i, s in enumerate(m.string):
                if s:
                    expected[(key + m.id[0], i)] = s
        elif m.string:
            expected[key + m.id] = m.string
    compiled.pop("", None)  # the header
    assert compiled == expected
