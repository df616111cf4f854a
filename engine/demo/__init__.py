"""Demo data: a seeded generator of realistic Mexican person records for the national source."""
