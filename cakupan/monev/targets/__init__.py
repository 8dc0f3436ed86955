"""Targets and commitments: a commitment is a target (`indicators.Target`, the one register of targets) with
an owner, agreed at a Monev meeting (`CommitmentSource`); `commitments` measures each against its figures:
models, services, selectors, forms, views, API operation and download rows."""
