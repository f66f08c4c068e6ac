"""The members pages, one module per sub-domain (as in members/models/ and members/services/):

- people: the dashboard, the profile, an organisation's page, the language switch
- networks: the directory, a network's public profile and its management pages
- charter: the movement's documents, signing and signatories, and staff's document pages
- affiliation: a group's affiliation application and staff's review of it
- lived_experience: Sanctuary Ambassadors and the Advisory Group
- partnerships: Sanctuary Partnership forums
- api_tokens: personal API tokens
- staff: the staff overview across networks and the activity log

Import from the module itself (`from members.views.charter import SignView`); this package
re-exports nothing.
"""
