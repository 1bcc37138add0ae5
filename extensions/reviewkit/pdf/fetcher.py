"""What the PDF renderer may read: the report's own files, as copied from its sources,
and data: URLs.

The builder copies each image a document shows from the sources (under the
rule of :mod:`reviewkit.sources`) into the output's ``_images``; those copies,
made by this build, are all the renderer may read. What else is in ``_images``
(an image an earlier build copied, since taken out of the sources) and the rest
of the output folder (the pickled environment with its paths and settings, the
print HTML) are never the report's, and are refused like anything else: http,
https, ftp, a file elsewhere, an attachment that points outside, a link that
points out of ``_images``. Each refusal is a warning naming where the URL is
written, and the resource is left out. Nothing is ever fetched from the network.

The print HTML says it lives at :data:`BASE_URL`, a fixed name rather than the
output folder: WeasyPrint names each image after its URL, so the PDF is the
same wherever it is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from sphinx.util import logging
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: the print HTML's own address; relative URLs in it resolve under this
BASE_URL = "file:///reviewkit-output/"


class RefusedURL(ValueError):
    """A URL the renderer may not read; WeasyPrint leaves the resource out."""


class SourceFilesFetcher(URLFetcher):
    """Serves ``files`` of ``outdir`` (under :data:`BASE_URL`) and data: URLs; refuses
    everything else.

    ``sources`` maps each URL the renderer may ask for to where a document wrote
    it (``file:line``) and how, so a refusal names what an author can fix. The
    renderer asks for a URL percent-encoded; it is looked up as written.
    """

    def __init__(
        self,
        outdir: Path,
        files: Iterable[str],
        sources: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.outdir = outdir
        #: resolved, so that a link, ``..`` or another spelling cannot reach anything else
        self.files = {(outdir / file).resolve() for file in files}
        self.sources = {unquote(url): place for url, place in (sources or {}).items()}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        file = self.output_file(url)
        if file is not None and self.allowed(file):
            return super().fetch(file.resolve().as_uri(), headers)
        self.refuse(url)
        raise RefusedURL(f"reviewkit refused {url}")

    def allowed(self, file: Path) -> bool:
        return file.is_file() and file.resolve() in self.files

    def output_file(self, url: str) -> Path | None:
        """The file of the output folder that ``url`` names, if it names one."""
        if not url.startswith(BASE_URL):
            return None
        relative = PurePosixPath(unquote(urlsplit(url).path)).relative_to(urlsplit(BASE_URL).path)
        return self.outdir.joinpath(*relative.parts)

    def refuse(self, url: str) -> None:
        self.refused.append(url)
        place, written = self.sources.get(unquote(url), (None, url.removeprefix(BASE_URL)))
        logger.warning(
            "the PDF may only use the report's own files (the images its documents show, "
            "copied from its sources) and data: URLs, so %s is left out; copy the file into "
            "the report's sources and refer to it there",
            written,
            type="reviewkit",
            subtype="pdf-url",
            location=place,
        )
