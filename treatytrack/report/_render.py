"""The page itself: the view model through a Jinja2 template, styles and script inlined.

The result is one self-contained file that needs no network to be read: the CSS and the
JavaScript beside the template are embedded, and a Content-Security-Policy forbids every
fetch. Autoescaping is on for all of it, so document text is always text; the only
markup not escaped is our own CSS and script, and the policy lets only that exact script
(by its SHA-256) run, so even a slip in escaping could not run a document's ``<script>``.

Jinja2 is imported on first use: ``import treatytrack`` (and ``treatytrack --help``) work
without the ``report`` extra.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING

from ..records import Document
from ..track import Agreement
from ._build import build

if TYPE_CHECKING:
    import jinja2

__all__ = ["render"]

_TEMPLATE = "report.html.j2"
_MISSING = "the HTML report needs Jinja2: pip install 'treatytrack[report]'"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text("utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ModuleNotFoundError(_MISSING, name="jinja2") from exc
    return jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render(
    documents: Iterable[Document] = (),
    agreements: Iterable[Agreement] | None = None,
    *,
    title: str = "treatytrack report",
) -> str:
    """The HTML report of some documents and agreements, as one self-contained page.

    ``documents`` are documents as :meth:`treatytrack.Engine.read` returns them, with
    their events; each is shown whole with every event's trigger highlighted and its
    details on hover or click. ``agreements`` are tracker agreements (for instance
    ``Tracker("agreements.db").agreements()``); when ``None`` they are folded from the
    documents' events by an in-memory tracker. A document an agreement cites but not
    given is shown by its cited sentences. Raises :class:`ModuleNotFoundError` when
    Jinja2 is not installed (the ``report`` extra).

    .. versionadded:: 0.1
    """
    environment = _environment()  # first: it says what to install when Jinja2 is missing
    from markupsafe import Markup  # a dependency of Jinja2

    script = _asset("report.js")
    return environment.get_template(_TEMPLATE).render(
        report=build(documents, agreements, title=title),
        css=Markup(_asset("report.css")),
        script=Markup(script),
        script_hash=_script_hash(script),
    )
