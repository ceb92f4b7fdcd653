"""Names shared by the generator, the load benchmark and the tests; free of Django on purpose."""

BENCH_PASSWORD = "bench-password-not-for-real-use"  # noqa: S105 - made-up practice only
USER_PREFIX = "gen-clinician-"
