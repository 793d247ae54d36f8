"""Events and the timeline: who did what to whom, when, where, in whose voice.

- :func:`counterpoint.events.extract.extract_events` — the events of one analysed article
  (PLOVER type and mode, actor, recipient, place, time, voice, negation, evidence spans).
- :func:`counterpoint.events.timeline.build_timeline` — one timeline for a story's articles,
  every source kept, disagreements on time, numbers and recipients flagged, no date invented.
- :func:`counterpoint.events.timeline.chart_data` — JSON for a timeline chart.

Editable data: ``counterpoint/data/plover.json`` (event types, modes, trigger words) and
``counterpoint/data/actors.json`` (actor types, known actors, countries). Add your own without
editing them: ``COUNTERPOINT_EVENT_TYPES=/path/types.json`` and
``COUNTERPOINT_ACTORS=/path/actors.json`` (same shapes; several paths separated by ``:``).
"""
