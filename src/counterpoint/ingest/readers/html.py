"""HTML pages to article text and metadata: :func:`extract_html`.

Extraction combines several views of the page, because no single extractor is right everywhere:

1. trafilatura in *precision* mode, fast, comments excluded: the article and its extent;
2. when that text is short (under ``SHORT_WORDS``), trafilatura's full precision mode, which
   compares its result with its own fallback extractors, and is taken when it finds more
   (it rescues briefs the fast pass truncates); too slow to run on every page;
3. when the text is still short, or shorter than the article body the page declares in
   JSON-LD, trafilatura in *recall* mode: its paragraphs that fall *inside* the extent the
   precision pass found fill the gaps (headings and list items the precision pass pruned);
   paragraphs outside that extent are ignored, because that is where related links and
   comments live (:func:`fill_gaps`);
4. readability-lxml when trafilatura finds nothing at all;
5. then our own pass drops site-furniture lines (:mod:`.furniture`) and a repeated headline.

Metadata comes from the page's declarations (``<meta>``, Open Graph, JSON-LD, ``<link
rel=canonical>``, ``<html lang>``) with htmldate for the date; it is cheap, so it always runs.

>>> page = extract_html(open("tests/readers/samples/news_article.html").read())  # doctest: +SKIP
>>> page.title, page.date, page.sitename  # doctest: +SKIP
"""

from __future__ import annotations

import html as html_lib
import itertools
import json
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import lxml.html
from lxml import etree
from lxml.etree import ParserError

from counterpoint.errors import InputError, NoArticleFound, UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions, read_bounded
from counterpoint.ingest.readers.furniture import cut_trailing_button, is_furniture
from counterpoint.models import RawInput, Rejection, Removal

# Fewer words than this after extraction: the page holds no article (a login wall, an index).
MIN_ARTICLE_WORDS = 25
# A body shorter than this gets the slower second opinions (steps 2 and 3 above). Running the
# recall pass on every page instead adds about 0.001 F1 on the development set for a third of
# the speed: not worth it.
SHORT_WORDS = 100
# A JSON-LD articleBody this much longer than what we found means something is missing.
_DECLARED_RATIO = 1.15
_WORD = re.compile(r"\w+")


