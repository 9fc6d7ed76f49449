"""The models of referrals."""
