"""The data behind cleaning: furniture, caption, byline and dateline patterns.

Split out of :mod:`counterpoint.ingest.clean` so that the rules read as data: to teach the
cleaner a new kind of furniture, add a pattern here (and a case to ``tests/clean``), not code.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- patterns
# Each furniture pattern is (regex over the *normalised* line, max words). The regex must match
# the whole normalised line (re.fullmatch); the word limit keeps sentences out of reach. Lines
# that read as sentences (5+ words ending in . ! ?) are tested only against the patterns before
# the SENTENCE_SAFE_END marker, which are anchored on the words a call to action starts with.

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DATE = (
    rf"(?:(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}))"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[a-z]{2,4}(?:[+-]\d{1,2})?\)?)?)"
_DATE_LINE = re.compile(
    rf"(?:(?:first\s+)?(?:published|updated|posted|last updated|modified|date)(?:\s+on)?\s*:?\s*)?"
    rf"(?:{_TIME}\s*,?\s*)?{_DATE}(?:\s*(?:,|at|\||-|–|—|/)?\s*{_TIME})?"
    rf"(?:\s*(?:\||,|-|–|—|/|•|·)?\s*(?:(?:last\s+)?updated|modified)\s*:?\s*"
    rf"(?:(?:{_DATE}|{_TIME})\s*(?:,|at)?\s*)+)?",
    re.IGNORECASE,
)

SENTENCE_SAFE_END = ("", 0)  # marker in FURNITURE_PATTERNS, removed at import
FURNITURE_PATTERNS: list[tuple[str, int]] = [
    # ad labels and page chrome
    (
        (
            r"(?:advertisement|advertising|advert|ad|ads|sponsored(?: content)?|promoted(?: content)?"
            r"|paid (?:post|content)|partner content|story continues below(?: advertisement)?"
            r"|article continues (?:below|after (?:this )?advertisement)|scroll to continue"
            r"(?: with content)?)"
        ),
        6,
    ),
    (
        (
            r"(?:share|share this|share (?:this|the) (?:article|story|post|page|video)|share (?:on|via) (?:facebook|twitter|x|whatsapp|e-?mail|linkedin|reddit|telegram|messenger)"
            r"|tweet|email|e-mail|print|copy link|copy the link|link copied|whatsapp|facebook|twitter|x"
            r"|linkedin|reddit|pinterest|telegram|flipboard|comments?|\d+ comments?|(?:show|view|load)"
            r" comments|leave a (?:comment|reply)|post a comment|reply|report|save|saved|bookmark"
            r"|listen(?: to (?:this )?(?:article|story))?(?: \d+ min(?:ute)?s?)?|\d+ min(?:ute)?s? read"
            r"|reading time:? ?\d+ ?min(?:ute)?s?|font size|text size|gift (?:this )?article|give this article"
            r"|skip to (?:main )?content|skip navigation|menu|search|close|back to top|top|home|next"
            r"|previous|prev|next (?:article|story)|previous (?:article|story)|loading(?:\.\.\.|…)?|play(?: video)?"
            r"|watch(?: video| now)?|video|photos?|gallery|(?:view|open) gallery|expand|enlarge(?: this"
            r" image)?|(?:toggle|hide|show) caption|image \d+ of \d+|\d+ of \d+|sections?|topics?|tags?"
            r"|tags?:.*|filed under:?.*|topics?:.*|categories:?.*|trending|opinion|analysis|breaking"
            r"|breaking news|live|live updates|exclusive|world|news|politics|middle east|more|see more"
            r"|all comments|show (?:new |all |more )?comments(?: \(\d+\))?|hide comments?|join (?:the )?"
            r"discussion|want to join the discussion\??|tell us what you think.*|feel free to contribute!?"
            r"|sorry!?|back to (?:gallery|article|story|home)|site (?:mobile )?navigation|watch more!?(?: \(\w+\))?|story highlights?.*"
     r"|this (?:article|story) is more than \d+ (?:\w+ )?(?:years?|months?|days?) old|print this (?:article|page)|email this (?:article|page)|updated|image|caption"
            r"|\d+ ?(?:of ?)?/ ?\d+|explore further|user comments|comment on this (?:story|article)"
            r"|comments powered by \w+|most (?:read|popular|viewed|shared) (?:in|on|from) [\w ]+"
            r"|\d+ (?:thoughts|comments|responses|replies) (?:on|to) [\"“'‘].*)"
        ),
        12,
    ),
    # links to other articles
    (
        (
            r"(?:read more|read more:.*|more:.*|related:.*|related(?: articles| stories| content"
            r"| coverage| news| topics)?|see also:?.*|also read:?.*|read also:?.*|recommended(?: for you"
            r"| stories| articles)?|most (?:read|popular|viewed|shared)(?: stories| articles)?"
            r"|trending(?: now| stories)?|top stories|latest(?: news| stories| articles)?"
            r"|you (?:may|might) (?:also )?(?:like|be interested in).*|editor'?s picks?"
            r"|continue reading.*|click here.*|watch:.*|listen:.*|see more:.*|also: .*|must read:.*"
            r"|more (?:coverage|reading|news|stories|from us):.*)"
        ),
        25,
    ),
    # calls to action that may be phrased as sentences: anchored at the start of the line
    (
        (
            r"(?:subscribe|sign up|signup|sign in|log ?in|register)(?: (?:now|today|here|for free|free))?"
            r"(?: (?:to|for|with) (?:the |our )?[\w.'’ -]{1,40})?"
        ),
        6,
    ),
    (
        (
            r"(?:subscribe|sign up|signup|register)\b.*\b(?:newsletters?|inbox|alerts|briefing|digest"
            r"|free trial|unlimited access|our (?:free )?\w+|youtube|channel|podcast)\b.*"
        ),
        30,
    ),
    (r"follow (?:[\w'’.]+ ){0,3}(?:full |live |latest |complete )?coverage\b.*", 30),
    (
        (
            r"if you (?:enjoyed|liked|value|appreciate|found) (?:this|our) (?:article|story|reporting"
            r"|journalism|content|work)\b.*"
        ),
        60,
    ),
    # affiliate disclosures
    (
        (
            r"(?:if you (?:buy|purchase) (?:something|anything|a product)|we may (?:earn|receive)"
            r" (?:a )?(?:commission|compensation)|this (?:post|article|page) (?:contains|may"
            r" contain) affiliate)\b.*"
        ),
        40,
    ),
    # AP wire slug: "BC-EU--Britain-Brexit-Election, 1st Ld-Writethru"
    (r"bc-[a-z]{2,}-.*", 12),
    # table rules left by text extraction: "|---|---|"
    (r"[|:\-+= ]*[-=]{3,}[|:\-+= ]*", 40),
    (r"(?:click(?:ing)? here|tap here)\b.*", 25),
    (
        (
            r"follow [\w .'’&-]{1,40} on (?:twitter|x|facebook|instagram|linkedin|youtube|tiktok|threads"
            r"|telegram|whatsapp)\b.*"
        ),
        20,
    ),
    (
        (
            r"(?:there was an error|an error occurred) (?:processing|with) your (?:subscription|request"
            r"|sign-?up).*"
        ),
        12,
    ),
    (
        (
            r".*\[(?:video|pictures|photos|insight|reaction|analysis|latest|poll|revealed|live|map"
            r"|gallery)\][ |]*"
        ),
        30,
    ),
    (
        (
            r"(?:join (?:our|the|us)|get (?:our|the)"
            r" .*(?:newsletter|app|briefing|alerts?)|download (?:our|the)|follow (?:us|our|the)"
            r"|like us|already (?:a )?(?:subscriber|registered|have an account)|support (?:our|independent"
            r"|quality) journalism|become a (?:member|subscriber|supporter)|to (?:continue|keep) reading"
            r"|unlock|try .* free|start (?:your )?free trial|create (?:a )?(?:free )?account"
            r"|enter your email|your email address|thank you for (?:reading|subscribing|visiting|signing"
            r" up)|thanks for (?:reading|subscribing|signing up)|have a (?:news )?tip|got a (?:news )?tip"
            r"|send us (?:a|your) tip|contact (?:us|the author)|report an? (?:error|correction|typo)"
            r"|we use cookies|this (?:web)?site uses cookies|by (?:continuing|using)(?: to (?:use|browse))?"
            r" (?:this|our) (?:site|website)|accept(?: all)? cookies|(?:manage|cookie|privacy)"
            r" (?:settings|preferences|policy|choices)|your privacy|we value your privacy|we care about"
            r" your privacy|this content is (?:not available|blocked)|please (?:enable|disable|turn on)"
            r" (?:javascript|cookies|your ad ?blocker)|you (?:have|'ve) (?:reached|read) .* (?:free )?"
            r"articles?|get unlimited access|for (?:unlimited|full|premium) access"
            r"|©|\(c\) ?\d{4}|copyright (?:©\s*|\(c\)\s*)?(?:\d{4}|\w[\w.&' -]{0,40}?\s\d{4})\b"
            r"|all rights reserved|this (?:material|article) may not be"
            r" (?:published|reproduced)).*"
        ),
        40,
    ),
    # --- after this marker: short labels only, never a line that reads as a sentence
    SENTENCE_SAFE_END,
    (
        (
            r"(?:more (?:from|on|in|stories|news) .*|don'?t miss.*|learn more.*|what to read next.*"
            r"|in other news.*)"
        ),
        25,
    ),
    (r".*\b(?:your inbox|click(?:ing)? here|get (?:\w+ ){1,3}on the go)\b.*", 20),
    (
        (
            r".*\b(?:all rights reserved|newsletter|subscribe now|subscribers? only|premium"
            r" (?:content|article)|for subscribers|sign up now|free newsletter)\b.*"
        ),
        10,
    ),
    (r".*\b(?:store|shop|merchandise|marketplace|classifieds|obituaries|crosswords?|podcasts?)",
     4),
]
_SENTENCE_SAFE_UNTIL = FURNITURE_PATTERNS.index(SENTENCE_SAFE_END)
del FURNITURE_PATTERNS[_SENTENCE_SAFE_UNTIL]
_FURNITURE = [(re.compile(p, re.IGNORECASE), n) for p, n in FURNITURE_PATTERNS]


def _combined(patterns: list[tuple[str, int]]) -> re.Pattern:
    """One regex trying every pattern (named p0, p1, ...): one call per line instead of many."""
    return re.compile("|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(patterns)), re.IGNORECASE)


_ANY_FURNITURE = _combined(FURNITURE_PATTERNS)
_ANY_SENTENCE_SAFE = _combined(FURNITURE_PATTERNS[:_SENTENCE_SAFE_UNTIL])

_CAPTION_PATTERNS = [
    # "Photo: ...", "Image caption, ...", "Credit: Reuters", "FILE PHOTO: ..."
    re.compile(
        r"\(?(?:file )?(?:photo(?:graph)?|image|picture|pic|illustration|graphic|video"
        r"|credit|photo credit|image credit|image source|caption|image caption|media caption"
        r"|source)s?\s*(?:[:：|,]|by\b|courtesy\b).*",
        re.IGNORECASE,
    ),
    # a line that ends with a bracketed credit: "... in Jenin. (Photo: Reuters)"
    re.compile(
        r".*[(\[]\s*(?:[\w.]+\s+){0,3}(?:photo(?:graph)?s?|images?|pictures?|credit|illustration)"
        r"\b[^()\[\]]{0,100}[)\]]\s*",
        re.IGNORECASE,
    ),
    # "installation views, photos © Inexhibit, 2018"
    re.compile(r".{0,120}\b(?:photos?|images?|pictures?|photography)\s*(?:©|\(c\)|copyright\b).*", re.IGNORECASE),
    # BBC and NPR player/caption furniture
    re.compile(
        r"(?:media playback is unsupported on your device|enlarge this image|toggle caption"
        r"|image copyright|getty images image caption)\b.*",
        re.IGNORECASE,
    ),
    # "... April 10, 2020. (Dado Ruvic/Reuters)", "(MSNBC via YouTube)", "James Martin/CNET"
    re.compile(
        r".*\((?:[A-Z][\w.'’-]*\s?)+(?:/|\svia\s)\s?(?:[A-Z][\w.'’&-]*\s?)+\)\s*"
        r"|(?:[A-Z][\w.'’-]+\s){1,3}?[A-Z][\w.'’-]+/[A-Z][\w.&'’ -]{1,30}"
    ),
    # USA Today's video blurb: "CLOSE The former mayor was named ..."
    re.compile(r"CLOSE\s+[A-Z].*"),
    # agency/photographer credits: "REUTERS/Mohamad Torokman", "AP Photo/Majdi Mohammed"
    re.compile(
        r"(?:\w+\s+)?(?:reuters|ap|afp|epa(?:-efe)?|getty images?|xinhua|anadolu(?: agency)?"
        r"|flash ?90|gpo|shutterstock|alamy|bloomberg|sipa|zuma|wafa|ap photo|afp photo|afp via"
        r" getty images)(?:\s+photo)?(?:\s*/\s*[\w .'’-]+)*\s*",
        re.IGNORECASE,
    ),
]

# names are matched case-sensitively: "By noon crowds gathered" names nobody
_BYLINE = re.compile(
    r"(?i:by|written by|words by|story by|text by)\s+"
    r"(?P<name>[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|del|van|von|al|bin|da|le|la|and|&)){0,8})"
    r"(?P<tail>\s*(?:[,|/–—-]|\bin\b)\s*[^.!?]{0,60})?"
)
_CREDITS = re.compile(
    r"\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|research|produced|translated)"
    r"\s+by\b[^\n]{0,200}",
    re.IGNORECASE,
)
# "Robert Burns, AP National Security Writer", "Jane Doe, Senior Correspondent"
_ROLE_BYLINE = re.compile(
    r"(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}),\s*(?:the\s+)?(?:[A-Z][\w.&]*\s+){0,5}"
    r"(?i:writer|correspondent|reporter|editor|contributor|columnist|staff)s?"
)
# "Hannah Gardner" on a line of its own, above an affiliation line ("USA TODAY")
_NAME_LINE = re.compile(
    r"[A-Z][a-z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|van|von|al|bin|and|&)){1,7}|"
    r"[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][\w'’\-]+(?:,\s+[A-Z][a-z]+\s+[A-Z][\w'’\-]+)*"
)
_AFFILIATION = re.compile(
    r"(?:special to |for )?(?:the )?(?:[A-Z][\w.&'’-]*\s?){1,5}"
    r"|(?:[A-Z][\w.&'’-]*\s){0,3}(?i:bureau|contributor|correspondent|staff writer|network)"
    r"|(?i:opinion contributor|special to [\w .]+)"
)
_STAFF_BYLINE = re.compile(
    r"(?:by |from )?(?:staff|wire|news|agency) (?:reports?|writers?|services|reporters?)", re.IGNORECASE
)
_NOT_A_NAME = re.compile(rf"(?:{_WEEKDAY}|{_MONTH}|then|now|the|this|that|then|contrast|far)$", re.IGNORECASE)

# "JERUSALEM (Reuters) - ", "GAZA CITY, Jan 27 (Reuters) -", "RAMALLAH, West Bank (AP) — "
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’\-]{2,}(?:[ /]+[A-Z][A-Z.'’\-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,2})?)"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&/-]{0,30})\)\s*)?"
    r"(?P<sep>[-–—]{1,2}|:)\s+(?=[A-Z\"“‘'])"
)
# "Dekalb, Ill. — ", "Washington, D.C. – ": a title-case place needs the abbreviation and a dash
_DATELINE_TITLE = re.compile(
    r"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s+(?P<region>[A-Z][a-z]{0,4}\.(?:\s?[A-Z]\.)?)"
    r"\s+(?P<sep>[—–]|--)\s+(?=[A-Z\"“‘'])"
)
_DATELINE_AGENCY = re.compile(
    r"(?P<place>[A-Z][\w.'’\-]+(?:[ ,]+[A-Z][\w.'’\-]+){0,3})"
    r"(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*\((?P<agency>Reuters|AP|AFP|Xinhua|WAFA|JTA|TPS|JNS|Anadolu|dpa|UPI|Bloomberg|CNN)\)"
    r"\s*(?P<sep>[-–—]{1,2}|:)?\s+"
)

# A name's hover card flattened into the sentence (The Hill): after a mention of a person comes
# their full name, then the headlines of related stories, then "MORE":
#   "President Trump Donald John TrumpTrump says Chuck Todd should be fired ... MORE's address"
#   "Leader Mitch McConnell Addison (Mitch) Mitchell McConnellGOP senators balk ... MORE (R-Ky.)"
# The card repeats the mention's last word as its own last name (glued to the first headline or
# not), which is what keeps ordinary prose out of reach; it never spans a line break.
_NAME_WORD = r"(?:[A-Z][\w.'’\-]*|\([A-Z][\w.'’\-]*\))"
LINK_CARD = re.compile(
    r"(?<![\w'’\-])(?P<sur>[A-Z][\w'’\-]+)"
    rf"(?P<card>\s*(?:{_NAME_WORD}\s+){{1,5}}(?P=sur)(?=[\s\"'“‘A-Z0-9])"
    r"[^\n]{10,1200}?\sMORE)(?=[\s.,;:!?)'’\"”]|$)"
)