@dataclass
class ExtractedPage:
    """What :func:`extract_html` found: the body (paragraphs separated by newlines) and metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None
    description: str | None = None
    language: str | None = None
    url: str | None = None  # canonical URL when the page declares one, else the URL given
    extractor: str = "trafilatura"  # which path produced the text (for audits and the eval)
    # ``text`` before our own cuts, and those cuts as (start, end, reason) spans of it
    raw_text: str | None = None
    cuts: list[tuple[int, int, str]] = field(default_factory=list)

    def metadata(self) -> dict[str, str | None]:
        """The keys a RawInput carries: title, date, author, sitename, url, description, language."""
        return {
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "sitename": self.sitename,
            "url": self.url,
            "description": self.description,
            "language": self.language,
        }


def extract_html(html: str | bytes, url: str | None = None, *, min_words: int = MIN_ARTICLE_WORDS) -> ExtractedPage:
    """Extract the article body and metadata of an HTML page.

    Raises :class:`NoArticleFound` when the page has no article (fewer than ``min_words``
    words of body text) and :class:`UnreadableInput` when it is not HTML at all.
    """
    source = url or "<html>"
    tree = parse_html(html, source)
    meta = page_metadata(tree, url)
    _strip_non_content(tree)
    body, extractor = _extract_body(tree, url, meta)
    raw_text, cuts = cut_debris(body, meta.get("title"), tree)
    text = apply_cuts(raw_text, cuts)
    if len(_WORD.findall(text)) < min_words:
        raise NoArticleFound(source, f"no article text found in the HTML (fewer than {min_words} words of body)")
    return ExtractedPage(
        text=text,
        title=meta.get("title"),
        date=meta.get("date"),
        author=meta.get("author"),
        sitename=meta.get("sitename"),
        description=meta.get("description"),
        language=meta.get("language"),
        url=meta.get("url") or url,
        extractor=extractor,
        raw_text=raw_text,
        cuts=cuts,
    )


def cut_debris(body: str, title: str | None = None, tree=None) -> tuple[str, list[tuple[int, int, str]]]:
    """The extracted body as lines (the raw text) and the spans of it our pass cuts, with why.

    Furniture lines and button text glued to a line's end (``furniture``), the page title
    repeated as the first line (``headline``), related-link lists at the body's edges
    (``links``; needs the page's ``tree``). Nothing is deleted here: the spans travel with the text so cleaning can
    record them (:attr:`RawInput.cuts`), and a user can audit each one.
    """
    lines = [ln for ln in (ln.strip() for ln in body.split("\n")) if ln]
    raw_text = "\n".join(lines)
    starts = list(itertools.accumulate((len(ln) + 1 for ln in lines[:-1]), initial=0))
    cuts: list[tuple[int, int, str]] = []
    kept: list[int] = []  # indices of the lines that survive so far
    view: dict[int, str] = {}  # their text (a line may lose trailing button text)
    for i, line in enumerate(lines):
        trimmed = cut_trailing_button(line)
        if is_furniture(trimmed):
            cuts.append((starts[i], starts[i] + len(line), "furniture"))
            continue
        if len(trimmed) < len(line):
            cuts.append((starts[i] + len(trimmed), starts[i] + len(line), "furniture"))
        kept.append(i)
        view[i] = trimmed
    texts = [view[i] for i in kept]
    if len(_drop_repeated_headline(texts, title)) < len(texts):
        i = kept.pop(0)
        cuts.append((starts[i], starts[i] + len(view[i]), "headline"))
        texts = texts[1:]
    head, tail = _link_list_bounds(texts, tree) if tree is not None else (0, len(texts))
    for i in kept[:head] + kept[tail:]:
        cuts.append((starts[i], starts[i] + len(view[i]), "links"))
    cuts.sort()
    return raw_text, cuts


def apply_cuts(raw_text: str, cuts: list[tuple[int, int, str]]) -> str:
    """What is left of ``raw_text`` (lines) once ``cuts`` are taken out: emptied lines go."""
    out, pos = [], 0
    for start, end, _ in sorted(cuts):
        out.append(raw_text[pos:start])
        pos = max(pos, end)
    out.append(raw_text[pos:])
    lines = "".join(out).split("\n")
    return "\n".join(ln.rstrip() for ln in lines if ln.strip())


def parse_html(html: str | bytes, source: str) -> lxml.html.HtmlElement:
    """Parse once; every extractor below reads (a copy of) this tree."""
    from trafilatura.utils import load_html

    if isinstance(html, str):
        # lxml refuses str with an XML encoding declaration; trafilatura's loader handles it.
        if not html.strip():
            raise UnreadableInput(source, "empty HTML")
        body = html
        if html.lstrip()[:1] == "<" and "<html" not in html[:2000].lower() and "<body" not in html[:5000].lower():
            body = f"<html><body><div>{html}</div></body></html>"  # a fragment (feed entry)
    else:
        body = html
    try:
        tree = load_html(body)
    except (ParserError, ValueError, TypeError) as exc:
        raise UnreadableInput(source, f"not parseable as HTML: {exc}") from exc
    if tree is None:
        raise UnreadableInput(source, "not parseable as HTML")
    return tree


# --------------------------------------------------------------------------- body

_NEVER_CONTENT = ("script", "style", "noscript", "svg", "template", "iframe", "canvas", "object", "embed")


def _strip_non_content(tree) -> None:
    """Drop scripts, styles and embeds once, before any extractor copies the tree.

    Every extractor deletes them anyway, but only after copying the tree and measuring its text;
    on news pages they are often most of the bytes, so stripping them first saves that work.
    Metadata (JSON-LD lives in a script) has been read before this runs.
    """
    etree.strip_elements(tree, *_NEVER_CONTENT, etree.Comment, with_tail=False)
    head = tree.find("head")
    if head is not None:  # read already; every extractor discards it
        tree.remove(head)


def _extract_body(tree, url: str | None, meta: dict) -> tuple[str, str]:
    import trafilatura

    precise = trafilatura.extract(
        tree, url=url, favor_precision=True, include_comments=False, fast=True, with_metadata=False
    ) or ""
    n_precise = len(_WORD.findall(precise))
    if n_precise < SHORT_WORDS:
        # Fast mode skips trafilatura's own comparison with its fallback extractors; on a
        # short result that comparison is worth its cost (it rescues truncated briefs).
        full = trafilatura.extract(
            tree, url=url, favor_precision=True, include_comments=False, with_metadata=False
        ) or ""
        n_full = len(_WORD.findall(full))
        if n_full > n_precise:
            return full, "trafilatura-full"
    declared = meta.get("_article_body_words") or 0
    if n_precise >= SHORT_WORDS and declared <= n_precise * _DECLARED_RATIO:
        return precise, "trafilatura"
    recall = trafilatura.extract(
        tree, url=url, favor_recall=True, include_comments=False, fast=True, with_metadata=False
    ) or ""
    if not precise:
        if recall:
            return recall, "trafilatura-recall"
        return _readability(tree), "readability"
    merged = fill_gaps(precise.split("\n"), recall.split("\n"))
    if len(merged) != len(precise.split("\n")):
        return "\n".join(merged), "trafilatura+recall"
    return precise, "trafilatura"


def fill_gaps(precise: list[str], recall: list[str]) -> list[str]:
    """Insert the recall lines that fall between two lines both passes kept.

    The precision pass marks where the article starts and ends; lines the recall pass found
    *within* that extent are pruned headings, list items and short paragraphs of the article.
    Lines before its first or after its last line are left out: related links, comments.
    """
    index = {line: i for i, line in reversed(list(enumerate(precise)))}
    anchors = [(j, index[line]) for j, line in enumerate(recall) if line in index]
    if len(anchors) < 2:
        return precise
    inserts: dict[int, list[str]] = {}
    for (j0, i0), (j1, i1) in pairwise(anchors):
        if j1 - j0 > 1 and i1 == i0 + 1:  # a gap in the precision text that recall fills
            gap = [ln for ln in recall[j0 + 1 : j1] if _fits_article(ln)]
            if gap:
                inserts.setdefault(i0, []).extend(gap)
    if not inserts:
        return precise
    out: list[str] = []
    for i, line in enumerate(precise):
        out.append(line)
        out.extend(inserts.get(i, ()))
    return out


def _fits_article(line: str) -> bool:
    # Shouted lines inside an article body are promotional links ("CLICK HERE TO GET THE APP").
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return False
    return bool(line.strip())


def _readability(tree) -> str:
    from copy import deepcopy

    from readability import Document

    try:
        summary = Document(deepcopy(tree)).summary(html_partial=True)
    except Exception:  # readability raises bare Unparseable/ValueError on odd pages
        return ""
    if not summary.strip():
        return ""
    root = lxml.html.fromstring(summary)
    blocks = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre"):
        t = " ".join(el.text_content().split())
        if t:
            blocks.append(t)
    return "\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _drop_repeated_headline(lines: list[str], title: str | None) -> list[str]:
    """The page title repeated as the body's first line is a headline, not body text.

    Near-equal counts (og:title and the on-page headline often differ by a word or a quote
    mark), but only for a line that is not a sentence: a lede that restates the headline stays.
    """
    if not lines or not title:
        return lines
    from rapidfuzz import fuzz

    first, norm = _norm(lines[0]), _norm(title)
    if first == norm or (len(first) > 10 and norm.startswith(first)):
        return lines[1:]
    if not _is_sentence(lines[0]) and fuzz.ratio(first, norm) >= 85:
        return lines[1:]
    return lines


_SENTENCE_END = ('.', '!', '?', '"', '”', "'", '’', ':', ';', ')')
# This many lines in a row, each the whole text of a link, at the start or end of the body
# are a related-stories list the extractor let through.
_LINK_RUN = 2


def _is_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def _link_list_bounds(lines: list[str], tree) -> tuple[int, int]:
    """(head, tail): ``lines[head:tail]`` is the body without link runs at its start or end.

    A run of lines that are each a whole link's text, at the start or end of the body, is a
    related-stories list.

    The extractor has flattened the markup, so links are recognised by their text: a line equal
    to the text of an ``<a>`` in the page. A short heading right above such a run at the start
    ("More on this") goes with it. Inside the body, linked lines are left alone.
    """
    if len(lines) < _LINK_RUN + 1:
        return 0, len(lines)
    anchors: set[str] | None = None

    def is_link(line: str) -> bool:
        nonlocal anchors
        if _is_sentence(line) or len(line.split()) > 25:
            return False
        if anchors is None:
            anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
        return line in anchors

    start = 0
    if not is_link(lines[0]) and not _is_sentence(lines[0]) and len(lines[0].split()) <= 8:
        start = 1  # a heading over the list
    run = 0
    while start + run < len(lines) and is_link(lines[start + run]):
        run += 1
    head = start + run if run >= _LINK_RUN else 0
    run = 0
    while len(lines) - run - 1 > head and is_link(lines[len(lines) - run - 1]):
        run += 1
    tail = len(lines) - run if run >= _LINK_RUN else len(lines)
    return (head, tail) if head < tail else (0, len(lines))


def _drop_link_lists(lines: list[str], tree) -> list[str]:
    """Drop a run of lines that are each a whole link's text, at the start or end of the body
    (see :func:`_link_list_bounds`)."""
    head, tail = _link_list_bounds(lines, tree)
    return lines[head:tail]


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


# --------------------------------------------------------------------------- metadata


def page_metadata(tree, url: str | None) -> dict:
    """What the page declares about itself: title, date, author, site name, description, language, url."""
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    ld = _json_ld(tree)
    title = ld.get("headline") or metas.get("og:title") or metas.get("twitter:title")
    if not title:
        t = tree.find(".//title")
        title = _clean_title(t.text_content()) if t is not None else None
        if not title:
            h1 = tree.find(".//h1")
            title = " ".join(h1.text_content().split()) if h1 is not None else None
    author = ld.get("author") or metas.get("author") or metas.get("article:author") or metas.get("parsely-author") or metas.get("byl")
    if not author:
        author = _visible_author(tree)
    if author and author.lower().startswith("by "):
        author = author[3:]
    if author and author.startswith("http"):
        author = None  # Facebook profile URLs in article:author
    sitename = metas.get("og:site_name") or ld.get("publisher") or metas.get("application-name") or metas.get("twitter:site")
    if sitename and sitename.startswith("@"):
        sitename = sitename[1:]
    canonical = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href", "").startswith("http"):
            canonical = link.get("href").strip()
            break
    canonical = canonical or (metas.get("og:url") if metas.get("og:url", "").startswith("http") else None)
    lang = tree.get("lang") or tree.get("xml:lang") or metas.get("og:locale") or metas.get("content-language") or ld.get("inLanguage")
    if lang:
        lang = lang.replace("_", "-").split("-")[0].lower() or None
    return {
        "title": _tidy(title),
        "date": _find_date(tree, url, ld, metas),
        "author": _tidy(author),
        "sitename": _tidy(sitename),
        "description": _tidy(metas.get("description") or metas.get("og:description") or ld.get("description")),
        "language": lang,
        "url": canonical,
        "_article_body_words": len(_WORD.findall(ld.get("articleBody") or "")),
    }


_ISO_DATE = re.compile(r"(19|20)\d\d-[01]\d-[0-3]\d")


_AUTHOR_XPATH = etree.XPath('//*[@rel="author" or @itemprop="author"][position() <= 3]')


def _visible_author(tree) -> str | None:
    """A byline marked up for machines (``rel=author``, ``itemprop=author``) in the page body."""
    for el in _AUTHOR_XPATH(tree):
        name = el.find('.//*[@itemprop="name"]')
        text = " ".join((name if name is not None else el).text_content().split())
        if text.lower().startswith("by "):
            text = text[3:]
        if 1 < len(text) <= 60 and len(text.split()) <= 6 and not text.startswith("http"):
            return text
    return None


def _find_date(tree, url, ld, metas) -> str | None:
    from htmldate import find_date

    declared = ld.get("datePublished") or metas.get("article:published_time") or metas.get("datepublished")
    if declared and _ISO_DATE.match(declared):
        # What the page declares for machines is what htmldate would look at first anyway.
        return declared[:10]
    try:
        # original_date: the publication date, not the last modification.
        found = find_date(tree, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd markup; a missing date is not an error
        found = None
    if found:
        return found
    return None


_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "webpage", "report"}


def _json_ld(tree) -> dict:
    """The first article-like JSON-LD object, flattened to the strings we use."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            types = [types] if isinstance(types, str) else (types or [])
            if not any(str(t).lower() in _ARTICLE_TYPES for t in types):
                continue
            return {
                "headline": _ld_str(obj.get("headline") or obj.get("name")),
                "datePublished": _ld_str(obj.get("datePublished")),
                "author": _ld_name(obj.get("author")),
                "publisher": _ld_name(obj.get("publisher")),
                "description": _ld_str(obj.get("description")),
                "inLanguage": _ld_str(obj.get("inLanguage")),
                "articleBody": _ld_str(obj.get("articleBody")),
            }
    return {}


def _ld_objects(data):
    if isinstance(data, list):
        for d in data:
            yield from _ld_objects(d)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _ld_str(v) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    return v.strip() if isinstance(v, str) and v.strip() else None


def _ld_name(v) -> str | None:
    if isinstance(v, list):
        names = [_ld_name(x) for x in v]
        names = [n for n in names if n]
        return ", ".join(names) if names else None
    if isinstance(v, dict):
        return _ld_str(v.get("name"))
    return _ld_str(v)


def _clean_title(t: str) -> str | None:
    t = " ".join(t.split())
    # "Headline - Site Name" / "Headline | Site": keep the headline part.
    parts = re.split(r"\s+[|–—-]\s+", t)
    return parts[0] if parts and len(parts[0]) > 15 else (t or None)


def _tidy(v: str | None) -> str | None:
    if not v:
        return None
    # Sites double-escape their meta tags ("don&#39;t" arrives after lxml's own unescaping).
    v = " ".join(html_lib.unescape(str(v)).split())
    return v or None


# --------------------------------------------------------------------------- reader


def html_to_raw(html: str | bytes, source: str, kind: str, url: str | None = None, hints: dict | None = None) -> RawInput:
    """Extract a page into a RawInput: body in ``text``, metadata in ``metadata``, page in ``html``.

    ``hints`` (a feed entry's title, a WARC-Date, ...) fill metadata the page does not declare.
    """
    if isinstance(html, bytes):
        html = decode_html_bytes(html, source)
    try:
        page = extract_html(html, url)
    except NoArticleFound as exc:
        raise NoArticleFound(source, exc.reason) from None
    except UnreadableInput as exc:
        raise UnreadableInput(source, exc.reason) from None
    metadata = page.metadata()
    for key, value in (hints or {}).items():
        if value and not metadata.get(key):
            metadata[key] = value
    metadata["extractor"] = page.extractor
    raw_text = page.raw_text if page.raw_text is not None else page.text
    cuts = [Removal(start=a, end=b, reason=why, text=raw_text[a:b]) for a, b, why in page.cuts]
    return RawInput(source=source, kind=kind, text=raw_text, html=html, metadata=metadata, cuts=cuts)


@dataclass
class PendingPage:
    """An HTML page a reader has found, waiting for extraction.

    Readers yield these instead of extracting on the spot, so that :func:`iter_inputs` can run
    the extraction (the slow part of reading HTML) inline or in worker processes. ``hints``
    fill metadata the page does not declare; ``overrides`` replace it (a feed entry's own
    title and date, WARC record headers).
    """

    html: str
    source: str
    kind: str
    url: str | None = None
    hints: dict | None = None
    overrides: dict | None = None
    skip_checked: bool = False  # ReadOptions.skip_source already said no (an HTML file)

    def resolve(self) -> RawInput | Rejection:
        """Extract: a RawInput, or the Rejection saying why not. Never raises."""
        try:
            raw = html_to_raw(self.html, self.source, self.kind, url=self.url, hints=self.hints)
        except InputError as exc:
            return Rejection(source=exc.source, reason=exc.reason)
        except Exception as exc:  # an extractor bug must not end the batch
            return Rejection(source=self.source, reason=f"internal error: {type(exc).__name__}: {exc}")
        for key, value in (self.overrides or {}).items():
            if value:
                raw.metadata[key] = value
        return raw


def resolve_page(item):
    """Module-level, so worker processes can run it: extract a PendingPage, pass anything else."""
    return item.resolve() if isinstance(item, PendingPage) else item


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)


