"""Site furniture that HTML extractors let through: whole lines a reader never wants.

These rules act on the lines of an *extracted* HTML body (one paragraph per line), where a
line that is only "Advertisement" or "Read more: ..." is page furniture, not article text.
They are generic news-site conventions, not rules for particular sites. Plain-text debris
(seed 000's "Jerusalem Post Store", code tails) is the cleaning stage's job
(``counterpoint.ingest.clean``), which also records what it removes.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# A whole line that is a label, a button or a call to action.
_LABEL = re.compile(
    r"""^\W*(
        advertisement|advert|ad|sponsored(\ content)?|paid\ content|story\ continues\ below(\ advertisement)?
      | continue\ reading(\ (below|the\ main\ story))?|scroll\ (down\ )?to\ continue(\ reading)?
      | share|share\ this(\ (article|story|post|page))?|share\ on\ \w+|tweet|email|e-mail|print|copy\ link
      | click\ to\ tweet|close|skip\ (ad|advertisement)|show\ (more|less)|load\ more|more\ stories
      | comments?|\d+\s+comments?|no\ comments(\ yet)?|comments\ are\ closed\.?|view\ comments
      | (leave|post|add|write)\ a\ (comment|reply)|tell\ us\ what\ you\ think.*|join\ the\ (conversation|discussion)
      | related|related\ (articles?|stories|posts|coverage|content|links|topics|reading)|recommended(\ for\ you)?
      | (you\ )?(may|might)\ also\ (like|be\ interested\ in)|most\ (read|popular|viewed|shared)|trending(\ now)?
      | read\ (more|next)|see\ (more|also)|more\ on\ this(\ story)?|don'?t\ miss|also\ read|top\ stories
      | (image|photo|video)\ (source|caption|copyright)|watch|listen|play\ video|tags?|topics?|filed\ under
      | follow\ us(\ on\ .*)?|back\ to\ top|cookies?\ (policy|settings)|accept(\ all)?\ cookies
    )\W*$""",
    _I | re.VERBOSE,
)
# "Read more: <headline>" and friends: a label, a colon, then a link's text.
_LABELLED_LINK = re.compile(
    r"^\W*(read\ (more|also|next)|see\ (more|also)|related|more|also\ read|don'?t\ miss|watch|listen"
    r"|recommended|trending|must\ read|editor'?s\ picks?|more\ from\ [\w .]+)\s*[:|»>-]\s+\S",
    _I | re.VERBOSE,
)
# Tabloid related-link lines end with a bracketed tag: "... jibe [INSIGHT]".
_LINK_TAG = re.compile(r"\[(video|pictures|photos|insight|reaction|analysis|latest|poll|revealed|live|map|gallery)\]\W*$", _I)
# Leaked CMS shortcodes: "[button link=...]Send us YOUR kit review[/button]".
_SHORTCODE = re.compile(r"^\[[a-z_]+\b[^\]]*\].*\[/[a-z_]+\]\s*$", _I)
# Calls to subscribe, sign up or click, in a short line.
# The verb must be there: an article may well mention "the newsletter" or "subscribers".
_CALL = re.compile(r"\b(subscribe|sign\ up|click\ here|download\ (our|the)\ app|get\ the\ .{0,30}\ app)\b", _I | re.VERBOSE)
_CALL_CONTEXT = re.compile(r"\b(inbox|newsletters?|today|here|our|app|for\ more|unlimited\ access|delivered|free\ trial)\b", _I | re.VERBOSE)
# Credits and copyright notices.
_CREDIT = re.compile(r"^\W*(©|\(c\)\s|copyright\b|all rights reserved|(photo|image|picture|video)s?\s*(credit|courtesy)?\s*[:©]|credit:)", _I)
# Inside a short line only unmistakable marks count ("The copyright case was dismissed" stays).
_COPY_INLINE = re.compile(r"(©|\ball rights reserved\b|\bgetty images\b|\bap photo\b|\breuters/)", _I)
# Time stamps: "Updated at 1:23 p.m.", "Published: 18 Nov 2019".
# The label then only a date or time: "Published in 1998, the novel sold..." is a sentence.
_STAMP = re.compile(
    r"^\W*(updated|published|posted|last\ (updated|modified)|first\ published)\b(\ (on|at))?\s*:?\s*(?=[^\n]*\d)[\w\ ,.:/+|-]{0,40}$",
    _I | re.VERBOSE,
)
_NOT_A_STAMP = re.compile(r"\b(the|a|an|was|is|were|has|had|will)\b", _I)
# "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube": a plea to follow, not news.
_FOLLOW = re.compile(r"^\W*follow(?![-\w]).{0,60}\bon\s+(twitter|facebook|instagram|youtube|tiktok|linkedin|x|threads|bluesky|telegram)\b", _I)
# The footer WordPress appends to every feed entry.
_FEED_FOOTER = re.compile(r"^The post .{1,300} appeared first on .{1,120}$", _I)
# Trailing button text glued to a sentence: "...progress.Click To Tweet".
_TRAILING_BUTTONS = ("click to tweet", "tweet this", "share this quote")


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture rather than article text."""
    s = line.strip()
    if not s:
        return True
    words = len(s.split())
    if _LABEL.match(s) or _SHORTCODE.match(s) or _FEED_FOOTER.match(s):
        return True
    if words <= 25 and (_LABELLED_LINK.match(s) or _LINK_TAG.search(s)):
        return True
    if words <= 20 and _FOLLOW.match(s):
        return True
    if words <= 25 and _CALL.search(s) and _CALL_CONTEXT.search(s):
        return True
    if words <= 15 and (_CREDIT.match(s) or _COPY_INLINE.search(s)):
        return True
    return bool(words <= 10 and _STAMP.match(s) and not _NOT_A_STAMP.search(s))


def strip_furniture(lines: list[str]) -> list[str]:
    """Drop furniture lines and trailing button text; keep the order of the rest."""
    out = []
    for line in lines:
        line = cut_trailing_button(line)
        if not is_furniture(line):
            out.append(line)
    return out


def cut_trailing_button(line: str) -> str:
    """``line`` without button text glued to its end ("...progress.Click To Tweet")."""
    stripped = line.rstrip()
    tail = stripped[-20:].lower()
    for button in _TRAILING_BUTTONS:
        if tail.endswith(button):
            return stripped[: len(stripped) - len(button)].rstrip()
    return line
