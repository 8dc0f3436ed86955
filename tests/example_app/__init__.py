"""The example app of docs/architecture.md: a feature app that adds, each in the files the document names,
an indicator field, a dataset, a scorecard aspect and a report section.
It lives under tests/ — installed only while pytest runs (cakupan/settings.py), never in the wheel."""
