from cakupan.jobs.tests import kinds  # noqa: F401  (registers the test job kinds)
