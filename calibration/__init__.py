"""Calibration against Eurostat (issue 4). Holds the Eurostat extracts the model uses."""
