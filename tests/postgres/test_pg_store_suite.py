"""The store engineer's workspace tests (tests/store), run on SQLite *and* PostgreSQL.

They are imported, not copied: every test here takes the ``ws`` fixture, which conftest.py
parametrises over both backends. Tests that inspect SQLite itself (WAL, PRAGMAs, the file)
stay in tests/store only.
"""

from test_store_workspace import (  # noqa: F401 - collected by pytest from this module
    test_a_failed_batch_leaves_nothing_behind,
    test_add_articles_is_idempotent_and_round_trips_every_field,
    test_ambiguous_prefix_is_a_usage_error,
    test_analysis_and_float16_vectors_round_trip,
    test_commit_batch_marks_sources_and_rejections_together,
    test_list_filters_and_orders_by_date,
    test_near_duplicate_links_are_symmetric,
    test_search_ranks_and_gives_offsets,
    test_text_holding_a_marker_character_gets_no_offsets_rather_than_wrong_ones,
)
