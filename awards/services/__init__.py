"""Every write of the award workflow, one module per sub-domain.

Each function takes the acting person as `actor`, runs in one transaction inside the scope of
the application's network, writes the activity log inside it, and sends e-mails only after the
transaction commits. Every change of an application's state goes through
set_application_state(), every change of an award's through set_award_state().
"""
