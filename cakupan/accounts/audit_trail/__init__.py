"""The audit trail's reading pages. They belong to accounts, not audit: which events a user may read follows
from the user's capability and region scope (accounts.access), and audit, below accounts in the layers of
issue 22, only records."""