def decode_html_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode an HTML document: byte-order mark, valid UTF-8, the declared charset, detection.

    Valid UTF-8 wins over a declared charset because servers often send a default
    ``ISO-8859-1`` for UTF-8 pages, while legacy text is almost never valid UTF-8 by accident.
    As browsers do, ``iso-8859-1`` and ``ascii`` labels are read as ``windows-1252``.
    """
    from counterpoint.ingest.readers.text import _BOMS, decode_text

    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode_text(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for enc in (declared, _meta_charset(data)):
        if not enc:
            continue
        enc = _WINDOWS_1252_LABELS.get(enc.lower(), enc)
        try:
            if enc.lower().replace("_", "-") in ("utf-8", "utf8"):
                # Declared UTF-8 with a few broken bytes: keep the rest readable.
                return data.decode("utf-8", errors="replace")
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_text(data, source)


_WINDOWS_1252_LABELS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                        "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252"}


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def read_html_file(path: Path, options: ReadOptions, source: str | None = None) -> PendingPage:
    """Read one HTML file, to be extracted into a RawInput (text, metadata, the HTML itself)."""
    source = source or str(path)
    data = read_bounded(path, options.max_bytes, source)
    html = decode_html_bytes(data, source)
    return PendingPage(html=html, source=source, kind="html")


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption", "td", "th", "tr", "div", "section", "article", "br", "hr", "ul", "ol", "table"}


def fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment that *is* the article (a feed entry's content), one block per line.

    No boilerplate detection here: the publisher already chose this markup as the article.
    """
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(fragment.split())
    etree.strip_elements(root, *_NEVER_CONTENT, etree.Comment, with_tail=False)
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCKS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCKS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
