"""The region picker (form fields, widget and its type-ahead endpoint). It offers only the regions a user
may pick for a capability (accounts.access), so it sits in accounts, above regions, in the layers of
issue 22. Its templates and static files keep their names under `regions/` (cakupan/regions/templates,
cakupan/regions/static), and its URLs their namespace `regions`."""
