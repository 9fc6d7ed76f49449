"""The employer's own network: hubs, referrals and partners, follow and job alerts.

Each part is a Django app of its own (docs/decisions/0005-community-sub-apps.md).
"""
