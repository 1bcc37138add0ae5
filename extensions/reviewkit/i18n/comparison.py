"""A translation compared with its msgid, construct by construct.

A msgid is the MyST source of one paragraph, heading or list item, and its msgstr
goes back into the source when the translated report is built. What the msgid holds
(roles, link targets, substitutions, numbers) the translation keeps; what it does not
hold (raw HTML, links, directives, other markup) the translation must not add. The
catalog check reports both at the catalog's line; a build refuses a translation that
adds markup (``screening``).

Patterns see what is written; a link is what a parser makes of it, and CommonMark
lets a link's text nest brackets, its label run over lines and its destination hide
``//`` behind escapes. So the links and images are also read from MyST's own
tokenizer (markdown-it, as ``myst_parser`` configures it), and each one it finds
counts as the URL it resolves to.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# Stands in for a construct taken out of a text, so that what was around it stays apart
# and a mark next to it still counts as next to a word.
PLACEHOLDER = "\ufffc"
# An escaped character (``\/``) stands as this plus its code point, a private-use
# character: no rule takes it for markup, and a URL found with it in can be read back
# as a parser reads it (``https:/\/host`` is ``https://host``).
ESCAPED = 0xF0000
ESCAPED_CHARACTER = re.compile("[\U000f0021-\U000f007e]")
# How Sphinx writes the message of an image's address (``gettext_additional_targets``).
IMAGE_MESSAGE = re.compile(r"\.\. image:: (?P<uri>.+)", re.S)
# What MyST's tokenizer leaves out here: footnotes (no link, and slow on ``[^`` repeated)
# and front matter (text in it is read as Markdown, so that no link hides there).
UNREAD_SYNTAX = ["footnote_ref", "footnote_def", "footnote_tail", "front_matter"]

ROLE = re.compile(
    r"\{(?P<name>[A-Za-z0-9_+:.-]+)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)(?!`)", re.S
)
EXPLICIT_TARGET = re.compile(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>", re.S)
SUBSTITUTION = re.compile(r"\{\{\s*(?P<name>.+?)\s*\}\}", re.S)
ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})", re.M)
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?:<(?P<bracketed>[^<>\n]*)>|(?P<url>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
# ``[label]: target "title"`` at the start of a line: it gives ``[text][label]`` its target.
# (A footnote's ``[^label]:`` is not one.)
REFERENCE_DEFINITION = re.compile(
    r"^[ \t]{0,3}\[(?!\^)(?:[^\[\]\\\n]|\\.)+\]:[ \t]*\n?[ \t]*"
    r"(?:<(?P<bracketed>[^<>\n]*)>|(?P<url>[^\s<>]\S*))[^\n]*",
    re.M,
)
AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
# What a linkifier (MyST's ``linkify``) makes a link of in plain text, in any case:
# a scheme with ``//``, a protocol-relative ``//host``, ``www.``, ``mailto:``, an e-mail.
BARE_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|(?<![\w/:])//(?=[^\s/])|\bwww\.|\bmailto:)"
    r"[^\s<>]*[^\s<>.,;:!?'\")\]]"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.I,
)
HTML = re.compile(
    r"<!--|<![A-Za-z\[]|<\?|</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)[^<>]*>?"
    r"|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"
    r"|\b(?:java|vb)script\s*:",
    re.M | re.I,
)
FOOTNOTE = re.compile(r"\[\^[^\[\]\s]+\]")  # a label has no bracket: ``[^`` repeated is quick
TARGET = re.compile(r"^[ \t]*\([^()\s]+\)=", re.M)
# Digits with the separators a language may write inside one number: 4.6 and 4,6,
# 1,000 and 1 000 (a space only before a group of three).
NUMBER = re.compile(r"\d+(?:(?:[.,'\u066b\u066c]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*")
DELIMITER_RUN = re.compile(r"\*+|_+")

LINE_START_MARKUP = {
    "heading": re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)", re.M),
    "list": re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)", re.M),
    "blockquote": re.compile(r"^[ \t]{0,3}>", re.M),
    "target": TARGET,
    # reStructuredText's explicit markup: a directive, target, comment or substitution
    "explicit markup": re.compile(r"^[ \t]*\.\.(?=[ \t]|$)", re.M),
}

MARKUP = {
    "fence": (
        "a directive fence (``` or ::: at the start of a line)",
        "remove it, a translation cannot add directives",
    ),
    "inline code": ("inline code (text between backticks)", "remove the backticks"),
    "heading": ("a heading marker (# at the start of a line)", "remove it, or write \\#"),
    "image": ("an image (![...](...))", "remove it, a translation cannot add images"),
    "footnote": ("a footnote reference ([^...])", "keep only the msgid's footnotes"),
    "target": (
        "a target label ((label)= at the start of a line)",
        "remove it, targets belong to the source",
    ),
    "list": (
        "a list marker (-, *, + or 1. at the start of a line)",
        "join the line to the one before, or write \\- or 1\\. for the plain character",
    ),
    "blockquote": ("a block quote (> at the start of a line)", "remove it, or write \\>"),
    "explicit markup": (
        "a reStructuredText directive, target or comment (.. at the start of a line)",
        "remove it, a translation cannot add directives",
    ),
}

# What a translation keeps as it is: how a message names one, and what to change.
KEPT = {
    "role": (
        "the role",
        "keep every role and its target exactly as in the msgid "
        "(only the text before a <target> may be translated)",
    ),
    "url": ("the link to", "keep every URL exactly as in the msgid, translate only the link text"),
    "substitution": (
        "the substitution",
        "keep every {{ ... }} exactly as in the msgid, the build replaces it with its value",
    ),
}

# An unpaired mark: how a message names it, and what to change.
UNPAIRED = {
    "**": ("an unpaired ** (strong emphasis)", "put ** on both sides of the words it stresses"),
    "__": ("an unpaired __ (strong emphasis)", "put __ on both sides of the words it stresses"),
    "*": ("an unpaired * (emphasis)", "put * on both sides of the words it stresses"),
    "_": ("an unpaired _ (emphasis)", "put _ on both sides of the words it stresses"),
    "`": ("an unpaired backtick (`)", "put ` on both sides of the code"),
}

# Each construct of a text: how it is compared -> every way it is written there.
Occurrences = dict[str, list[str]]


@dataclass(frozen=True)
class Constructs:
    """What of a msgid a translation must keep, and what it must not add."""

    roles: Occurrences
    urls: Occurrences
    substitutions: Occurrences
    numbers: Occurrences
    html: Occurrences
    markup: Occurrences
    unpaired: Counter[str]


def markdown_reader() -> MarkdownIt:
    """MyST's tokenizer, with every extension that makes a link of text (``linkify``, when
    linkify-it-py is installed). Made once per catalog or document and passed along."""
    config = MdParserConfig(enable_extensions={"linkify"}, disable_syntax=UNREAD_SYNTAX)
    return create_md_parser(config, RendererHTML)


@dataclass(frozen=True)
class ParsedLinks:
    """The links and images markdown-it reads in a text, each as the URL it resolves to."""

    urls: list[str]  # links, images and reference definitions no link uses
    images: list[str]


def parsed_links(text: str, reader: MarkdownIt | None = None) -> ParsedLinks:
    """Every link and image of ``text`` as MyST's tokenizer reads it.

    Escapes are resolved (``https:/\\/host`` is ``https://host``), a link's text may nest
    brackets and its label run over lines: what the patterns cannot follow, the parser does.
    """
    environment: dict[str, object] = {}
    tokens = (reader or markdown_reader()).parse(text, environment)
    links: list[str] = []
    images: list[str] = []
    for token in _inline(tokens):
        if token.type == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif token.type == "image":
            images.append(str(token.attrs.get("src", "")))
    definitions = environment.get("references", {})
    unused = [
        str(definition["href"])
        for definition in (definitions.values() if isinstance(definitions, dict) else [])
        if definition["href"] not in links + images
    ]
    return ParsedLinks(urls=links + images + unused, images=images)


def _inline(tokens: Iterable[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _inline(token.children or ())


def constructs(text: str, reader: MarkdownIt | None = None) -> Constructs:
    """Take a MyST text apart, innermost syntax first, so that each rule sees only its own.

    A role's ``text <target>`` is not HTML and the ``*`` of a URL is not emphasis: each
    construct is counted, then replaced by a placeholder before the next rule looks.
    Links and images are those of the patterns and of MyST's tokenizer (``parsed_links``).
    """
    parsed = parsed_links(text, reader)
    roles = _group((_role_key(role), role[0]) for role in ROLE.finditer(text))
    text = ROLE.sub(PLACEHOLDER, text)
    substitutions = _group((" ".join(s["name"].split()), s[0]) for s in SUBSTITUTION.finditer(text))
    text = ESCAPE.sub(_escaped, SUBSTITUTION.sub(PLACEHOLDER, text))
    markup = [("fence", fence[0]) for fence in FENCE.finditer(text)]
    text = FENCE.sub(PLACEHOLDER, text)
    code = [span["code"] for span in CODE_SPAN.finditer(text)]
    markup += [("inline code", span) for span in code]
    text = CODE_SPAN.sub(PLACEHOLDER, text)
    html = _group((_html_key(token[0]), token[0]) for token in HTML.finditer(text))
    urls = _group((url, url) for url in _merged(list(_urls(text)), parsed.urls))
    images = [
        _read(link["bracketed"] or link["url"]) for link in LINK.finditer(text) if link["image"]
    ]
    markup += [("image", image) for image in images]
    markup += [("image", image) for image in _beyond(parsed.images, images)]
    text = _without_urls(text)
    markup += [("footnote", footnote[0]) for footnote in FOOTNOTE.finditer(text)]
    markup += [
        (kind, found[0])
        for kind, pattern in LINE_START_MARKUP.items()
        for found in pattern.finditer(text)
    ]
    prose = HTML.sub(PLACEHOLDER, text)
    numbers = _numbers([TARGET.sub(PLACEHOLDER, FOOTNOTE.sub(PLACEHOLDER, prose)), *code])
    return Constructs(
        roles=roles,
        urls=urls,
        substitutions=substitutions,
        numbers=numbers,
        html=html,
        markup=_group(markup),
        unpaired=_unpaired(prose),
    )


def _group(pairs: Iterable[tuple[str, str]]) -> Occurrences:
    grouped: Occurrences = {}
    for key, written in pairs:
        grouped.setdefault(key, []).append(written)
    return grouped


def _role_key(role: re.Match[str]) -> str:
    """One key for a role however its text is translated.

    ``{ref}`the method <method-smart>``` and ``{ref}`la méthode <method-smart>``` are
    the same role; a role without ``<target>`` is its whole content.
    """
    content = role["content"].strip()
    explicit = EXPLICIT_TARGET.fullmatch(content)
    target = explicit["target"].strip() if explicit else content
    return f"{{{role['name']}}}`{target}`"


def _html_key(token: str) -> str:
    """A script URL is one thing however it is spelled; any other token must match exactly."""
    return token if token[0] in "<&" else "script:"


def _escaped(escape: re.Match[str]) -> str:
    return chr(ESCAPED + ord(escape[0][1]))


def _read(written: str) -> str:
    """Text with its escapes resolved, as a parser reads it."""
    return ESCAPED_CHARACTER.sub(lambda found: chr(ord(found[0]) - ESCAPED), written)


def _urls(text: str) -> Iterator[str]:
    """Every link target, however it is written: each is a place a reader is sent to."""
    for pattern in (LINK, REFERENCE_DEFINITION):
        for link in pattern.finditer(text):
            yield _read(link["bracketed"] if link["bracketed"] is not None else link["url"])
        text = pattern.sub(PLACEHOLDER, text)
    yield from (_read(autolink["url"]) for autolink in AUTOLINK.finditer(text))
    yield from BARE_URL.findall(_read(AUTOLINK.sub(PLACEHOLDER, text)))


def _merged(found: list[str], parsed: list[str]) -> list[str]:
    """The links of the parser, and those only the patterns see (a ``javascript:`` link the
    parser will not make one, a bare URL): each link once, as the parser reads it."""
    return parsed + [url for url in found if not any(url in link for link in parsed)]


def _beyond(parsed: list[str], found: list[str]) -> list[str]:
    """What the parser reads that the patterns did not find, one for one."""
    left = Counter(found)
    beyond = []
    for url in parsed:
        if left[url]:
            left[url] -= 1
        else:
            beyond.append(url)
    return beyond


def _without_urls(text: str) -> str:
    """The text readers see of links: a link's own text may be translated, its URL not."""
    text = LINK.sub(lambda link: PLACEHOLDER if link["image"] else link["text"], text)
    text = REFERENCE_DEFINITION.sub(PLACEHOLDER, text)
    return BARE_URL.sub(PLACEHOLDER, AUTOLINK.sub(PLACEHOLDER, text))


def _numbers(texts: Iterable[str]) -> Occurrences:
    """Numbers by their digits alone, whichever digits and decimal mark a language uses.

    2012 in Arabic-Indic or full-width digits is 2012; 4,6 with a decimal comma is 4.6.
    """
    return _group(
        ("".join(str(unicodedata.decimal(c)) for c in number if c.isdecimal()), number)
        for text in texts
        for number in NUMBER.findall(text)
    )


def _unpaired(prose: str) -> Counter[str]:
    """Emphasis marks and backticks that close nothing and are closed by nothing.

    A simplified CommonMark: a mark opens before a word and closes after one; ``_``
    inside a word (snake_case) and a ``*`` with a space on each side are plain text.
    """
    unpaired: Counter[str] = Counter({"`": prose.count("`")})
    opened: Counter[str] = Counter()
    for run in DELIMITER_RUN.finditer(prose):
        before = prose[run.start() - 1] if run.start() else " "
        after = prose[run.end()] if run.end() < len(prose) else " "
        can_open, can_close = not after.isspace(), not before.isspace()
        mark = run[0][0]
        if mark == "_":
            can_open, can_close = (
                can_open and not before.isalnum(),
                can_close and not after.isalnum(),
            )
        if not (can_open or can_close):
            continue
        strong, single = divmod(len(run[0]), 2)
        for kind in [mark * 2] * strong + [mark] * single:
            if can_close and opened[kind]:
                opened[kind] -= 1
            elif can_open:
                opened[kind] += 1
            else:
                unpaired[kind] += 1
    return unpaired + opened  # adding drops the zeros


def _missing(expected: Occurrences, found: Occurrences) -> Iterator[tuple[str, str, int]]:
    """Each construct that ``found`` has fewer of: its key, how ``expected`` writes it, how many."""
    for key, written in expected.items():
        fewer = len(written) - len(found.get(key, ()))
        if fewer > 0:
            yield key, written[0], fewer


def translation_problems(
    msgid: str, msgstr: str, reader: MarkdownIt | None = None
) -> Iterator[tuple[str, str]]:
    """(rule, message) for each way a translation loses or breaks what its msgid holds."""
    for rule, message, _adds in _compared(msgid, msgstr, reader):
        yield rule, message


def additions(msgid: str, msgstr: str, reader: MarkdownIt | None = None) -> list[tuple[str, str]]:
    """(rule, message) for what a translation puts into the page that its msgid does not.

    Raw HTML, a link target, a role, a substitution, a directive: each is code or a
    place readers are sent to, and a translation may only be text. A build refuses such
    a translation; what a translation loses (a number, a role) is the check's to report.
    """
    return [(rule, message) for rule, message, adds in _compared(msgid, msgstr, reader) if adds]


def replaced_image(uri: str, msgstr: str) -> str:
    """Why a translation of an image's address is refused: whatever it names, the page
    would fetch it (a web tracker, a file outside the report), or fail to build."""
    written = (msgstr if len(msgstr) <= 60 else msgstr[:59] + "…").replace("\n", "\\n")
    return (
        f"the translation replaces the source's image {uri} with {written}; an image's address "
        f"is not translated: leave the msgstr empty (the image's alt text is a message of its own)"
    )


def _compared(
    msgid: str, msgstr: str, reader: MarkdownIt | None = None
) -> Iterator[tuple[str, str, bool]]:
    """(rule, message, whether the translation adds it) for each difference that matters."""
    image = IMAGE_MESSAGE.fullmatch(msgid)
    if image:  # not MyST text: the address of one of the source's images
        if msgstr != msgid:
            yield "url", replaced_image(image["uri"], msgstr), True
        return
    reader = reader or markdown_reader()
    source, translation = constructs(msgid, reader), constructs(msgstr, reader)
    yield from _kept("role", source.roles, translation.roles)
    yield from _kept("url", source.urls, translation.urls)
    yield from _kept("substitution", source.substitutions, translation.substitutions)
    for _, number, times in _missing(source.numbers, translation.numbers):
        message = (
            f"the translation drops the number {number}{_times(times)}; write every number "
            f"of the msgid, in ASCII, Arabic-Indic or full-width digits"
        )
        yield "number", message, False
    for token, written, times in _missing(translation.html, source.html):
        yield "html", _html_message(token, written, times), True
    for kind, _, times in _missing(translation.markup, source.markup):
        description, change = MARKUP[kind]
        message = (
            f"the translation adds {description}{_times(times)}, which the msgid does not "
            f"have; {change}"
        )
        yield "markup", message, True
    for mark, times in translation.unpaired.items():
        if times > source.unpaired[mark]:
            description, change = UNPAIRED[mark]
            message = f"the translation has {description}; {change}, or remove it"
            yield "emphasis", message, False


def _kept(
    rule: str, source: Occurrences, translation: Occurrences
) -> Iterator[tuple[str, str, bool]]:
    """A construct the translation keeps as it is: none dropped, none added."""
    name, change = KEPT[rule]
    for _, written, times in _missing(source, translation):
        yield rule, f"the translation drops {name} {written}{_times(times)}; {change}", False
    for _, written, times in _missing(translation, source):
        message = (
            f"the translation has {name} {written}{_times(times)}, which the msgid does "
            f"not have; {change}"
        )
        yield rule, message, True


def _html_message(token: str, written: str, times: int) -> str:
    if token == "script:":
        return (
            f"the translation adds the script URL {written}{_times(times)}; remove it, "
            f"a translation is text, never code"
        )
    if token.startswith("&"):
        return (
            f"the translation adds the HTML character reference {written}{_times(times)}; "
            f"type the character itself"
        )
    kind = "comment" if token == "<!--" else "tag"
    return (
        f"the translation adds the HTML {kind} {written}{_times(times)}, which the msgid does "
        f"not have; a translation is text, never code: use Markdown (**strong**, *emphasis*) "
        f"or remove it"
    )


def _times(times: int) -> str:
    return "" if times == 1 else f" {times} times"


def shorten(msgid: str, width: int = 60) -> str:
    flat = " ".join(msgid.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
