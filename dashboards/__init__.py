"""The council-workshop dashboard (issue 5)."""
