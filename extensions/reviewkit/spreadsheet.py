"""The text of a CSV file as a spreadsheet saves it: one reading for every data file.

The comments, the figures' data and the Board's decisions are kept in spreadsheets and
saved as "CSV UTF-8", with or without a byte order mark. What is not that (UTF-16, another
encoding, a binary file) gets one message saying how to save it, at the line where it goes
wrong; each feature says it in its own words of where the file is.
"""

from __future__ import annotations

import codecs

SAVE_AS = 'save it from the spreadsheet as "CSV UTF-8"'


class NotCsvText(ValueError):
    """The file is not the text a spreadsheet's "CSV UTF-8" holds: ``reason`` says so, as
    the predicate of a sentence whose subject is the file ("is not UTF-8 ...")."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def decoded(data: bytes) -> str:
    """The file's text, its byte order mark dropped and old Mac line ends made line feeds."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotCsvText(f"is UTF-16, not UTF-8; {SAVE_AS}", 1)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NotCsvText(
            f"is not UTF-8 (byte {data[error.start]:#04x} at offset {error.start}); {SAVE_AS}",
            line,
        ) from None
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise NotCsvText(
            f"has a NUL character, so it is not CSV text (UTF-16 without its byte order "
            f"mark?); {SAVE_AS}",
            line,
        )
    if "\r" in text and "\n" not in text:  # old Mac line ends: every CR ends a line
        text = text.replace("\r", "\n")
    return text
