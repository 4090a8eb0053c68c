"""The HTML report: documents with their events highlighted, and agreement timelines.

::

    from treatytrack import Engine, Tracker
    from treatytrack.report import render

    document = Engine().read(text, doc_id="a1", published="2015-03-13")
    html = render([document])                         # agreements folded from its events
    html = render(agreements=Tracker("agreements.db").agreements())  # a database alone

One self-contained page (styles and script inlined, nothing fetched when it is viewed);
all document text is escaped. Needs Jinja2 (``pip install 'treatytrack[report]'``),
imported only when a report is rendered.

.. versionadded:: 0.1
"""

from ._render import render

__all__ = ["render"]
