"""The Django-free core: region codes, periods (`YYYY-MM`), problems, rounding (`round2`), header names,
cells, value parsing and NIK detection, each defined once here, which every app and every importer
(aggregate files through `cakupan.imports`, participant files through `cakupan.analytics`) shares.

Nothing here imports Django or any other `cakupan` package: messages are marked with `N_` and translated
by the caller (`Translate`), so the engine and the web pages give the same reasons in the same words."""
