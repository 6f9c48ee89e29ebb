"""`new --translate SLUG --lang CODE`: start a translation file beside its original.

The file is a draft (draft: true), so readers keep seeing the original, marked
untranslated, until the translator removes that line. Its words are still to be
written: the title, summary and update notes are placeholders with the
original's words in a comment above each, and the body is the original's under
a prompt, so the scaffolding check (scaffold.py) refuses to publish any of it
unchanged. translated_from records the version of the original's words it starts
from; `check` warns when the original moves on.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .config import SiteConfig
from .content import Event, Page
from .errors import Problem, display_path
from .hints import did_you_mean
from .loader import load_content
from .newevent import write_new_event, write_refusal, yaml_string
from .scaffold import PLACEHOLDER, TRANSLATE_PROMPT
from .translations import front_and_body, parse_translation


def translation_path(original: Event | Page, lang: str) -> Path:
    """<the original's folder>/<slug>.<code>.md: beside its original, named for its slug."""
    return Path(original.path).parent / f"{original.slug}.{lang}.md"


def translation_text(original: Event | Page, source: str, lang: str, reference: str | None = None) -> str:
    """The draft translation of an original whose file text is source; reference, an HTML comment the
    build drops (an article in lang, from `import --translate`), goes above the prompt."""
    front_text, body = front_and_body(source, original.path)
    front = yaml.safe_load(front_text) or {}
    is_page = isinstance(original, Page)
    lines = ["---", f"# A translation into {lang} of {Path(original.path).name}: replace every ... with the words in {lang}",
             "# (the original's are in the comment above each), translate the text below the front matter, and",
             "# remove draft: true when it is done. Keep translated_from: it is the version of the original translated."]
    for key in ("title", "description" if is_page else "summary"):
        if front.get(key):
            lines += [f"# {key}: {yaml_string(str(front[key]))}", f"{key}: {yaml_string(PLACEHOLDER)}"]
    notes = [] if is_page else front.get("updates") or []
    if notes:
        lines.append("updates:")
        for note in notes:
            lines += [f"  # {yaml_string(str(note.get('note', '')))}",
                      f"  - date: {note.get('date')}", f"    note: {yaml_string(PLACEHOLDER)}"]
    lines += [f"translated_from: {yaml_string(original.version)}", "draft: true", "---", ""]
    if reference:
        lines += [reference, ""]
    lines += [TRANSLATE_PROMPT, "", body.strip(), ""]
    return "\n".join(lines)


def create_translation(content_dir: Path, config: SiteConfig, slug: str, lang: str, reference: str | None = None,
                       write: bool = True) -> tuple[Path | None, str | None, list[Problem]]:
    """Write a draft translation of the event or page slug into lang, unless one is there; return its path
    and text (with write False: the path it would have and the text, checked the same way, nothing written)."""
    others = config.editions[1:]
    if lang not in others:
        hint = f"add it to site.yaml, e.g. languages: [{', '.join((*config.editions, lang))}]"
        if lang == config.language:
            hint = "the originals are in it; translate into another language"
        return None, None, [Problem("--lang", None, f'"{lang}" is not one of the site\'s other languages'
                              f' ({", ".join(others) or "site.yaml lists none"})', hint)]
    tree = load_content(content_dir)
    originals = {item.slug: item for item in [*tree.events, *tree.pages]}
    original = originals.get(slug)
    if original is None:
        return None, None, [Problem("--translate", None, f'no event or page with slug "{slug}"', did_you_mean(slug, list(originals)))]
    path = translation_path(original, lang)
    source = Path(original.path).read_text(encoding="utf-8-sig")
    text = translation_text(original, source, lang, reference)
    found = [p for p in parse_translation(text, display_path(path), "page" if isinstance(original, Page) else "event")[1]
             if not p.warning]
    if found:  # the original's words could not be carried over as YAML: say so rather than write a broken file
        return None, None, found
    # A dry run refuses where the real one would, with the same words.
    problem = write_new_event(path, text) if write else write_refusal(path)
    return (None, None, [problem]) if problem else (path, text, [])
