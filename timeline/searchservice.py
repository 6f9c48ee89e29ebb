"""Pagefind's service mode: pages handed to Pagefind from memory, the index's files returned.

`pagefind --service` is the process Pagefind's own Python and Node APIs drive: it
reads requests on its standard input and answers on its standard output, each
message base64-encoded JSON ended by a comma. Its Python API waits 0.1 s
between reading two answers (10 pages a second: over 8 minutes for 5,000), so
this module speaks the same protocol itself: requests are written as they come,
a thread reads the answers, and nothing waits until the index is asked for.
"""
from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
import time

from .errors import BuildFailed, Problem

TIMEOUT_SECONDS = 600
NO_SEARCH_HINT = "build with --no-search to skip the search index"


def pagefind_binary() -> str | None:
    """The Pagefind binary the PyPI packages bundle (pagefind[bin]), or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return shutil.which("pagefind")
    found = get_executable()
    return str(found) if found else None


def pagefind_version() -> str:
    try:
        from importlib.metadata import version
        return version("pagefind_bin")
    except Exception:
        return "unknown"


class PagefindService:
    """One Pagefind index in a service process of its own, filled page by page.

    language: the one language every page is indexed in (Pagefind's force_language); None lets each
    page's <html lang> decide, one index per language. background: the process runs at a lower
    priority and in a session of its own, so the preview's rebuilds come first and a terminal's
    Ctrl-C reaches the server alone, which then kills it.
    """

    def __init__(self, language: str | None, background: bool = False, timeout: float | None = None):
        binary = pagefind_binary()
        if binary is None:
            raise BuildFailed([Problem("search", None, "Pagefind is not installed",
                                       "pip install -r requirements.txt, or build with --no-search")])
        command = [binary, "--service"]
        nice = shutil.which("nice") if background else None
        self.timeout = TIMEOUT_SECONDS if timeout is None else timeout
        self.deadline = time.monotonic() + self.timeout
        try:
            self.process = subprocess.Popen([nice, "-n", "10", *command] if nice else command, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            start_new_session=background)
        except OSError as error:  # not executable, another machine's binary
            raise BuildFailed([Problem("search", None, f"Pagefind could not be started: {error.strerror or error}",
                                       NO_SEARCH_HINT)]) from None
        self.answers: dict[int, dict] = {}
        self.ended = False
        self.condition = threading.Condition()
        self.sent = 0
        self.pages = 0
        threading.Thread(target=self._read_answers, name="pagefind-answers", daemon=True).start()
        config = {"force_language": language.split("-")[0]} if language else None
        self.index_id = self._wait(self._send({"type": "NewIndex", "config": config}))["index_id"]

    def add_page(self, path: str, html: bytes) -> None:
        """Index the page published at path (relative to the site, e.g. events/x/index.html), as Pagefind
        indexes that file of a folder it is given; its answer is read later."""
        self._send({"type": "AddFile", "index_id": self.index_id, "file_path": path, "url": None,
                    "file_contents": html.decode("utf-8", "replace")})
        self.pages += 1

    def files(self) -> dict[str, bytes]:
        """The index's files by path within its folder, once every page has been taken in.

        They are asked for rather than written by Pagefind (WriteFiles): Pagefind answers that request
        before its last writes have reached the file (pagefind/src/output/mod.rs, `write`: tokio's File
        is never flushed), and the build then ends the process at once, so a bundle it wrote could be
        cut short."""
        answer = self._finish({"type": "GetFiles", "index_id": self.index_id})
        return {item["path"]: base64.b64decode(item["content"]) for item in answer["files"]}

    def close(self) -> None:
        """End the process, at once (also while it works)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def _finish(self, request: dict) -> dict:
        answer = self._wait(self._send(request))
        with self.condition:  # a page Pagefind could not take in answered with an error nobody waited for
            refused = [other for other in self.answers.values() if other.get("type") == "Error"]
        if refused:
            self._fail(refused[0].get("message") or "an error without a message")
        return answer

    def _send(self, payload: dict) -> int:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}, ensure_ascii=False).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):  # it ended (or was killed): its answers say why, if anything
            self._wait(self.sent)
        return self.sent

    def _wait(self, message_id: int) -> dict:
        """The answer to message_id (answers come in order: every earlier one has come by then)."""
        with self.condition:
            while message_id not in self.answers and not self.ended:
                remaining = self.deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.condition.wait(remaining)
            answer = self.answers.pop(message_id, None)
            ended = self.ended
        if answer is None and not ended:
            self.close()
            raise BuildFailed([Problem("search", None, f"Pagefind did not finish in {self.timeout:g} s",
                                       NO_SEARCH_HINT)])
        if answer is None:
            self._fail(f"it stopped (exit {self.process.wait()})")
        if answer.get("type") == "Error":
            self._fail(answer.get("message") or "an error without a message")
        return answer

    def _fail(self, detail: str) -> None:
        self.close()
        raise BuildFailed([Problem("search", None, "Pagefind failed: " + " ".join(str(detail).split()),
                                   NO_SEARCH_HINT)])

    def _read_answers(self) -> None:
        """Collect the answers as they come; a page's is dropped unless it is an error."""
        pending: list[bytes] = []   # the start of a message still coming (the index's files come as one)
        stream = self.process.stdout
        try:
            while True:
                chunk = stream.read1(1 << 20)
                if not chunk:
                    break
                if b"," not in chunk:
                    pending.append(chunk)
                    continue
                first, *messages, rest = chunk.split(b",")
                for message in [b"".join([*pending, first]), *messages]:
                    self._take(message)
                pending = [rest]
        except (OSError, ValueError):
            pass
        with self.condition:
            self.ended = True
            self.condition.notify_all()

    def _take(self, message: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(message))
            payload, message_id = answer["payload"], answer.get("message_id") or 0
        except (ValueError, KeyError, TypeError):
            payload, message_id = {"type": "Error", "message": "an answer that could not be read"}, 0
        if payload.get("type") != "IndexedFile":
            with self.condition:
                self.answers[message_id] = payload
                self.condition.notify_all()
