"""The members forms, one module per sub-domain (as in members/models/, members/services/ and
members/views/):

- people: signing up and a person's own profile
- networks: finding a network, its public profile and translations, adding members, and
  staff's network settings and coordinator invitations
- charter: signing the movement's documents, the signatories' list, and staff's versions
- affiliation: a group's affiliation application and staff's review of it
- lived_experience: Sanctuary Ambassadors and the Advisory Group
- thanks: the time given by people with lived experience, and the thanks owed
- partnerships: Sanctuary Partnership forums
- organisations: registering an organisation, contact requests and invitations, joining a
  group, and the approve-or-refuse decision
- estate: staff's import of the existing movement
- api_tokens: personal API tokens

Import from the module itself (`from members.forms.charter import SignForm`); this package
re-exports nothing.
"""
