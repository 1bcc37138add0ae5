"""What the PDF renderer may read: files inside the build output and data: URLs.

Anything else (http, https, ftp, a file outside the build, an attachment that
points outside it) is refused with a warning naming the document and the URL,
and is not embedded. Nothing is ever fetched from the network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from sphinx.util import logging
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the renderer may not read; WeasyPrint leaves the resource out."""


class BuildOnlyFetcher(URLFetcher):
    """Serves files under ``root`` and data: URLs; refuses everything else.

    ``sources`` maps each URL written in the print HTML to the document it came
    from, so a refusal names the document an author can fix.
    """

    def __init__(self, root: Path, sources: dict[str, str] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = root.resolve()
        self.sources = sources or {}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and self.inside_build(parts.path):
            return super().fetch(url, headers)
        self.refuse(url)
        raise RefusedURL(f"reviewkit refused {url}")

    def inside_build(self, path: str) -> bool:
        file = Path(url2pathname(unquote(path))).resolve()  # symlinks followed before the check
        return file.is_relative_to(self.root) and file.is_file()

    def refuse(self, url: str) -> None:
        self.refused.append(url)
        document = self.sources.get(url)
        where = f"{document}: " if document else ""
        logger.warning(
            "%sthe PDF may only use files inside the build output and data: URLs, so %s "
            "is left out; copy the file into the report's sources and refer to it there",
            where,
            url,
            type="reviewkit",
            subtype="pdf-url",
        )
