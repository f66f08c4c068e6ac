"""Pages of the award workflow: the applicant's (applicant.py), awards held (held.py), the
network's award home, scheme and criteria (network.py), one application as its panel sees it
(panel.py), reminders (reminders.py), and the public list and verification (public.py)."""
