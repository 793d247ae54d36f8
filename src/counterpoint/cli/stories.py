"""`counterpoint stories` (list, update, regroup) and `counterpoint story` (show, explain, move,
merge, split, and timeline when the events module provides it).

    counterpoint stories update                 group the articles not grouped yet
    counterpoint stories --since 2024-01-01 --outlet Reuters --entity Gaza
    counterpoint story explain s1a2b3           why these articles are together
    counterpoint story move ARTICLE --to STORY  a correction; it survives `stories regroup`
"""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from counterpoint.cli.common import JSON_OPTION, console, err_console, print_json, state

STORIES_HELP = (
    "List stories (one real-world event each): representative headline, time span, outlets, "
    "size. Filter by date, outlet, entity, or search the headlines.\n\n"
    "Examples:\n\n"
    "  counterpoint stories update\n\n"
    "  counterpoint stories --since 2024-05-01 --outlet Reuters\n\n"
    "  counterpoint stories --entity Gaza --json"
)


def _fail(exc: Exception) -> None:
    err_console.print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(code=2)


def _workspace(ctx: typer.Context):
    return state(ctx).workspace()


def _correct(correction, *args, as_json: bool) -> None:
    """Apply one user correction (move, merge, split) and report what changed."""
    from counterpoint.errors import UsageError

    try:
        changes = correction(*args)
    except UsageError as exc:
        _fail(exc)
    _report(changes, as_json)


