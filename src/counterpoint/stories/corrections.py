"""User corrections — move, merge, split — stated so that they survive regrouping.

A story id is only a name for a set of articles, and regrouping may rebuild every set. So a
correction is stored on *articles*: the articles it acts on and "anchor" articles that stood for
the target story when the user made it. Replaying the corrections in order on any grouping
reproduces the user's intent:

* ``move``: the articles go to the story that now holds the first anchor still present (a new
  story when none is);
* ``merge``: the stories holding the anchors become one (the first anchor's story keeps its id);
* ``split``: the articles leave their story together, into a story of their own.

Replaying is idempotent: a correction already in force changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counterpoint.stories.grouping import Grouper, story_id_for

ACTIONS = ("move", "merge", "split")


@dataclass
class Correction:
    action: str
    article_ids: list[str]
    anchor_ids: list[str] = field(default_factory=list)
    id: int | None = None
    note: str | None = None

    def __post_init__(self):
        if self.action not in ACTIONS:
            raise ValueError(f"unknown correction {self.action!r}; expected one of {ACTIONS}")


@dataclass
class Change:
    """One membership change, for the grouping log."""

    action: str
    story_id: str
    other_story_id: str | None
    article_ids: list[str]
    detail: dict = field(default_factory=dict)


def apply(grouper: Grouper, corr: Correction) -> list[Change]:
    """Apply one correction to ``grouper``'s memberships; return what changed."""
    present = [a for a in corr.article_ids if a in grouper.story_of]
    changes: list[Change] = []
    if corr.action == "move":
        anchor = next((a for a in corr.anchor_ids if a in grouper.story_of), None)
        if anchor is None and not present:
            return []
        target = grouper.story_of[anchor] if anchor else story_id_for(f"move:{corr.id}:{present[0]}")
        for aid in present:
            old = grouper.story_of[aid]
            if old != target:
                grouper.move(aid, target)
                changes.append(Change("move", target, old, [aid], {"correction": corr.id}))
    elif corr.action == "merge":
        stories = []
        for a in corr.anchor_ids:
            sid = grouper.story_of.get(a)
            if sid and sid not in stories:
                stories.append(sid)
        if len(stories) < 2:
            return []
        target = stories[0]
        for other in stories[1:]:
            members = list(grouper.stories[other].members)
            for aid in members:
                grouper.move(aid, target)
            changes.append(Change("merge", target, other, members, {"correction": corr.id}))
    elif corr.action == "split":
        if not present:
            return []
        # Its own id space ("split:"), so it can never collide with a story some article
        # founded, and the same on every replay.
        new = story_id_for(f"split:{corr.id}:{present[0]}")
        current = grouper.story_of[present[0]]
        if all(grouper.story_of[a] == current for a in present) and len(
            grouper.stories[current].members
        ) == len(present):
            return []  # already a story of their own
        for aid in present:
            old = grouper.story_of[aid]
            if old != new:
                grouper.move(aid, new)
                changes.append(Change("split", new, old, [aid], {"correction": corr.id}))
    return changes


def replay(grouper: Grouper, corrections: list[Correction]) -> list[Change]:
    """Apply every correction in order (oldest first)."""
    changes: list[Change] = []
    for corr in corrections:
        changes.extend(apply(grouper, corr))
    return changes


def pinned_articles(corrections: list[Correction]) -> set[str]:
    """Articles a user has placed by hand: consolidation leaves their stories' edges alone."""
    out: set[str] = set()
    for c in corrections:
        out.update(c.article_ids)
        out.update(c.anchor_ids)
    return out
