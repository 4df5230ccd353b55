"""Scenario batches, sensitivity analysis and experiment files (issue 3)."""