def _update(ctx: typer.Context, as_json: bool, quiet: bool = False) -> None:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from counterpoint.errors import CounterpointError
    from counterpoint.stories.repository import StoryRepository
    from counterpoint.stories.service import update_stories

    ws = _workspace(ctx)
    total = len(StoryRepository(ws).ungrouped_ids())
    try:
        with Progress(TextColumn("grouping"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=err_console, disable=as_json or total == 0,
                      transient=True) as bar:
            task = bar.add_task("group", total=total)
            summary = update_stories(ws, progress=lambda n: bar.advance(task, n))
    except CounterpointError as exc:
        _fail(exc)
    data = {"grouped": summary.grouped, "new_stories": summary.new_stories,
            "joined": summary.joined, "wire_copies": summary.wire_copies,
            "consolidation_changes": summary.consolidation_changes}
    if quiet:
        if summary.grouped:
            err_console.print(f"grouped {summary.grouped} new articles first")
        return
    if as_json:
        print_json(data)
    elif summary.grouped == 0:
        console.print("nothing to group: every article is in a story")
    else:
        console.print(
            f"grouped {summary.grouped} articles: {summary.new_stories} new stories, "
            f"{summary.joined} joined existing ones ({summary.wire_copies} wire copies), "
            f"{summary.consolidation_changes} consolidation changes"
        )


def register(app: typer.Typer) -> None:
    stories_app = typer.Typer(help=STORIES_HELP, invoke_without_command=True,
                              no_args_is_help=False, rich_markup_mode="rich")
    story_app = typer.Typer(help="One story: show the comparison, explain the grouping, correct it.",
                            no_args_is_help=True, rich_markup_mode="rich")

    @stories_app.callback(invoke_without_command=True)
    def stories_list(
        ctx: typer.Context,
        since: str = typer.Option(None, "--since", help="Stories still running on/after this ISO date."),
        until: str = typer.Option(None, "--until", help="Stories started on/before this ISO date."),
        outlet: str = typer.Option(None, "--outlet", help="Only stories an outlet (name contains) covered."),
        entity: str = typer.Option(None, "--entity", help="Only stories whose shared names include this."),
        search: str = typer.Option(None, "--search", help="Words in a member's headline."),
        min_size: int = typer.Option(1, "--min-size", help="Only stories of at least this many articles."),
        limit: int = typer.Option(50, "--limit", help="At most this many stories."),
        no_update: bool = typer.Option(
            False, "--no-update", help="List as grouped so far; do not group new articles first."),
        as_json: bool = JSON_OPTION,
    ):
        if ctx.invoked_subcommand is not None:
            return
        from counterpoint.stories.repository import StoryRepository

        repo = StoryRepository(_workspace(ctx))
        if not no_update and repo.ungrouped_ids():
            # New articles since the last grouping: group them first, so that `ingest` then
            # `stories` shows every article in a story.
            _update(ctx, as_json, quiet=True)
        found = repo.list_stories(since=since, until=until, outlet=outlet, entity=entity,
                                  search=search, min_size=min_size, limit=limit)
        if as_json:
            print_json([s.model_dump(mode="json", exclude={"article_ids"}) for s in found])
            return
        if not found:
            console.print("no stories (group the workspace with `counterpoint stories update`)")
            return
        table = Table(show_lines=False)
        for col in ("story", "headline", "dates", "outlets", "size"):
            table.add_column(col, overflow="fold")
        for s in found:
            span = s.first_date or "undated"
            if s.last_date and s.last_date != s.first_date:
                span = f"{s.first_date} → {s.last_date}"
            table.add_row(s.id, escape(s.headline or "(no headline)"), span,
                          escape(", ".join(s.outlets) or "?"), str(s.size))
        console.print(table)

    @stories_app.command("update")
    def stories_update(ctx: typer.Context, as_json: bool = JSON_OPTION):
        """Group the articles that are not in a story yet (new ones join or start stories)."""
        _update(ctx, as_json)

    @stories_app.command("regroup")
    def stories_regroup(ctx: typer.Context, as_json: bool = JSON_OPTION):
        """Group every article again from scratch; user corrections are replayed after."""
        from counterpoint.stories.service import regroup

        summary = regroup(_workspace(ctx))
        data = {"grouped": summary.grouped, "stories": len(summary.touched),
                "consolidation_changes": summary.consolidation_changes}
        print_json(data) if as_json else console.print(
            f"regrouped {summary.grouped} articles into {len(summary.touched)} stories; "
            "corrections replayed")

    @app.command("group")
    def group_cmd(ctx: typer.Context, as_json: bool = JSON_OPTION):
        """Same as `stories update`: group the articles not grouped yet."""
        _update(ctx, as_json)

    @story_app.command("show")
    def story_show(
        ctx: typer.Context,
        story_id: str = typer.Argument(..., help="Story id or a unique prefix."),
        as_json: bool = JSON_OPTION,
    ):
        """The comparison of the story's articles (shared facts, omissions, contradictions...)."""
        ws = _workspace(ctx)
        story = ws.get_story(story_id)
        if story is None:
            _fail(LookupError(f"no story {story_id!r} (list them with `counterpoint stories`)"))
        try:
            from counterpoint.compare.story import compare_story
        except ImportError:
            compare_story = None
        if compare_story is None:
            if as_json:
                print_json(story.model_dump(mode="json"))
            else:
                console.print(f"[bold]{escape(story.headline or story.id)}[/bold] ({story.size} articles)")
                console.print("the comparison is not available in this build")
            return
        comparison = compare_story(ws, story.id)
        if as_json:
            from counterpoint.render.schema import to_json_data

            print_json(to_json_data(comparison))
        else:
            from counterpoint.render.terminal import render_terminal

            render_terminal(comparison, console)

    @story_app.command("explain")
    def story_explain(
        ctx: typer.Context,
        story_id: str = typer.Argument(..., help="Story id or a unique prefix."),
        as_json: bool = JSON_OPTION,
    ):
        """Why these articles are together: shared names and places, time, similarity, and the
        decision that brought each article in."""
        from counterpoint.errors import UsageError
        from counterpoint.stories.service import explain_story

        try:
            ex = explain_story(_workspace(ctx), story_id)
        except UsageError as exc:
            _fail(exc)
        if as_json:
            print_json(ex)
            return
        t = ex["time"]
        console.print(f"[bold]story {ex['story']}[/bold]: {ex['size']} articles")
        when = t["first"] or "no usable date"
        if t["last"] and t["last"] != t["first"]:
            when += f" → {t['last']} ({t['span_days']} days)"
        if t["undated"]:
            when += f"; {t['undated']} undated (placed by content and arrival order)"
        console.print(f"time: {when}")
        names = ", ".join(f"{n['name']} ({n['articles']})" for n in ex["shared_names"]) or "none"
        console.print(f"shared names: {escape(names)}")
        if ex["shared_places"]:
            console.print(f"shared places: {escape(', '.join(ex['shared_places']))}")
        sim = ex["similarity"]
        if sim["pairs"]:
            console.print(f"similarity of headline + lead: mean {sim['mean']}, lowest {sim['min']}; "
                          f"word overlap (TF-IDF cosine) mean {sim['lexical_mean']}")
        table = Table()
        for col in ("article", "outlet", "date", "headline", "why"):
            table.add_column(col, overflow="fold")
        for m in ex["members"]:
            d = m["decision"] or {}
            why = m["reason"]
            if d.get("evidence"):
                e = d["evidence"][0]
                why = (f"{m['reason']} (score {d.get('score')}): like {e['article'][:10]}, "
                       f"similarity {e['similarity']}, words {e['lexical']}"
                       + (f", shares {', '.join(e['shared_names'][:4])}" if e["shared_names"] else "")
                       + (f", {e['days_apart']} days apart" if e["days_apart"] is not None else ""))
            elif m["reason"] == "new":
                why = "first report: started the story"
            for note in d.get("notes", []):
                why += f"; {note}"
            table.add_row(m["article"][:10], escape(m["outlet"] or "?"), m["date"] or "undated",
                          escape(m["headline"] or ""), escape(why))
        console.print(table)

    @story_app.command("move")
    def story_move(
        ctx: typer.Context,
        article: str = typer.Argument(..., help="Article id or prefix."),
        to: str = typer.Option(..., "--to", help="The story it belongs to."),
        as_json: bool = JSON_OPTION,
    ):
        """Move an article to another story (kept across regrouping)."""
        from counterpoint.stories.service import move_article

        _correct(move_article, _workspace(ctx), article, to, as_json=as_json)

    @story_app.command("merge")
    def story_merge(
        ctx: typer.Context,
        a: str = typer.Argument(..., help="Story that keeps its id."),
        b: str = typer.Argument(..., help="Story merged into it."),
        as_json: bool = JSON_OPTION,
    ):
        """Merge two stories into one (kept across regrouping)."""
        from counterpoint.stories.service import merge_stories

        _correct(merge_stories, _workspace(ctx), a, b, as_json=as_json)

    @story_app.command("split")
    def story_split(
        ctx: typer.Context,
        story: str = typer.Argument(..., help="The story to split."),
        articles: list[str] = typer.Argument(..., help="Articles that leave it, together."),
        as_json: bool = JSON_OPTION,
    ):
        """Split articles off a story into a story of their own (kept across regrouping)."""
        from counterpoint.stories.service import split_story

        _correct(split_story, _workspace(ctx), story, articles, as_json=as_json)

    try:  # `story timeline ID`, from the events module when it is there
        from counterpoint.cli import timeline as _timeline

        _timeline.register(story_app)
    except ImportError:  # pragma: no cover - depends on the build
        pass

    app.add_typer(stories_app, name="stories")
    app.add_typer(story_app, name="story")


def _report(changes, as_json: bool) -> None:
    data = [{"action": c.action, "story": c.story_id, "from": c.other_story_id,
             "articles": c.article_ids} for c in changes]
    if as_json:
        print_json(data)
        return
    if not changes:
        console.print("nothing changed (the correction is recorded and already in force)")
    for c in changes:
        console.print(f"{c.action}: {len(c.article_ids)} article(s) {c.other_story_id} → {c.story_id}")
