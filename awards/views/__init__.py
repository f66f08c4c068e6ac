"""Pages of the award workflow: the applicant's (applicant.py), the network's panels,
reviews and decisions (network.py), and the public list of awarded organisations (public.py)."""
