"""The Jinja2 environment and filters: PageSpec -> bytes, template errors -> located problems."""
from __future__ import annotations

import hashlib
import os
import re
import traceback
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import urls
from .config import SiteConfig
from .dates import PartialDate
from .errors import BuildFailed, Problem, display_path, plural
from .files import FileRefused, read_file, walk_tree
from .fragments import FragmentCache, MemoryBytecodeCache
from .pages import PageSpec
from .schema import FORBIDDEN_CHARACTERS
from .templateerrors import ExplainedUndefined, MissingName, explain_missing, explain_syntax
from .templatewords import LanguageEnvironment, date_filters, word_globals
from .words import Catalogues, MissingWords, UnknownLanguage, shipped


TEMPLATE_LIMIT = 2_000_000


class TemplateFiles(jinja2.FileSystemLoader):
    """Templates read like every other input: regular files of at most 2 MB, inside the folder."""

    def get_source(self, environment: jinja2.Environment, template: str):
        path = os.path.join(self.searchpath[0], *jinja2.loaders.split_template_path(template))
        folder, real = os.path.realpath(self.searchpath[0]), os.path.realpath(path)
        if not real.startswith(folder + os.sep):  # a link, or a linked folder on the way, leads out of templates/
            raise jinja2.TemplateError(f"{template} is a symbolic link to {real}, outside the templates folder")
        try:
            source = read_file(path, TEMPLATE_LIMIT, inside=(self.searchpath[0],)).decode("utf-8")
        except FileNotFoundError:
            raise jinja2.TemplateNotFound(template) from None
        except FileRefused as refused:
            raise jinja2.TemplateError(f"{template} {refused.message}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise jinja2.TemplateError(f"{template} cannot be read: {error}") from None
        bad = FORBIDDEN_CHARACTERS.search(source)
        if bad:  # it would reach every page, feeds included, where XML cannot hold it
            line = source.count("\n", 0, bad.start()) + 1
            raise jinja2.TemplateError(f"{template} line {line} contains the control character U+{ord(bad.group()):04X}")
        modified = _modified(path)  # None if it went since it was read: then it is never up to date
        return source, path, lambda: modified is not None and _modified(path) == modified

    def list_templates(self) -> list[str]:
        # Jinja's own walk (os.walk) recurses: a deep enough folder raises RecursionError.
        return sorted(relative for relative, entry in walk_tree(self.searchpath[0]) if not entry.is_dir())


def _modified(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class Renderer:
    """Render page specs with the site's templates; every URL honours the base path.

    assets maps a static file's name to its published path; inlinable holds the bytes of the CSS
    and JS files that templates may put inside a page. fragments and bytecode are the caller's
    memos (memo.py); without them, this renderer keeps its own.
    """

    def __init__(self, templates_dir: Path, config: SiteConfig, assets: dict[str, str],
                 inlinable: dict[str, bytes] | None = None, extra: dict | None = None,
                 fragments: FragmentCache | None = None, bytecode: MemoryBytecodeCache | None = None,
                 words: Catalogues | None = None, extras: dict[str, dict] | None = None):
        self.templates_dir = templates_dir
        base_path = config.base_path
        self.fragments = fragments if fragments is not None else FragmentCache()
        self.words = words if words is not None else Catalogues({config.language: shipped(config.language)},
                                                                config.language)
        self._bytecode = bytecode
        self._loader = TemplateFiles(str(templates_dir))
        self._config = config
        catalogues = self.words  # not self: a global's closure is part of every page's key (keys.py)
        self._globals = dict(
            site=config,
            url_in=lambda code, path="": urls.link(base_path, urls.in_language(code, config.language, path)),
            abs_url_in=lambda code, path="": urls.absolute(config.base_url, urls.in_language(code, config.language, path)),
            autonym=lambda code: catalogues.words(code).text("language.autonym"),
            asset=lambda name: urls.link(base_path, assets[name]),
            inline_asset=lambda name: _inline_asset(name, (inlinable or {})[name]),
            paths=urls)
        self._extra = extra or {}
        self._extras = extras or {}  # language -> globals its pages alone see (their menu, actors and topics)
        self.environments: dict[str, jinja2.Environment] = {}   # by language, made when first asked for
        self.env = self.environment(self.words.default)

    def environment(self, language: str) -> jinja2.Environment:
        """The Jinja environment pages in this language are rendered in (templatewords.py)."""
        env = self.environments.get(language)
        if env is None:
            words = self.words.words(language)
            bytecode = self._bytecode.salted(words.__fingerprint__()) if self._bytecode is not None else None
            env = LanguageEnvironment(
                words, loader=self._loader,
                autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
                undefined=ExplainedUndefined, trim_blocks=True, lstrip_blocks=True,
                keep_trailing_newline=True, bytecode_cache=bytecode)
            env.globals.update(self._globals, **self._links(language),
                               **word_globals(words, self.words, self.fragments), **self._extra,
                               **self._extras.get(language, {}))
            env.globals["site"] = self._config.in_language(language)  # its title and the like in that language  # its title and the like in that language
            env.filters.update(jsonld=_jsonld, iso=_iso, updated=_updated, plural=plural, **date_filters(words))
            self.environments[language] = env
        return env

    def _links(self, language: str) -> dict:
        """url() and abs_url() for pages in language: a page of another language than the default lies
        under its folder; its page_url and every link it makes are spelt without it, and these add it once."""
        config = self._config
        default, base_path = config.language, config.base_path
        return dict(url=lambda path="": urls.link(base_path, urls.in_language(language, default, path)),
                    abs_url=lambda path="": urls.absolute(config.base_url, urls.in_language(language, default, path)))

    def key_globals(self) -> dict:
        """What every page's key must cover of the globals: those of each language the site is made in."""
        languages = [code for code in self._config.editions if code in self.words]
        if languages == [self.words.default]:
            return dict(self.env.globals)
        return {f"{code}:{name}": value for code in languages for name, value in self.environment(code).globals.items()}

    def begin(self, global_key: str) -> None:
        """Start rendering a build whose templates and globals are summed up by global_key."""
        self.fragments.begin(global_key, self.environments)

    def check_templates(self) -> list[Problem]:
        """Compile every template so syntax errors are all reported before rendering."""
        problems = []
        for name in sorted(self.env.list_templates()):
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as error:
                problems.append(self._syntax_problem(error, name))
            except jinja2.TemplateError as error:
                problems.append(Problem(self._shown(name), None, f"template: {error}"))
        return problems

    def render(self, spec: PageSpec) -> bytes:
        """Render one page in its language (`lang` in its context, else the default); raise BuildFailed
        with the template's name and line on error."""
        language = spec.context.get("lang") or self.words.default
        folder = urls.in_language(language, self._config.language, "")
        path = spec.path[len(folder):] if folder and spec.path.startswith(folder) else spec.path
        given = {"page_path": path, "page_url": urls.url_of(path), "lang": language, **spec.context}
        try:
            env = self.environment(language)
            text = env.get_template(spec.template).render(given)
        except jinja2.TemplateSyntaxError as error:
            raise BuildFailed([self._syntax_problem(error, spec.template)]) from None
        except MissingName as error:
            name, line, source_line = self._template_frame(error, spec.template)
            message, hint = explain_missing(error, source_line, {**self.environment(language).globals, **given})
            raise BuildFailed([Problem(name, line, f"template: {message}", f"{hint}; while rendering {spec.path}")]) from None
        except (MissingWords, UnknownLanguage) as error:
            name, line, _ = self._template_frame(error, spec.template)
            raise BuildFailed([Problem(name, line, f"template: {error}", f"{error.hint}; while rendering {spec.path}")]) from None
        except Exception as error:  # a filter or a test failing in a template
            name, line, _ = self._template_frame(error, spec.template)
            raise BuildFailed([Problem(name, line, f"template: {type(error).__name__}: {error}",
                                       f"while rendering {spec.path}")]) from None
        return text.encode("utf-8")

    def _template_frame(self, error: Exception, fallback: str) -> tuple[str, int | None, str | None]:
        """The template file, line and source line the error was raised at (Jinja rewrites its frames so)."""
        root = str(self.templates_dir.resolve())
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename and str(Path(frame.filename).resolve()).startswith(root):
                return display_path(frame.filename), frame.lineno, frame.line
        return self._shown(fallback), None, None

    def _syntax_problem(self, error: jinja2.TemplateSyntaxError, fallback: str) -> Problem:
        name = error.name or fallback
        try:
            source = self.env.loader.get_source(self.env, name)[0]
        except jinja2.TemplateError:
            source = None
        line, message, hint = explain_syntax(error, source, self.env)
        return Problem(self._shown(name), line, f"template: {message}", hint)

    def _shown(self, name: str) -> str:
        return display_path(self.templates_dir / name)


def templates_digest(templates_dir: Path) -> str:
    """Hash every file under the templates folder: any template may be included by any other."""
    digest = hashlib.sha256()
    for relative, _ in walk_tree(templates_dir):
        digest.update(os.fsencode(relative) + b"\0")  # a name that is not UTF-8 is hashed as its bytes
        try:
            digest.update(read_file(templates_dir / relative, TEMPLATE_LIMIT))
        except (OSError, FileRefused):  # check_templates says why
            digest.update(b"unreadable")
    return digest.hexdigest()


def _inline_asset(name: str, data: bytes) -> Markup:
    """A stylesheet's or script's text, safe inside its <style> or <script>: nothing in it can end the
    element early or switch the parser into a state that swallows the rest of the page."""
    text = data.decode("utf-8", "replace")
    if name.endswith(".css"):
        return Markup(text.replace("</", "<\\/"))
    return Markup(re.sub(r"<(/script|!--)", r"<\\\1", text, flags=re.IGNORECASE))


def _jsonld(event, url: str) -> dict:
    """schema.org data for an event page; empty values left out."""
    data = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
            "startDate": event.date.iso(), "description": event.summary, "url": url,
            "citation": [{"@type": "CreativeWork", "name": source.title, "url": source.url,
                          "publisher": {"@type": "Organization", "name": source.publisher}}
                         for source in event.sources]}
    if event.end_date is not None and not event.ongoing:
        data["endDate"] = event.end_date.iso()
    return data


def _updated(events) -> str:
    """When an event, or the newest of several, last changed: its date or its latest update note."""
    if not isinstance(events, (list, tuple)):
        events = [events]
    days = [d.first_day() for e in events for d in (e.date, *(u.date for u in e.updates))]
    year, month, day = max(days) if days else (1970, 1, 1)
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def _iso(date: PartialDate) -> str:
    return date.iso()

