"""The region picker (form fields, widget and its type-ahead endpoint). It offers only the regions a user
may pick for a capability (accounts.access), so it sits in accounts, above regions, in the layers of
issue 22. Its templates and static files are accounts' (`accounts/region_picker/` under
cakupan/accounts/templates and cakupan/accounts/static) and its test is
cakupan/accounts/tests/test_region_picker.py; its URLs keep their namespace `regions`."""
