"""schemathesis against the app's own OpenAPI schema: no server errors, responses as documented.

Each operation gets generated requests (valid and invalid parameters); ``call_and_validate``
runs schemathesis's checks (no 5xx, status codes, content types and bodies as the schema says).
"""

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.slow
EXAMPLES = 25


def test_api_conforms_to_its_schema(seeds_app, story_id):
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeds_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    statuses: dict[str, set[int]] = {}
    for operation, mode in [(op, mode) for op in operations for mode in
                            (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)]:
        # Every check for valid requests; for invalid ones, only "no server error" (an invalid
        # request may legitimately be refused in ways the schema does not enumerate).
        checks = {} if mode == schemathesis.GenerationMode.POSITIVE else {"checks": [not_a_server_error]}
        try:
            _run(operation, mode, checks, statuses)
        except Unsatisfiable:
            # No invalid request exists for an operation without parameters (GET /api/v1).
            assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
    assert len(statuses) == len(operations)
    assert all(code < 500 for codes in statuses.values() for code in codes), statuses
    # The generator reached real answers, not only refusals.
    assert 200 in statuses["GET /api/v1/articles"] and 422 in statuses["GET /api/v1/articles"]
    assert statuses["POST /api/v1/ingest/text"] <= {400, 401, 403, 413, 422}


def _run(operation, mode, checks: dict, statuses: dict) -> None:
    @given(case=operation.as_strategy(mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate(**checks)
        statuses.setdefault(operation.label, set()).add(response.status_code)

    run()
